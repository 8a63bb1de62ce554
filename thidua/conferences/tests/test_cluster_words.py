"""Clusters speak as clusters (issue 12 item 5): for a cụm, the polls, conference pages, minutes,
news and summary report, the next year's note and the API say Cụm trưởng, Cụm phó, never Khối trưởng."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.blocks.models import BlockKind, BlockYear, StandingSource
from thidua.blocks.services import record_standings
from thidua.conferences import services
from thidua.conferences.documents import minutes_docx
from thidua.conferences.models import Conference, PollKind, poll_kind_label
from thidua.conferences.tests.helpers import delegate, make_conference, option_for
from thidua.reports import news

BLOCK_WORDS = ("Khối trưởng", "Khối phó", "Trưởng khối", "Phó khối")


@pytest.fixture
def cluster(world):
    """The persona world with block A made a cluster (cụm)."""
    world.block.kind = BlockKind.CLUSTER
    world.block.name = "Cụm thi đua số 1"
    world.block.save()
    return world


def _no_block_words(text: str) -> None:
    for word in BLOCK_WORDS:
        assert word not in text, word


def _conference(w):
    conference = make_conference(w)
    # The helper's agenda is typed text about a block; a cluster's officer types its own.
    Conference.objects.filter(pk=conference.pk).update(agenda="Báo cáo tổng kết\nBầu Cụm trưởng, Cụm phó")
    conference.refresh_from_db()
    return conference


def _elect(w, conference, kind, unit):
    board = w.user("board")
    poll = services.create_poll(actor=board, conference=conference, kind=kind)
    services.open_poll(actor=board, poll=poll)
    for voter in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, voter), choice=[option_for(poll, unit)]
        )
    return services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=poll))


def _texts(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_poll_titles_and_kinds_say_cum(cluster) -> None:
    w = cluster
    conference = _conference(w)
    leader = services.create_poll(actor=w.user("board"), conference=conference, kind=PollKind.LEADER)
    deputy = services.create_poll(actor=w.user("board"), conference=conference, kind=PollKind.DEPUTY)
    assert leader.title == "Bầu Cụm trưởng năm 2025"
    assert deputy.title == "Bầu Cụm phó năm 2025"
    assert leader.kind_label == "Bầu Cụm trưởng năm sau"
    assert deputy.kind_label == "Bầu Cụm phó năm sau"
    # A block keeps its own words.
    assert poll_kind_label(PollKind.LEADER, BlockKind.BLOCK) == "Bầu Khối trưởng năm sau"
    assert services.polls.default_title(PollKind.LEADER, 2024) == "Bầu Khối trưởng năm 2025"


def test_conference_and_poll_pages_say_cum(cluster, login) -> None:
    w = cluster
    conference = _conference(w)
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind=PollKind.LEADER)
    client = login(w.user("board"))
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Bầu Cụm trưởng năm sau" in page  # the poll form's kinds
    assert "Bầu Cụm trưởng năm 2025" in page
    _no_block_words(page)
    page = client.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert "Bầu Cụm trưởng năm sau" in page
    _no_block_words(page)
    page = client.get(reverse("conferences:report", args=[conference.pk])).content.decode()
    assert "Cụm trưởng" in page
    _no_block_words(page)
    for name, args in (
        ("conferences:year", [w.block.pk, 2024]),
        ("conferences:recorded_minutes", [w.block.pk, 2024]),
        ("conferences:projector", [conference.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        _no_block_words(response.content.decode())


def test_election_note_minutes_and_news_say_cum(cluster, login) -> None:
    w = cluster
    conference = _conference(w)
    _elect(w, conference, PollKind.LEADER, w.deputy_unit)
    _elect(w, conference, PollKind.DEPUTY, w.member_unit)
    next_year = BlockYear.objects.get(block=w.block, year=2025)
    assert next_year.note.startswith("Cụm trưởng được bầu tại")
    text = _texts(minutes_docx(conference))
    assert "Bầu Cụm trưởng năm 2025" in text and "Bầu Cụm phó năm 2025" in text
    _no_block_words(text)
    article = news.article_text(conference)
    assert "là Cụm trưởng" in article and "là Cụm phó Cụm thi đua năm 2025" in article
    assert "(Cụm trưởng năm 2024)" in article
    _no_block_words(article)


def test_summary_report_says_cum(cluster, login) -> None:
    w = cluster
    record_standings(
        actor=w.user("board"),
        block_year=w.block_year,
        ranks=[(w.member_unit, 1), (w.leader_unit, 2)],
        source=StandingSource.CONFERENCE,
    )
    response = login(w.user("board")).get(f"/reports/blocks/{w.block.pk}/2024/summary.docx")
    text = _texts(response.content)
    assert "do Sở Tài chính làm Cụm trưởng" in text and "Cụm trưởng viết" in text
    assert "dẫn đầu phong trào thi đua Cụm năm 2024" in text
    _no_block_words(text)


def test_api_labels_say_cum(cluster) -> None:
    w = cluster
    conference = _conference(w)
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind=PollKind.DEPUTY)
    client = APIClient()
    client.force_authenticate(w.user("board"))
    data = client.get(f"/api/v1/polls/{poll.pk}/").json()
    assert data["kind"] == "deputy" and data["kind_label"] == "Bầu Cụm phó năm sau"
    assert data["title"] == "Bầu Cụm phó năm 2025"
    block = client.get(f"/api/v1/blocks/{w.block.pk}/").json()
    assert (block["leader_title"], block["deputy_title"], block["word"]) == (
        "Cụm trưởng",
        "Cụm phó",
        "cụm thi đua",
    )
    other = client.get(f"/api/v1/blocks/{w.block_b.pk}/").json()
    assert (other["leader_title"], other["deputy_title"], other["word"]) == (
        "Khối trưởng",
        "Khối phó",
        "khối thi đua",
    )
    year = client.get(f"/api/v1/block-years/{w.block_year.pk}/").json()
    labels = {m["code"]: m["role_label"] for m in year["members"]}
    assert labels == {"SO-TC": "Cụm trưởng", "VP-UB": "Cụm phó", "SO-NV": "Thành viên"}
