"""The demo replays the seed articles' conferences: votes, standings and next years' leadership."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from thidua.accounts.models import User
from thidua.blocks.models import BlockYear, Standing, StandingSource
from thidua.conferences.models import AwardCandidate, Conference, Poll, PollStatus
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the module-scoped demo)


def _standings(block_code: str, year: int) -> list[tuple[int, str]]:
    rows = Standing.objects.filter(block_year__block__code=block_code, block_year__year=year).select_related(
        "unit"
    )
    return sorted((s.rank, s.unit.code) for s in rows)


def test_seed_000_vote_honours_the_three_units_of_the_article(demo) -> None:  # noqa: F811
    assert _standings("NT-KDANG", 2022) == [(1, "NT-BTC"), (2, "NT-BTG"), (3, "NT-BDV")]
    standing = Standing.objects.get(block_year__block__code="NT-KDANG", rank=1)
    assert standing.source == StandingSource.CONFERENCE
    conference = Conference.objects.get(block_year__block__code="NT-KDANG")
    assert conference.starts_at is not None and conference.starts_at.date().isoformat() == "2022-12-27"
    # Closed on the article's day, not the day the demo was loaded (issue 15 item 10).
    for closed in Conference.objects.filter(closed_at__isnull=False):
        assert timezone.localdate(closed.closed_at) == timezone.localdate(closed.starts_at), closed.title
    assert conference.participants.filter(full_name="Trần Văn Võ Thịnh", weight=0).exists()


@pytest.mark.parametrize(
    ("block", "year", "leader", "deputy"),
    [("QNA-KDANG", 2022, "QNA-TCT", "QNA-UBKT"), ("S2-KTMTH", 2024, "S2-STC", "S2-VPUB")],
)
def test_elections_create_next_years_block_year(demo, block, year, leader, deputy) -> None:  # noqa: F811
    block_year = BlockYear.objects.with_members().get(block__code=block, year=year)
    assert block_year.leader is not None and block_year.leader.code == leader
    assert [u.code for u in block_year.deputies] == [deputy]
    previous = Conference.objects.get(block_year__block__code=block, block_year__year=year - 1)
    assert previous.title in block_year.note


def test_seed_002_report_comments_and_approval(demo) -> None:  # noqa: F811
    conference = Conference.objects.get(block_year__block__code="S2-KTMTH", block_year__year=2023)
    statuses = sorted(c.status for s in conference.report_sections.all() for c in s.comments.all())
    assert statuses == ["accepted", "rejected"]
    approval = conference.polls.get(kind="question")
    assert approval.outcome is not None and approval.outcome.options[0].verdict.passed
    assert _standings("S2-KTMTH", 2023)[0] == (1, "S2-STC")


def test_every_replayed_result_recounts_and_a_planned_conference_waits(demo) -> None:  # noqa: F811
    out = io.StringIO()
    call_command("recount", stdout=out)
    assert out.getvalue().count("agrees") == Poll.objects.filter(status=PollStatus.PUBLISHED).count() == 10
    planned = Conference.objects.get(block_year__block__code="S2-KTMTH", block_year__year=2025)
    assert planned.status == "planned"
    assert set(planned.polls.values_list("status", flat=True)) == {"draft"}


def test_seed_proposals_are_approved_candidates(demo) -> None:  # noqa: F811

    found = sorted(
        (c.block_year.block.code, c.award_type.code, c.unit.code if c.unit else "")
        for c in AwardCandidate.objects.select_related("block_year__block", "award_type", "unit")
    )
    assert found == [
        ("QNA-KDANG", "CO_TD_CP", "QNA-VPTU"),
        ("QNA-KDANG", "CO_TD_TINH", "QNA-BTC"),
        ("S2-KTMTH", "BK_TINH", "S2-SKHDT"),
        ("S2-KTMTH", "BK_TINH", "S2-VPUB"),
        ("S2-KTMTH", "CO_TD_CP", "S2-STC"),
    ]


def test_minutes_of_a_party_block_carry_the_party_header(demo, client) -> None:  # noqa: F811
    import docx

    conference = Conference.objects.get(block_year__block__code="NT-KDANG")
    client.force_login(User.objects.get(username="quansat"))
    response = client.get(f"/conferences/c/{conference.pk}/minutes.docx")
    document = docx.Document(io.BytesIO(response.content))
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    text = " ".join(p.text for p in document.paragraphs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells and "CỘNG HÒA" not in cells
    assert "Nha Trang, ngày 27 tháng 12 năm 2022" in cells
    assert "Trần Văn Võ Thịnh" in text and "Ban Tổ chức Thành ủy Nha Trang" in cells


def test_a_cluster_recorded_from_paper_minutes(demo) -> None:  # noqa: F811
    """issue 12: a cluster's 2020 recorded from minutes (leader unknown), electing 2021's leader and two
    ordered deputies."""
    past = BlockYear.objects.with_members().get(block__code="DEMO-CUM-BAC", year=2020)
    assert past.leader is None
    assert _standings("DEMO-CUM-BAC", 2020) == [(1, "DEMO-XA-HOA"), (2, "DEMO-XA-AN"), (3, "DEMO-XA-LAC")]
    assert {s.source for s in past.standings.all()} == {StandingSource.RECORDED}
    following = BlockYear.objects.with_members().get(block__code="DEMO-CUM-BAC", year=2021)
    assert following.leader is not None and following.leader.code == "DEMO-XA-TAN"
    assert [title for title, _unit in following.labelled_deputies] == ["Cụm phó 1", "Cụm phó 2"]
