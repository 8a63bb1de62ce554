"""Reviews of submitted scorecards (chấm thẩm định), the bonus and penalty ledger and the members'
explanations of verified scores: never one's own review, nothing changed after submission (R-BLK-04)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record, snapshot
from thidua.blocks.models import MemberRole
from thidua.lib.numbers import format_points
from thidua.lib.workflow import allowed
from thidua.orgs.models import Unit
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import (
    REVIEW_TRANSITIONS,
    Adjustment,
    CardStatus,
    Criterion,
    CriterionKind,
    Explanation,
    ReviewAssignment,
    ReviewScore,
    ReviewStatus,
    Scorecard,
    ScoreEntry,
)
from thidua.scoring.services.cards import applies, check_points, require_scorable
from thidua.scoring.services.year import require_member, rules_for


@transaction.atomic
def assign_reviewer(*, actor: Actor, card: Scorecard, reviewer: Unit) -> ReviewAssignment:
    """The leader assigns a member to review a scorecard; a unit never reviews itself."""
    if reviewer.pk == card.unit_id:
        raise ValidationError({"reviewer": _("A unit cannot review its own scorecard.")})
    require_member(card.block_year, reviewer)
    assignment, created = ReviewAssignment.objects.get_or_create(scorecard=card, reviewer=reviewer)
    if created:
        record(actor=actor, action=ScoringAction.REVIEW_ASSIGN, obj=card, after={"reviewer_id": reviewer.pk})
    return assignment


def leader_assignment(card: Scorecard, actor: Actor) -> ReviewAssignment:
    """The verifying review of a card (created on first use) for the 'leader verifies' method: the
    leader's, or the deputy's when the card is the leader's own."""
    memberships = card.block_year.memberships
    leader = memberships.filter(role=MemberRole.LEADER).select_related("unit").first()
    if leader is None:
        # A year recorded with an unknown leader (issue 12 item 2) has nobody to verify.
        raise ValidationError(
            _("The year has no %(leader)s to verify the scorecards; set it first.")
            % {"leader": card.block_year.block.leader_title}
        )
    verifier = leader.unit
    if verifier.pk == card.unit_id:
        deputy = (
            memberships.filter(role=MemberRole.DEPUTY)
            .select_related("unit")
            .order_by("deputy_order", "unit_id")
            .first()
        )
        if deputy is None:
            raise ValidationError(
                _(
                    "The %(leader)s's own scorecard is verified by a %(deputy)s, and the year has none; add one first."
                )
                % {"leader": card.block_year.block.leader_title, "deputy": card.block_year.block.deputy_title}
            )
        verifier = deputy.unit
    return assign_reviewer(actor=actor, card=card, reviewer=verifier)


@transaction.atomic
def set_review_score(
    *,
    actor: Actor,
    assignment: ReviewAssignment,
    criterion: Criterion,
    score: Decimal,
    justification: str = "",
) -> ReviewScore:
    card = Scorecard.objects.select_related("block_year").get(
        pk=assignment.scorecard_id
    )  # its current status
    if card.status != CardStatus.SUBMITTED:
        raise ValidationError(_("Review starts when the member has submitted its scorecard."))
    if assignment.state != ReviewStatus.ASSIGNED:
        raise ValidationError(_("This review has been submitted and can no longer be changed."))
    require_scorable(card, criterion)
    check_points(criterion, score, "score")
    rules = rules_for(card.block_year)
    self_score = (
        ScoreEntry.objects.filter(scorecard=card, criterion=criterion)
        .values_list("self_score", flat=True)
        .first()
    )
    if (
        self_score is not None
        and abs(self_score - score) > rules.justification_gap
        and not justification.strip()
    ):
        raise ValidationError(
            {
                "justification": _(
                    "%(code)s: the review differs from the self-score by more than %(gap)s points; write why."
                )
                % {"code": criterion.code, "gap": format_points(rules.justification_gap)}
            }
        )
    review, _created = ReviewScore.objects.update_or_create(
        assignment=assignment,
        criterion=criterion,
        defaults={"score": score, "justification": justification.strip()},
    )
    record(
        actor=actor,
        action=ScoringAction.REVIEW_SCORE,
        obj=card,
        after={"reviewer_id": assignment.reviewer_id, "criterion": criterion.code, "score": score},
    )
    return review


