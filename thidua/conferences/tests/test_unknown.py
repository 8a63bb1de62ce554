"""Unknown is a value (issue 12 item 2): a conference's date, place, chair and secretary may be unknown;
the forms and the API take them empty, the pages and the minutes say "chưa rõ" and invent nothing."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from thidua.blocks.models import BlockYear
from thidua.conferences import services
from thidua.conferences.documents import minutes_docx
from thidua.conferences.effects import conference_date
from thidua.conferences.models import Conference, ConferenceKind
from thidua.conferences.tests.helpers import delegate, option_for
from thidua.reports.news import build_article

pytestmark = pytest.mark.django_db


def _unknown(w, **values) -> Conference:
    values.setdefault("kind", ConferenceKind.SUMMARY)
    return services.create_conference(
        actor=w.user("board"),
        block_year=w.block_year,
        starts_at=None,
        place="",
        chair="",
        secretary="",
        **values,
    )


def test_the_form_takes_an_unknown_date_place_chair_and_secretary(world, login) -> None:
    w = world
    response = login(w.user("leader")).post(
        reverse("conferences:year", args=[w.block.pk, 2024]),
        {
            "kind": "summary",
            "title": "",
            "starts_at": "",
            "place": "",
            "chair": "",
            "secretary": "",
            "quorum_rule": "at_least:2/3",
            "max_proxies_per_holder": 1,
        },
    )
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert conference.starts_at is None and conference.place == conference.chair == conference.secretary == ""
    assert conference.minutes_copies == 2
    page = login(w.user("observer")).get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Ngày chưa rõ" in page or "ngày chưa rõ" in page
    assert "Địa điểm chưa rõ" in page or "địa điểm chưa rõ" in page
    assert "Chủ trì: chưa rõ" in page and "Thư ký: chưa rõ" in page


def test_the_api_takes_nulls_and_blanks(world) -> None:
    w = world
    client = APIClient()
    client.force_authenticate(w.user("board"))
    created = client.post(
        "/api/v1/conferences/",
        {"block_year": w.block_year.pk, "kind": "summary", "starts_at": None, "place": "", "chair": ""},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["starts_at"] is None and body["place"] == "" and body["secretary"] == ""
    assert body["minutes_copies"] == 2
    changed = client.patch(f"/api/v1/conferences/{body['id']}/", {"minutes_copies": 4}, format="json")
    assert changed.status_code == 200 and changed.json()["minutes_copies"] == 4
    assert changed.json()["minutes_number"] == ""
    closed = client.post(f"/api/v1/conferences/{body['id']}/close/")
    assert closed.status_code == 200 and closed.json()["minutes_number"] == "Số: 01/BB-KTĐ"


def test_undated_conferences_come_last_in_the_year(world, login) -> None:
    w = world
    undated = _unknown(w, title="Hội nghị chưa rõ ngày")
    dated = services.create_conference(
        actor=w.user("board"),
        block_year=w.block_year,
        kind=ConferenceKind.PREPARATORY,
        starts_at=timezone.make_aware(datetime.datetime(2024, 12, 10, 8, 0)),
        place="Hội trường",
        chair="Nguyễn Văn A",
        secretary="Lê Thị B",
    )
    assert list(Conference.objects.filter(block_year=w.block_year)) == [dated, undated]
    page = (
        login(w.user("observer")).get(reverse("conferences:year", args=[w.block.pk, 2024])).content.decode()
    )
    assert page.index(dated.title) < page.index(undated.title)
    assert "ngày chưa rõ" in page.lower()


def test_minutes_of_an_undated_conference_say_unknown_and_an_election_still_works(world) -> None:
    w = world
    conference = services.start_conference(actor=w.user("board"), conference=_unknown(w))
    for participant in conference.participants.all():
        services.check_in(actor=w.user("board"), participant=participant)
    board = w.user("board")
    poll = services.create_poll(actor=board, conference=conference, kind="leader")
    services.open_poll(actor=board, poll=poll)
    for voter in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, voter), choice=[option_for(poll, w.deputy_unit)]
        )
    services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=poll))
    next_year = BlockYear.objects.get(block=w.block, year=2025)
    assert "chưa rõ" in next_year.note and conference_date(conference) == "chưa rõ"
    conference = services.close_conference(actor=board, conference=conference)
    document = docx.Document(io.BytesIO(minutes_docx(conference)))
    text = "\n".join(p.text for p in document.paragraphs)
    for line in ("Thời gian: chưa rõ.", "Địa điểm: chưa rõ.", "Chủ trì: chưa rõ.", "Thư ký: chưa rõ."):
        assert line in text
    # The number and the date of the minutes are those given at close; nothing else is made up.
    header = [cell.text.strip() for cell in document.tables[0]._cells]
    assert header[2] == "Số: 01/BB-KTĐ"
    assert "Biên bản được lập thành 02 bản" in text


def test_the_news_draft_of_an_undated_conference_leaves_out_date_and_place(world) -> None:
    w = world
    article = build_article(_unknown(w))
    lead = article.paragraphs[0]
    assert lead.startswith(w.block.name) and "ngày" not in lead.split(w.block.name)[0] and "tại" not in lead
