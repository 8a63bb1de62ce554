"""The Scoring tab of a block year: overview, progress, settings and the ranking (its steps: `steps.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import permissions as perms
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.orgs.models import Unit
from thidua.scoring.forms import RulesForm, TableForm
from thidua.scoring.models import (
    Covenant,
    CovenantStatus,
    CriterionKind,
    Movement,
    MovementKind,
    RankingSnapshot,
    Registration,
    ReviewAssignment,
    Scorecard,
    ScoreEntry,
    ScoringTable,
)
from thidua.scoring.permissions import (
    can_run_scoring,
    reads_card,
    reads_score_table,
    visible_registrations,
)
from thidua.scoring.services.covenant import (
    unsigned_members,
)
from thidua.scoring.services.ranking import (
    ranking_rows,
    recount_matches,
    tie_break_label,
    tie_breaks_for,
)
from thidua.scoring.services.registration import not_registered
from thidua.scoring.services.year import rules_for


@login_required
def overview(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The Scoring tab: table and covenant, the progress board, one's own card and reviews."""
    user = request.user
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_scoring(request.user, block_year)
    covenant = (
        Covenant.objects.filter(block_year=block_year).prefetch_related("targets", "signatures__unit").first()
    )
    scorecards = {
        c.unit_id: c for c in Scorecard.objects.filter(block_year=block_year).select_related("table")
    }
    entries = ScoreEntry.objects.filter(scorecard__block_year=block_year, self_score__isnull=False)
    scored: dict[int, int] = {}
    for card_id in entries.values_list("scorecard_id", flat=True):
        scored[card_id] = scored.get(card_id, 0) + 1
    reviews = ReviewAssignment.objects.filter(scorecard__block_year=block_year).select_related(
        "reviewer", "scorecard"
    )
    reviews_by_card: dict[int, list[ReviewAssignment]] = {}
    for assignment in reviews:
        reviews_by_card.setdefault(assignment.scorecard_id, []).append(assignment)
    own = Unit.objects.own_ids(request.user)
    progress = []
    for membership in block_year.memberships.all():
        card = scorecards.get(membership.unit_id)
        progress.append(
            {
                "unit": membership.unit,
                "card": card,
                "scored": scored.get(card.pk, 0) if card else 0,
                "reviews": reviews_by_card.get(card.pk, []) if card else [],
                "readable": card is not None and reads_card(request.user, card),
            }
        )
    tables = list(ScoringTable.objects.filter(block_year=block_year))
    snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
    member_ids = {m.unit_id for m in block_year.memberships.all()}
    my_unit_id = user.unit_id if perms.is_unit_officer(user) and user.unit_id in member_ids else None
    # Those who run the year and observers see every registration; a member's people their own.
    registrations = (
        visible_registrations(user)
        .filter(block_year=block_year)
        .select_related("unit")
        .prefetch_related("movements", "title_counts__award_type")
        .order_by("unit__name_sort")
    )
    my_registration = (
        Registration.objects.filter(block_year=block_year, unit_id=my_unit_id).first() if my_unit_id else None
    )
    return render(
        request,
        "scoring/overview.html",
        {
            "block_year": block_year,
            "blk": block_year.block,
            "tab": "scoring",
            "run": run,
            "reads_score_table": reads_score_table(request.user, block_year),
            "is_leader_officer": block_year.pk in BlockYear.objects.led_ids(request.user),
            "tables": tables,
            "covenant": covenant,
            "unsigned": unsigned_members(covenant) if covenant else [],
            "can_sign": covenant is not None
            and covenant.status == CovenantStatus.SIGNING
            and perms.is_unit_officer(user)
            and user.unit_id in {m.unit_id for m in block_year.memberships.all()}
            and not covenant.signatures.filter(unit_id=user.unit_id).exists(),
            "progress": progress,
            "criteria_count": _criteria_count(scorecards),
            "my_reviews": [a for a in reviews if a.reviewer_id in own],
            "members": [m.unit for m in block_year.memberships.all()],
            "snapshot": snapshot,
            "years": list(
                BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True)
            ),
            "table_form": TableForm(),
            "rules_form": RulesForm(instance=rules_for(block_year)) if run else None,
            "late_after": rules_for(block_year).self_scoring_deadline,
            "today": timezone.localdate(),
            "movements": Movement.objects.filter(block_year=block_year),
            "movement_kinds": MovementKind.choices,
            "registrations": registrations,
            "not_registered": not_registered(block_year) if run or perms.sees_everything(user) else [],
            "my_registration": my_registration,
            "can_register": my_unit_id is not None,
            "title_rows": _title_rows(my_registration) if my_unit_id else [],
        },
    )


def _criteria_count(scorecards: dict[int, Scorecard]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for card in scorecards.values():
        if card.table_id not in counts:
            counts[card.table_id] = card.table.criteria.filter(kind=CriterionKind.NORMAL).count()
    return counts


def _title_rows(current: Registration | None) -> list[tuple[Any, int]]:
    """Every title and form of the catalogue with the number the member registered (0 if none)."""
    counts = {t.award_type_id: t.number for t in current.title_counts.all()} if current else {}
    return [(award_type, counts.get(award_type.pk, 0)) for award_type in AwardType.objects.all()]


@login_required
def ranking(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The published ranking for everyone; before publication, the provisional one for the board and the
    leader. Once published, the board sees the published rows too (never labelled provisional at the same
    time, issue 15 item 8), with the recount saying whether the scores have changed since."""
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_scoring(request.user, block_year)
    snapshot = RankingSnapshot.objects.filter(block_year=block_year).first()
    if snapshot is not None:
        rows = snapshot.rows
    else:
        rows = ranking_rows(block_year) if run else []
    for index, row in enumerate(rows):
        # What put the next member below this one ("ahead on"), or that they share the rank.
        below = rows[index + 1] if index + 1 < len(rows) else None
        row["ahead_on"] = "" if below is None else tie_break_label(below["separated_by"]) or _("tied")
    chart = {"labels": [r["unit"] for r in rows], "totals": [float(r["total"]) for r in rows]}
    return render(
        request,
        "scoring/ranking.html",
        {
            "block_year": block_year,
            "blk": block_year.block,
            "tab": "scoring",
            "rows": rows,
            "snapshot": snapshot,
            "provisional": run and snapshot is None,
            "recount_ok": recount_matches(snapshot) if snapshot and run else None,
            "chart": chart,
            "tie_breaks": [tie_break_label(t.key) for t in tie_breaks_for(rules_for(block_year))],
            "years": list(
                BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True)
            ),
        },
    )