@transaction.atomic
def submit_review(*, actor: Actor, assignment: ReviewAssignment) -> ReviewAssignment:
    """Submit a review once every applicable criterion has its score; a submitted review is final."""
    stored = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)  # its state now
    if not allowed(REVIEW_TRANSITIONS, stored.state, ReviewStatus.SUBMITTED):
        raise ValidationError(_("This review has already been submitted."))
    card = assignment.scorecard
    scored = set(assignment.scores.values_list("criterion_id", flat=True))
    missing = [
        c.code
        for c in card.table.criteria.filter(kind=CriterionKind.NORMAL).prefetch_related("applies_to")
        if applies(c, card.unit_id) and c.pk not in scored
    ]
    if missing:
        raise ValidationError(
            _("Score every criterion before submitting the review: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])
    record(
        actor=actor,
        action=ScoringAction.REVIEW_SUBMIT,
        obj=card,
        after={"reviewer_id": assignment.reviewer_id},
    )
    return assignment


@transaction.atomic
def save_review(
    *,
    actor: Actor,
    assignment: ReviewAssignment,
    scores: Sequence[tuple[Criterion, Decimal, str]],
    submit: bool = False,
) -> ReviewAssignment:
    """The scores a reviewer typed on the page (criterion, score, justification), and, when `submit`,
    the review submitted with them: all in one transaction, so a refused score submits nothing."""
    for criterion, score, justification in scores:
        set_review_score(
            actor=actor, assignment=assignment, criterion=criterion, score=score, justification=justification
        )
    if submit:
        submit_review(actor=actor, assignment=assignment)
    return assignment


@transaction.atomic
def add_adjustment(
    *, actor: Actor, card: Scorecard, kind: str, points: Decimal, reason: str, basis: str
) -> Adjustment:
    """A ledger line; corrections are new lines with negative points, never edits (R-BLK-04)."""
    if not reason.strip() or not basis.strip():
        raise ValidationError(_("A bonus or penalty needs a reason and its basis."))
    adjustment = Adjustment(
        scorecard=card,
        kind=kind,
        points=points,
        reason=reason.strip(),
        basis=basis.strip(),
        decided_by=user_of(actor),
        decided_at=timezone.now(),
    )
    adjustment.full_clean()
    adjustment.save()
    record(actor=actor, action=ScoringAction.SCORECARD_ADJUST, obj=card, after=snapshot(adjustment))
    return adjustment


@transaction.atomic
def explain(*, actor: Actor, card: Scorecard, criterion: Criterion, text: str) -> Explanation:
    """The member answers a provisional verified score (giải trình), before the block year's deadline.

    Only a criterion that has a submitted review score can be answered; answers are kept, never edited.
    """
    rules = rules_for(card.block_year)
    if rules.explanation_deadline and timezone.localdate() > rules.explanation_deadline:
        raise ValidationError(
            _("The deadline for explanations was %(date)s.")
            % {"date": rules.explanation_deadline.strftime("%d/%m/%Y")}
        )
    reviewed = ReviewScore.objects.filter(
        assignment__scorecard=card, assignment__submitted_at__isnull=False, criterion=criterion
    ).exists()
    if not reviewed:
        raise ValidationError(_("%(code)s has no verified score to answer yet.") % {"code": criterion.code})
    if not text.strip():
        raise ValidationError({"text": _("Write the explanation.")})
    explanation = Explanation.objects.create(
        scorecard=card,
        criterion=criterion,
        text=text.strip(),
        submitted_by=user_of(actor),
        submitted_at=timezone.now(),
    )
    record(
        actor=actor,
        action=ScoringAction.SCORECARD_EXPLAIN,
        obj=card,
        after={"criterion": criterion.code, "text": explanation.text},
    )
    return explanation
