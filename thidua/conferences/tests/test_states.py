"""Issue 15 item 8: names on the roll that are still stand-ins are flagged before the conference
starts, the officer is told who has not checked in before a vote opens and confirms it, and every
action ends with a message saying what happened."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.conferences import services
from thidua.conferences.models import Conference, ConferenceStatus, Participant, Poll, PollStatus
from thidua.conferences.tests.helpers import delegate, make_conference


def _messages(response) -> list[str]:
    """The messages this request added (not those left unread by earlier redirects)."""
    storage: Any = get_messages(response.wsgi_request)
    return [str(m) for m in storage._queued_messages]


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("Đại biểu Sở Tài chính", True),
        ("Đại biểu 1", True),
        ("dai bieu so noi vu", True),
        ("", True),
        ("   ", True),
        ("test", True),
        ("Nguyễn Test", True),
        ("Người thử nghiệm", True),
        ("Nguyễn Văn 2", True),
        ("Nguyễn", True),
        ("???", True),
        ("Nguyễn Văn An", False),
        ("Lê Thị Thu", False),
        ("Trần Đại Nghĩa", False),
    ],
)
def test_placeholder_names(world, name, flagged) -> None:
    participant = Participant(full_name=name, unit=world.leader_unit)
    assert (services.placeholder_reason(participant) is not None) == flagged


def test_a_name_equal_to_the_unit_is_a_stand_in(world) -> None:
    assert services.placeholder_reason(Participant(full_name="Sở Tài chính", unit=world.leader_unit))


def test_the_seeded_roll_is_flagged_before_the_start_and_the_start_asks_to_confirm(world, login) -> None:
    w = world
    conference = make_conference(w, start=False)
    client = login(w.user("leader"))
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "3 tên trong danh sách đại biểu chưa phải họ tên thật:" in page
    assert "Đại biểu Sở Tài chính (Sở Tài chính): tên tạm thay cho đại biểu của đơn vị" in page
    assert page.count("chưa phải tên thật</span>") == 3
    assert "Vẫn khai mạc hội nghị?" in page

    # Without the confirmation (or with a list that has changed since): nothing starts, the names are said.
    response = client.post(reverse("conferences:start", args=[conference.pk]))
    assert Conference.objects.get(pk=conference.pk).status == ConferenceStatus.PLANNED
    (message,) = _messages(response)
    assert message.startswith("Chưa khai mạc: 3 tên trong danh sách vẫn chưa phải tên thật (")
    assert "Đại biểu Sở Tài chính" in message

    # Writing a real name takes it off the list.
    leader = delegate(conference, w.leader_unit)
    response = client.post(
        reverse("conferences:rename_participant", args=[leader.pk]),
        {"full_name": "  Nguyễn   Văn An ", "position": "Phó Giám đốc"},
    )
    assert _messages(response) == ["Đã đổi tên trong danh sách: Đại biểu Sở Tài chính thành Nguyễn Văn An."]
    leader.refresh_from_db()
    assert (leader.full_name, leader.position) == ("Nguyễn Văn An", "Phó Giám đốc")
    left = [p for p, _reason in services.placeholder_names(conference)]
    assert len(left) == 2
    response = client.post(
        reverse("conferences:start", args=[conference.pk]),
        {"confirm_names": ",".join(str(p.pk) for p in [*left, leader])},
    )
    assert Conference.objects.get(pk=conference.pk).status == ConferenceStatus.PLANNED

    response = client.post(
        reverse("conferences:start", args=[conference.pk]),
        {"confirm_names": services.roll_ids(left)},
    )
    assert Conference.objects.get(pk=conference.pk).status == ConferenceStatus.IN_SESSION
    (message,) = _messages(response)
    assert message.startswith("Hội nghị đã khai mạc lúc ")


def test_an_empty_name_is_refused(world, login) -> None:
    w = world
    conference = make_conference(w, start=False)
    leader = delegate(conference, w.leader_unit)
    response = login(w.user("leader")).post(
        reverse("conferences:rename_participant", args=[leader.pk]), {"full_name": "  "}
    )
    assert _messages(response) == ["Hãy nhập họ tên người dự."]
    assert Participant.objects.get(pk=leader.pk).full_name == "Đại biểu Sở Tài chính"


def test_before_a_vote_opens_the_officer_is_told_who_has_not_checked_in(world, login) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    board = w.user("board")
    for unit in (w.leader_unit, w.deputy_unit):
        services.check_in(actor=board, participant=delegate(conference, unit))
    poll = services.create_poll(actor=board, conference=conference, kind="question")
    absent = delegate(conference, w.member_unit)
    client = login(w.user("leader"))
    page = client.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert "1 đại biểu có quyền biểu quyết chưa điểm danh và sẽ không bỏ phiếu" in page
    assert f"<li>{absent.full_name} ({w.member_unit})</li>" in page
    assert "Vẫn mở bỏ phiếu khi vắng các đại biểu này?" in page

    response = client.post(reverse("conferences:poll_open", args=[poll.pk]))
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.DRAFT
    (message,) = _messages(response)
    assert message.startswith("Chưa mở bỏ phiếu: 1 đại biểu có quyền biểu quyết chưa điểm danh (")
    assert absent.full_name in message

    response = client.post(
        reverse("conferences:poll_open", args=[poll.pk]), {"confirm_absent": str(absent.pk)}
    )
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
    (message,) = _messages(response)
    assert message.startswith(f"Đã mở bỏ phiếu “{poll.title}” cho 3 đại biểu.")


def test_a_confirmation_made_stale_by_a_check_in_is_asked_again(world, login) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    board = w.user("board")
    for unit in (w.leader_unit, w.deputy_unit):
        services.check_in(actor=board, participant=delegate(conference, unit))
    poll = services.create_poll(actor=board, conference=conference, kind="question")
    seen = services.roll_ids(services.quorum_status(conference).absent)
    # The officer saw one absent; meanwhile a check-in was undone, so two are absent now.
    services.check_in(actor=board, participant=delegate(conference, w.deputy_unit), present=False)
    response = login(w.user("leader")).post(
        reverse("conferences:poll_open", args=[poll.pk]), {"confirm_absent": seen}
    )
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.DRAFT
    assert "Chưa mở bỏ phiếu" in _messages(response)[0]


def test_check_in_says_what_happened_in_the_swapped_row(world, login) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    participant = delegate(conference, w.member_unit)
    client = login(w.user("leader"))
    url = reverse("conferences:check_in", args=[participant.pk])
    body = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="roll-messages" aria-live="polite" hx-swap-oob="true"' in body
    assert f"{participant.full_name} đã điểm danh lúc " in body
    # The message was shown in the row's swap, so the next page does not show it again.
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "đã điểm danh lúc" not in page
    response = client.post(reverse("conferences:undo_check_in", args=[participant.pk]))
    assert _messages(response) == [f"Đã hủy điểm danh của {participant.full_name}: vắng mặt."]


def test_each_step_of_a_vote_ends_with_a_message(world, login) -> None:
    w = world
    conference = make_conference(w)
    client = login(w.user("leader"))

    def post(url, data=None) -> str:
        response = client.post(url, data or {})
        assert response.status_code == 302
        (message,) = _messages(response)
        return message

    created = post(
        reverse("conferences:add_poll", args=[conference.pk]),
        {
            "poll-kind": "question",
            "poll-mode": "secret",
            "poll-title": "Thông qua báo cáo",
            "poll-threshold_rule": "more_than:1/2",
            "poll-threshold_base": "entitled",
            "poll-yes_answers": "yes",
            "poll-tie_break": "score",
        },
    )
    assert (
        created
        == "Đã tạo cuộc biểu quyết “Thông qua báo cáo” ở dạng dự thảo: kiểm tra cách tính, rồi mở bỏ phiếu."
    )
    poll = Poll.objects.get()
    action = lambda name: reverse(f"conferences:poll_{name}", args=[poll.pk])  # noqa: E731
    assert post(action("open")).startswith("Đã mở bỏ phiếu “Thông qua báo cáo” cho 3 đại biểu.")
    option = poll.options.get().pk
    services.cast_ballot(
        poll=poll, participant=delegate(conference, w.leader_unit), choice={str(option): "Y"}
    )
    assert post(action("close")) == (
        "Đã kết thúc bỏ phiếu “Thông qua báo cáo” và kiểm 1 phiếu. Hãy kiểm tra kết quả rồi công bố."
    )
    assert post(action("publish")) == (
        "Đã công bố kết quả “Thông qua báo cáo”: đại biểu và màn chiếu đã thấy kết quả."
    )
    closed = post(reverse("conferences:close", args=[conference.pk]))
    assert closed.startswith("Hội nghị đã bế mạc lúc ") and "Biên bản (" in closed


def test_the_conference_follows_its_transitions_table(world) -> None:
    """Each transition leaves only from the states of `CONFERENCE_TRANSITIONS`; asked again once there,
    it changes nothing; a closed conference is not opened again."""
    w = world
    board = w.user("board")
    assert services.CONFERENCE_TRANSITIONS["start"][1] == {ConferenceStatus.PLANNED}
    conference = make_conference(w, start=False)
    started = services.start_conference(actor=board, conference=conference)
    assert started.status == ConferenceStatus.IN_SESSION
    assert services.start_conference(actor=board, conference=started).opened_at == started.opened_at
    closed = services.close_conference(actor=board, conference=started)
    assert closed.status == ConferenceStatus.CLOSED
    assert services.close_conference(actor=board, conference=closed).closed_at == closed.closed_at
    with pytest.raises(ValidationError, match="không khai mạc lại được"):
        services.start_conference(actor=board, conference=closed)
    assert Conference.objects.get(pk=conference.pk).status == ConferenceStatus.CLOSED
