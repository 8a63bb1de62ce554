"""Issue 15 item 2: a quorum and a passing threshold are chosen in words ("quá 1/2", "từ 2/3 trở lên",
"100 %") and stored as the exact fraction; no rule code is shown on the conference pages."""

from __future__ import annotations

import re

from django.urls import reverse

from thidua.conferences import services
from thidua.conferences.models import Conference, Poll
from thidua.conferences.tests.helpers import make_conference


def _selected(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]+)"[^>]*selected>([^<]*)<', select.group(0))
    assert chosen, name
    return f"{chosen.group(1)}|{chosen.group(2)}"


def test_the_new_conference_offers_the_quorum_in_words_with_the_usual_one_chosen(world, login) -> None:
    w = world
    page = login(w.user("leader")).get(reverse("conferences:year", args=[w.block.pk, 2024])).content.decode()
    assert "tử số" not in page and "mẫu số" not in page and "so sánh" not in page
    assert _selected(page, "quorum_rule") == "at_least:2/3|Từ 2/3 trở lên — mức thường dùng"
    assert "Quá 1/2 (trên 50 %)" in page and "100 % (tất cả)" in page


def test_the_chosen_quorum_is_stored_as_the_fraction(world, login) -> None:
    w = world
    response = login(w.user("leader")).post(
        reverse("conferences:year", args=[w.block.pk, 2024]),
        {"kind": "summary", "quorum_rule": "more_than:1/2", "max_proxies_per_holder": 1},
    )
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert (conference.quorum_comparison, conference.quorum_numerator, conference.quorum_denominator) == (
        "more_than",
        1,
        2,
    )


def test_a_share_not_in_the_list_is_refused_and_nothing_is_created(world, login) -> None:
    w = world
    response = login(w.user("leader")).post(
        reverse("conferences:year", args=[w.block.pk, 2024]),
        {"kind": "summary", "quorum_rule": "at_least:5/3", "max_proxies_per_holder": 1},
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Conference.objects.exists()


def test_editing_keeps_a_share_set_through_the_api(world, login) -> None:
    w = world
    conference = make_conference(w, start=False)
    services.update_conference(
        actor=w.user("board"), conference=conference, quorum_numerator=3, quorum_denominator=5
    )
    client = login(w.user("leader"))
    page = client.get(reverse("conferences:edit", args=[conference.pk])).content.decode()
    assert _selected(page, "quorum_rule") == "at_least:3/5|Từ 3/5 trở lên"


def test_a_poll_is_created_with_a_threshold_in_words(world, login) -> None:
    w = world
    conference = make_conference(w)
    client = login(w.user("leader"))
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert _selected(page, "poll-threshold_rule") == "more_than:1/2|Quá 1/2 (trên 50 %) — mức thường dùng"
    response = client.post(
        reverse("conferences:add_poll", args=[conference.pk]),
        {
            "poll-kind": "question",
            "poll-mode": "secret",
            "poll-title": "Thông qua báo cáo",
            "poll-threshold_rule": "at_least:2/3",
            "poll-threshold_base": "present",
            "poll-yes_answers": "yes",
            "poll-allow_self_vote": "on",
            "poll-tie_break": "score",
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/polls/{poll.pk}/")
    assert (poll.threshold_comparison, poll.threshold_numerator, poll.threshold_denominator) == (
        "at_least",
        2,
        3,
    )
    page = client.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert "Thông qua khi đạt từ 2/3 số đại biểu có mặt trở lên." in page
    assert _selected(page, "threshold_rule") == "at_least:2/3|Từ 2/3 trở lên"
    response = client.post(
        reverse("conferences:poll_settings", args=[poll.pk]),
        {
            "mode": "secret",
            "title": "Thông qua báo cáo",
            "max_choices": 1,
            "ranks_to_fill": 1,
            "threshold_rule": "at_least:1/1",
            "threshold_base": "entitled",
            "yes_answers": "yes",
            "tie_break": "score",
        },
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert (poll.threshold_comparison, poll.threshold_numerator, poll.threshold_denominator) == (
        "at_least",
        1,
        1,
    )


def test_no_rule_code_on_the_conference_pages(world, login) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    for unit in (w.leader_unit, w.deputy_unit):
        services.check_in(actor=w.user("board"), participant=conference.participants.get(unit=unit))
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind="question")
    services.open_poll(actor=w.user("board"), poll=poll)
    client = login(w.user("leader"))
    for url in (
        reverse("conferences:detail", args=[conference.pk]),
        reverse("conferences:poll", args=[poll.pk]),
    ):
        page = client.get(url).content.decode()
        assert not re.search(r"R-[A-Z]+-\d", page), url
    page = client.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert "khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP" in page
