"""The block year's stages in order with where it stands (issue 15 item 5)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from thidua.conferences.models import Conference, ConferenceKind, ConferenceStatus
from thidua.notices.stages import stages_for
from thidua.proposals.models import Dossier, DossierStatus
from thidua.scoring.models import RankingSnapshot, ReviewAssignment

ORDER = ["covenant", "scoring", "ranking", "conference", "proposals", "decisions"]


def _states(block_year) -> dict[str, str]:
    stages = stages_for(block_year)
    assert [s.key for s in stages] == ORDER
    return {s.key: s.state for s in stages}


def test_a_new_year_stands_at_the_covenant(world, login) -> None:
    assert _states(world.block_year) == {
        "covenant": "current",
        "scoring": "pending",
        "ranking": "pending",
        "conference": "pending",
        "proposals": "pending",
        "decisions": "pending",
    }
    url = reverse("blocks:block_year_detail", args=[world.block.pk, 2024])
    page = login(world.user("member")).get(url).content.decode()
    assert "1. Giao ước" in page and "6. Quyết định" in page
    assert page.index("Giao ước") < page.index("Chấm điểm") < page.index("Xếp hạng")
    assert 'class="list-inline-item mb-1 stage-covenant stage-current" aria-current="step"' in page


def test_the_year_moves_on_as_each_stage_ends(world, year) -> None:
    states = _states(world.block_year)
    assert states["covenant"] == "done" and states["scoring"] == "current"  # cards open, none submitted
    for card in year["cards"].values():
        card.status = "submitted"
        card.save()
    review = ReviewAssignment.objects.create(
        scorecard=year["cards"][world.member_unit.pk], reviewer=world.leader_unit
    )
    assert _states(world.block_year)["scoring"] == "current"  # a review is still open
    review.submitted_at = timezone.now()
    review.save()
    Dossier.objects.create(
        title="Hồ sơ khối",
        proposing_unit=world.leader_unit,
        receiving_body=world.province,
        block_year=world.block_year,
        year=2024,
        created_by=world.user("board"),
    )
    states = _states(world.block_year)
    assert states["scoring"] == "done" and states["ranking"] == "current"
    assert states["proposals"] == "started"  # drafted ahead of the ranking
    RankingSnapshot.objects.create(
        block_year=world.block_year,
        published_at=timezone.now(),
        published_by=world.user("board"),
        rows=[],
        tie_breaks=[],
    )
    Conference.objects.create(
        block_year=world.block_year,
        kind=ConferenceKind.SUMMARY,
        title="Hội nghị tổng kết",
        status=ConferenceStatus.CLOSED,
    )
    Dossier.objects.filter(block_year=world.block_year).update(status=DossierStatus.DECIDED)
    assert set(_states(world.block_year).values()) == {"done"}
