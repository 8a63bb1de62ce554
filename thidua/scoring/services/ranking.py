"""Final scores, totals and the block's ranking, always derived from the entries (never stored), and
the published snapshot that a recount must reproduce."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record
from thidua.blocks.models import BlockYear, MemberRole, StandingSource
from thidua.lib.ranking import Candidate, RankedRow, TieBreak, rank
from thidua.lib.workflow import allowed
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import (
    RANKING_TRANSITIONS,
    Adjustment,
    AdjustmentKind,
    CardStatus,
    Criterion,
    CriterionKind,
    FinalMethod,
    RankingSnapshot,
    RankingState,
    ReviewAssignment,
    Scorecard,
    ScoringRules,
)
from thidua.scoring.services.cards import applies
from thidua.scoring.services.year import rules_for

TWO_PLACES = Decimal("0.01")


@dataclass
class CardResult:
    card: Scorecard
    final: dict[str, Decimal | None]  # criterion code -> final score (None: not yet verified)
    groups: dict[str, Decimal] = field(default_factory=dict)
    scored: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.scored + self.bonus - self.penalty

    @property
    def complete(self) -> bool:
        return all(value is not None for value in self.final.values())


def _final(method: str, reviewer_scores: list[Decimal], leader_score: Decimal | None) -> Decimal | None:
    """One criterion's final score under the block year's method (issue 3 item 5)."""
    if method == FinalMethod.LEADER:
        return leader_score
    if not reviewer_scores:
        return None
    if method == FinalMethod.MEDIAN:
        return Decimal(statistics.median(reviewer_scores)).quantize(TWO_PLACES)
    scores = sorted(reviewer_scores)
    if method == FinalMethod.TRIMMED_MEAN and len(scores) > 2:
        scores = scores[1:-1]
    return (sum(scores, Decimal(0)) / len(scores)).quantize(TWO_PLACES)


def card_results(block_year: BlockYear) -> list[CardResult]:
    """Every submitted scorecard of the year with its final scores, group sums, bonus and penalty.

    R-BLK-04 (law.md §8.4, [U] practice): final score per criterion capped at its maximum; plus the
    bonus ledger capped by the table's bonus items; minus the penalty ledger capped by its penalty
    items. Self-scores never enter the total. A fixed number of queries for the whole block.
    """
    rules = rules_for(block_year)
    leader_id = (
        block_year.memberships.filter(role=MemberRole.LEADER).values_list("unit_id", flat=True).first()
    )
    deputy_id = (
        block_year.memberships.filter(role=MemberRole.DEPUTY)
        .order_by("unit_id")
        .values_list("unit_id", flat=True)
        .first()
    )
    cards = list(
        Scorecard.objects.filter(block_year=block_year, status=CardStatus.SUBMITTED)
        .select_related("unit", "table")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=ReviewAssignment.objects.filter(submitted_at__isnull=False).prefetch_related(
                    "scores"
                ),
            ),
            "adjustments",
        )
    )
    criteria_by_table: dict[int, list[Criterion]] = {}
    for card in cards:
        if card.table_id not in criteria_by_table:
            criteria_by_table[card.table_id] = list(
                card.table.criteria.select_related("parent").prefetch_related("applies_to")
            )
    # "Leader verifies": the leader's own card is verified by the deputy, never by itself.
    return [
        _card_result(
            card,
            criteria_by_table[card.table_id],
            rules,
            deputy_id if card.unit_id == leader_id else leader_id,
        )
        for card in cards
    ]


def _card_result(
    card: Scorecard, criteria: list[Criterion], rules: ScoringRules, verifier_id: int | None
) -> CardResult:
    by_criterion: dict[int, list[Decimal]] = defaultdict(list)
    leader_scores: dict[int, Decimal] = {}
    for review in card.reviews.all():
        for score in review.scores.all():
            # Every reviewer counts for mean/median; the leader's score alone for "leader verifies".
            by_criterion[score.criterion_id].append(score.score)
            if review.reviewer_id == verifier_id:
                leader_scores[score.criterion_id] = score.score
    result = CardResult(card=card, final={})
    for criterion in criteria:
        if criterion.kind != CriterionKind.NORMAL or not applies(criterion, card.unit_id):
            continue
        value = _final(rules.final_method, by_criterion[criterion.pk], leader_scores.get(criterion.pk))
        if value is not None:
            value = min(value, criterion.max_points)
            result.scored += value
            group = criterion.parent.code if criterion.parent else criterion.code
            result.groups[group] = result.groups.get(group, Decimal(0)) + value
        result.final[criterion.code] = value
    bonus_cap = sum((c.max_points for c in criteria if c.kind == CriterionKind.BONUS), Decimal(0))
    penalty_cap = sum((c.max_points for c in criteria if c.kind == CriterionKind.PENALTY), Decimal(0))
    ledger: dict[str, Decimal] = defaultdict(Decimal)
    adjustment: Adjustment
    for adjustment in card.adjustments.all():
        ledger[adjustment.kind] += adjustment.points
    result.bonus = max(Decimal(0), min(ledger[AdjustmentKind.BONUS], bonus_cap))
    result.penalty = max(Decimal(0), min(ledger[AdjustmentKind.PENALTY], penalty_cap))
    return result


def tie_breaks_for(rules: ScoringRules) -> list[TieBreak]:
    """Configured keys: total, penalty (fewer is better), bonus, group:<code>, vote (the conference)."""
    keys = []
    for key in rules.tie_breaks or ["total"]:
        keys.append(TieBreak(key, higher_is_better=key != "penalty"))
    if keys[0].key != "total":
        keys.insert(0, TieBreak("total"))
    return keys


def tie_break_label(key: str | None) -> str:
    """What a tie-break key means, in the user's language."""
    if key is None:
        return ""
    if key.startswith("group:"):
        return _("score of group %(code)s") % {"code": key.removeprefix("group:")}
    labels = {
        "total": _("total score"),
        "penalty": _("fewer penalty points"),
        "bonus": _("more bonus points"),
        "vote": _("more votes at the conference"),
    }
    return labels.get(key, key)


def conference_votes(block_year: BlockYear) -> dict[int, int]:
    """Votes each ranked unit received in the conference's published vote on the leading unit and
    ranks (the "vote" tie-break, issue 3 item 6), as the block year's standings keep them; empty
    before the conference has published one (conferences sit above scoring)."""
    rows = block_year.standings.filter(source=StandingSource.CONFERENCE, votes__isnull=False)
    return {unit_id: votes for unit_id, votes in rows.values_list("unit_id", "votes") if votes is not None}


def _values(result: CardResult, votes: dict[int, int] | None = None) -> dict[str, int | Decimal | None]:
    values: dict[str, int | Decimal | None] = {
        "total": result.total,
        "penalty": result.penalty,
        "bonus": result.bonus,
        "vote": (votes or {}).get(result.card.unit_id),
    }
    for code, value in result.groups.items():
        values[f"group:{code}"] = value
    return values


def band_for(total: Decimal, rules: ScoringRules) -> str:
    for minimum, label in sorted(rules.bands, key=lambda band: Decimal(str(band[0])), reverse=True):
        if total >= Decimal(str(minimum)):
            return str(label)
    return ""


def block_ranking(block_year: BlockYear, results: list[CardResult] | None = None) -> list[RankedRow[int]]:
    """The ranked members; `results` when the caller has already computed them."""
    rules = rules_for(block_year)
    votes = conference_votes(block_year) if "vote" in (rules.tie_breaks or []) else {}
    candidates = [
        Candidate(r.card.unit_id, _values(r, votes), display_order=r.card.unit.name_sort)
        for r in (card_results(block_year) if results is None else results)
    ]
    return rank(candidates, tie_breaks_for(rules))


def ranking_rows(block_year: BlockYear, results: list[CardResult] | None = None) -> list[dict[str, Any]]:
    """The ranking as plain rows (what is published and what a recount compares)."""
    rules = rules_for(block_year)
    computed = card_results(block_year) if results is None else results
    by_unit = {r.card.unit_id: r for r in computed}
    rows = []
    for row in block_ranking(block_year, computed):
        result = by_unit[row.candidate.id]
        rows.append(
            {
                "unit_id": result.card.unit_id,
                "unit": result.card.unit.name,
                "rank": row.rank,
                "separated_by": row.separated_by,
                "total": str(result.total),
                "scored": str(result.scored),
                "bonus": str(result.bonus),
                "penalty": str(result.penalty),
                "groups": {code: str(value) for code, value in sorted(result.groups.items())},
                "band": band_for(result.total, rules),
            }
        )
    return rows


def ranking_state(block_year: BlockYear) -> str:
    """`RankingState`: published once the year has a snapshot."""
    published = RankingSnapshot.objects.filter(block_year=block_year).exists()
    return RankingState.PUBLISHED if published else RankingState.PROVISIONAL


@transaction.atomic
def publish_ranking(*, actor: Actor, block_year: BlockYear) -> RankingSnapshot:
    """Freeze the ranking, once. Every member's card must be submitted and fully verified first."""
    block_year = BlockYear.objects.select_for_update().get(pk=block_year.pk)  # one publication at a time
    if not allowed(RANKING_TRANSITIONS, ranking_state(block_year), RankingState.PUBLISHED):
        raise ValidationError(
            _("The ranking of %(year)s has already been published; a recount is compared with it.")
            % {"year": block_year.year}
        )
    members = set(block_year.memberships.values_list("unit_id", flat=True))
    results = card_results(block_year)
    not_ready = sorted(
        str(m.unit)
        for m in block_year.memberships.select_related("unit")
        if m.unit_id not in {r.card.unit_id for r in results}
    )
    not_ready += sorted(str(r.card.unit) for r in results if not r.complete)
    if not_ready or not members:
        raise ValidationError(
            _(
                "The ranking can be published when every scorecard is submitted and verified; not yet: %(units)s."
            )
            % {"units": ", ".join(not_ready)}
        )
    rules = rules_for(block_year)
    snapshot = RankingSnapshot.objects.create(
        block_year=block_year,
        published_at=timezone.now(),
        published_by=user_of(actor),
        rows=ranking_rows(block_year, results),
        tie_breaks=[t.key for t in tie_breaks_for(rules)],
    )
    record(actor=actor, action=ScoringAction.RANKING_PUBLISH, obj=snapshot, after={"rows": snapshot.rows})
    return snapshot


def recount_matches(snapshot: RankingSnapshot) -> bool:
    """Recompute the ranking from the entries and compare it with what was published."""
    return bool(ranking_rows(snapshot.block_year) == snapshot.rows)
