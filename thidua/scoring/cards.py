"""Covenants, scorecards, reviews and the bonus/penalty ledger: the state changes of a scoring year.

Role checks (who may call what) belong to the permission door of the pages and API; these services
hold the domain rules: members only, never one's own review, nothing changed after submission or
signature, every change atomic and audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockYear, MemberRole
from thidua.lib.numbers import format_points
from thidua.lib.uploads import store_upload
from thidua.lib.workflow import allowed, move
from thidua.orgs.models import Unit
from thidua.scoring.models import (
    CARD_TRANSITIONS,
    COVENANT_TRANSITIONS,
    Adjustment,
    CardStatus,
    Covenant,
    CovenantSignature,
    CovenantStatus,
    CovenantTarget,
    Criterion,
    CriterionKind,
    CriterionTarget,
    Evidence,
    Explanation,
    Formula,
    ReviewAssignment,
    ReviewScore,
    Scorecard,
    ScoreEntry,
    ScoringRules,
    ScoringTable,
)
from thidua.scoring.services import formula_score


@transaction.atomic
def update_rules(*, actor: Any, rules: ScoringRules, values: dict[str, Any]) -> ScoringRules:
    """Change the block year's scoring settings; audited like every other change."""
    stored = ScoringRules.objects.filter(block_year=rules.block_year).first() or ScoringRules(
        block_year=rules.block_year
    )
    before = snapshot(stored) if stored.pk else None
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    record(actor=actor, action="scoring.rules", obj=stored, before=before, after=snapshot(stored))
    return stored


def rules_for(block_year: BlockYear) -> ScoringRules:
    """The block year's rules, or the defaults (unsaved) when nobody has changed them."""
    return ScoringRules.objects.filter(block_year=block_year).first() or ScoringRules(block_year=block_year)


def _member_ids(block_year: BlockYear) -> set[int]:
    return set(block_year.memberships.values_list("unit_id", flat=True))


def _require_member(block_year: BlockYear, unit: Unit) -> None:
    if unit.pk not in _member_ids(block_year):
        raise ValidationError(
            _("%(unit)s is not a member of the block in %(year)s.") % {"unit": unit, "year": block_year.year}
        )


# -- covenant ---------------------------------------------------------------------------------------


@transaction.atomic
def create_covenant(
    *,
    actor: Any,
    block_year: BlockYear,
    content: str,
    targets: Sequence[str | tuple[str, Unit | None]] = (),
) -> Covenant:
    """A new draft covenant with its targets (text, or (text, member unit)) in one transaction: a
    target refused (e.g. for a unit outside the block) leaves no half-written covenant behind."""
    version = (Covenant.objects.filter(block_year=block_year).aggregate(v=Max("version"))["v"] or 0) + 1
    covenant = Covenant(block_year=block_year, version=version, content=content)
    covenant.full_clean()
    covenant.save()
    record(actor=actor, action="covenant.create", obj=covenant, after=snapshot(covenant))
    for position, target in enumerate(targets):
        text, unit = (target, None) if isinstance(target, str) else target
        if text.strip():
            add_target(actor=actor, covenant=covenant, text=text.strip(), unit=unit, position=position)
    return covenant


@transaction.atomic
def add_target(
    *, actor: Any, covenant: Covenant, text: str, unit: Unit | None = None, position: int = 0
) -> CovenantTarget:
    if covenant.status != CovenantStatus.DRAFT:
        raise ValidationError(_("The covenant is no longer a draft; amend it to change its targets."))
    if unit is not None:
        _require_member(covenant.block_year, unit)
    target = CovenantTarget.objects.create(covenant=covenant, unit=unit, text=text, position=position)
    record(
        actor=actor,
        action="covenant.target",
        obj=covenant,
        after={"target": text, "unit_id": unit.pk if unit else None},
    )
    return target


@transaction.atomic
def open_for_signing(*, actor: Any, covenant: Covenant, table: ScoringTable) -> Covenant:
    """R-BLK-03 (practice, law.md §8.4): a covenant is signed on a frozen scoring table of its year."""
    if not allowed(COVENANT_TRANSITIONS, covenant.status, CovenantStatus.SIGNING):
        raise ValidationError(_("The covenant is already open for signing."))
    table = ScoringTable.objects.get(pk=table.pk)  # its status now, not as the caller last saw it
    if table.block_year_id != covenant.block_year_id or not table.is_frozen:
        raise ValidationError(_("Freeze this year's scoring table before the covenant is signed."))
    if not covenant.targets.exists():
        raise ValidationError(_("Add the covenant's targets before it is signed."))
    covenant.scoring_table = table
    move(
        covenant, CovenantStatus.SIGNING, COVENANT_TRANSITIONS, _("The covenant is already open for signing.")
    )
    covenant.save(update_fields=["scoring_table", "status"])
    record(actor=actor, action="covenant.open", obj=covenant, after=snapshot(covenant))
    return covenant


@transaction.atomic
def sign_covenant(*, actor: Any, covenant: Covenant, unit: Unit) -> CovenantSignature:
    """A member's officer signs; when every member has signed, the covenant is signed and frozen."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status != CovenantStatus.SIGNING:
        raise ValidationError(_("This covenant is not open for signing."))
    _require_member(covenant.block_year, unit)
    if covenant.signatures.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s has already signed this covenant.") % {"unit": unit})
    signature = CovenantSignature.objects.create(
        covenant=covenant, unit=unit, signed_by=actor, signed_at=timezone.now()
    )
    record(actor=actor, action="covenant.sign", obj=covenant, after={"unit_id": unit.pk})
    if set(covenant.signatures.values_list("unit_id", flat=True)) >= _member_ids(covenant.block_year):
        move(
            covenant, CovenantStatus.SIGNED, COVENANT_TRANSITIONS, _("This covenant is not open for signing.")
        )
        covenant.signed_at = signature.signed_at
        covenant.save(update_fields=["status", "signed_at"])
        record(actor=actor, action="covenant.signed", obj=covenant, after=snapshot(covenant))
    return signature


@transaction.atomic
def amend_covenant(*, actor: Any, covenant: Covenant, reason: str) -> Covenant:
    """A new draft version of a signed covenant, with its targets and the reason; members sign again.

    The signed version stays as it was; scorecards keep the table version they were scored on.
    """
    if covenant.status != CovenantStatus.SIGNED:
        raise ValidationError(_("Only a covenant signed by all is amended; change the draft directly."))
    if Covenant.objects.filter(block_year=covenant.block_year, version__gt=covenant.version).exists():
        raise ValidationError(_("A newer version of this covenant exists; amend that one."))
    if not reason.strip():
        raise ValidationError({"amendment_reason": _("Say why the covenant is amended.")})
    amendment = create_covenant(actor=actor, block_year=covenant.block_year, content=covenant.content)
    amendment.amends = covenant
    amendment.amendment_reason = reason.strip()
    amendment.save(update_fields=["amends", "amendment_reason"])
    for target in covenant.targets.all():
        CovenantTarget.objects.create(
            covenant=amendment, unit=target.unit, text=target.text, position=target.position
        )
    record(
        actor=actor,
        action="covenant.amend",
        obj=amendment,
        after={"amends": covenant.pk, "reason": amendment.amendment_reason},
    )
    return amendment


def unsigned_members(covenant: Covenant) -> list[Unit]:
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    return [m.unit for m in covenant.block_year.memberships.select_related("unit") if m.unit_id not in signed]


def adopted_table(block_year: BlockYear) -> ScoringTable:
    """R-BLK-03: the table of the newest signed covenant; scoring before that is refused."""
    covenant = (
        Covenant.objects.filter(block_year=block_year, status=CovenantStatus.SIGNED)
        .order_by("-version")
        .first()
    )
    if covenant is None or covenant.scoring_table is None:
        raise ValidationError(
            _("Scoring starts when every member has signed the covenant and its scoring table.")
        )
    return covenant.scoring_table


# -- scorecards -------------------------------------------------------------------------------------


@transaction.atomic
def open_scorecards(*, actor: Any, block_year: BlockYear) -> list[Scorecard]:
    """One scorecard per member on the adopted table; idempotent (existing cards are kept)."""
    table = adopted_table(block_year)
    cards = []
    for membership in block_year.memberships.select_related("unit"):
        card, created = Scorecard.objects.get_or_create(
            block_year=block_year, unit=membership.unit, defaults={"table": table, "membership": membership}
        )
        if created:
            record(actor=actor, action="scorecard.open", obj=card, after=snapshot(card))
        cards.append(card)
    return cards


def applies(criterion: Criterion, unit_id: int) -> bool:
    chosen = [u.pk for u in criterion.applies_to.all()]
    return not chosen or unit_id in chosen


def _check_points(criterion: Criterion, value: Decimal, field: str) -> None:
    if value < 0 or value > criterion.max_points:
        raise ValidationError(
            {
                field: _("%(code)s: the score must be between 0 and %(max)s.")
                % {"code": criterion.code, "max": format_points(criterion.max_points)}
            }
        )
    if criterion.step and value % criterion.step != 0:
        raise ValidationError(
            {
                field: _("%(code)s: the score must be a multiple of %(step)s.")
                % {"code": criterion.code, "step": format_points(criterion.step)}
            }
        )


def _scorable(card: Scorecard, criterion: Criterion) -> None:
    if criterion.table_id != card.table_id or criterion.kind != CriterionKind.NORMAL:
        raise ValidationError(_("%(code)s is not a criterion of this scorecard.") % {"code": criterion.code})
    if not applies(criterion, card.unit_id):
        raise ValidationError(
            _("%(code)s does not apply to %(unit)s.") % {"code": criterion.code, "unit": card.unit}
        )


@transaction.atomic
def set_self_score(
    *,
    actor: Any,
    card: Scorecard,
    criterion: Criterion,
    score: Decimal | None,
    comment: str = "",
    achieved: Decimal | None = None,
) -> ScoreEntry:
    """Record a self-score; for a criterion scored by formula the member gives what it achieved and
    the score follows from its own target (services.formula_score)."""
    if card.status != CardStatus.DRAFT:
        raise ValidationError(_("The scorecard has been submitted and can no longer be changed."))
    _scorable(card, criterion)
    if criterion.formula == Formula.PROPORTIONAL:
        score = None
        if achieved is not None:
            if achieved < 0:
                raise ValidationError(
                    {"achieved": _("%(code)s: the result cannot be negative.") % {"code": criterion.code}}
                )
            target = CriterionTarget.objects.filter(criterion=criterion, unit_id=card.unit_id).first()
            if target is None:
                raise ValidationError(
                    _("%(code)s has no target for %(unit)s; ask the leader.")
                    % {"code": criterion.code, "unit": card.unit}
                )
            score = formula_score(criterion, target.target, achieved)
    elif score is not None:
        _check_points(criterion, score, "self_score")
    entry, _created = ScoreEntry.objects.get_or_create(scorecard=card, criterion=criterion)
    before = snapshot(entry)
    entry.self_score = score
    entry.achieved = achieved if criterion.formula == Formula.PROPORTIONAL else None
    entry.comment = comment
    entry.save(update_fields=["self_score", "achieved", "comment"])
    record(actor=actor, action="scorecard.self_score", obj=card, before=before, after=snapshot(entry))
    return entry


def _require_draft(card: Scorecard) -> None:
    if card.status != CardStatus.DRAFT:
        raise ValidationError(_("The scorecard has been submitted and can no longer be changed."))


@transaction.atomic
def add_evidence(
    *, actor: Any, card: Scorecard, criterion: Criterion, name: str, content: bytes | File
) -> Evidence:
    """Store a file (checked by its content against the evidence allow-list, lib.uploads) with its
    SHA-256 and uploader while the card is a draft; a file of the same name becomes a new version."""
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    _require_draft(card)
    _scorable(card, criterion)
    entry, _created = ScoreEntry.objects.get_or_create(scorecard=card, criterion=criterion)
    evidence = Evidence(entry=entry)
    store_upload(evidence, actor=actor, name=name, content=content)
    evidence.version = (
        entry.evidence.filter(original_name=evidence.original_name).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    evidence.save()
    record(
        actor=actor,
        action="scorecard.evidence",
        obj=card,
        after={"criterion": criterion.code, "file": evidence.original_name, "sha256": evidence.sha256},
    )
    return evidence


def _evidence_facts(evidence: Evidence) -> dict[str, Any]:
    return {
        "criterion": evidence.entry.criterion.code,
        "file": evidence.original_name,
        "version": evidence.version,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "uploaded_by": evidence.uploaded_by_id,
    }


@transaction.atomic
def remove_evidence(*, actor: Any, evidence: Evidence) -> None:
    """Remove an evidence file uploaded by mistake, bytes included, while its card is a draft; the
    audit entry keeps its name and hash (issue 15 item 9)."""
    card = Scorecard.objects.select_for_update().get(pk=evidence.entry.scorecard_id)
    _require_draft(card)
    before = _evidence_facts(evidence)
    evidence.delete_stored()
    evidence.delete()
    record(actor=actor, action="scorecard.evidence_remove", obj=card, before=before)


@transaction.atomic
def replace_evidence(*, actor: Any, evidence: Evidence, name: str, content: bytes | File) -> Evidence:
    """Put another file in the place of an evidence file while the card is a draft: the new file is
    checked like any upload, the old one is removed, both are named in one audit entry."""
    card = Scorecard.objects.select_for_update().get(pk=evidence.entry.scorecard_id)
    _require_draft(card)
    before = _evidence_facts(evidence)
    entry = evidence.entry
    replacement = Evidence(entry=entry)
    store_upload(replacement, actor=actor, name=name, content=content)
    replacement.version = (
        entry.evidence.filter(original_name=replacement.original_name)
        .exclude(pk=evidence.pk)
        .aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    evidence.delete_stored()
    evidence.delete()
    replacement.save()
    record(
        actor=actor,
        action="scorecard.evidence_replace",
        obj=card,
        before=before,
        after=_evidence_facts(replacement),
    )
    return replacement


def missing_for_submission(card: Scorecard) -> list[str]:
    """What stops submission: every applicable criterion scored (zero is a score), evidence where required."""
    entries = {e.criterion_id: e for e in card.entries.prefetch_related("evidence")}
    problems = []
    for criterion in card.table.criteria.filter(kind=CriterionKind.NORMAL).prefetch_related("applies_to"):
        if not applies(criterion, card.unit_id):
            continue
        entry = entries.get(criterion.pk)
        if entry is None or entry.self_score is None:
            problems.append(_("%(code)s has no score.") % {"code": criterion.code})
        elif criterion.evidence_required and not entry.evidence.exists():
            problems.append(_("%(code)s needs evidence.") % {"code": criterion.code})
    return problems


@transaction.atomic
def submit_scorecard(*, actor: Any, card: Scorecard) -> Scorecard:
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    if not allowed(CARD_TRANSITIONS, card.status, CardStatus.SUBMITTED):
        raise ValidationError(_("The scorecard has already been submitted."))
    problems = missing_for_submission(card)
    if problems:
        raise ValidationError(problems)
    move(card, CardStatus.SUBMITTED, CARD_TRANSITIONS, _("The scorecard has already been submitted."))
    card.submitted_at = timezone.now()
    card.save(update_fields=["status", "submitted_at"])
    record(actor=actor, action="scorecard.submit", obj=card, after=snapshot(card))
    return card


# -- reviews and the ledger -------------------------------------------------------------------------


@transaction.atomic
def assign_reviewer(*, actor: Any, card: Scorecard, reviewer: Unit) -> ReviewAssignment:
    """The leader assigns a member to review a scorecard; a unit never reviews itself."""
    if reviewer.pk == card.unit_id:
        raise ValidationError({"reviewer": _("A unit cannot review its own scorecard.")})
    _require_member(card.block_year, reviewer)
    assignment, created = ReviewAssignment.objects.get_or_create(scorecard=card, reviewer=reviewer)
    if created:
        record(actor=actor, action="review.assign", obj=card, after={"reviewer_id": reviewer.pk})
    return assignment


def leader_assignment(card: Scorecard, actor: Any) -> ReviewAssignment:
    """The verifying review of a card (created on first use) for the 'leader verifies' method: the
    leader's, or the deputy's when the card is the leader's own."""
    memberships = card.block_year.memberships
    verifier = memberships.get(role=MemberRole.LEADER).unit
    if verifier.pk == card.unit_id:
        verifier = memberships.filter(role=MemberRole.DEPUTY).order_by("unit_id").first().unit  # type: ignore[union-attr]
    return assign_reviewer(actor=actor, card=card, reviewer=verifier)


@transaction.atomic
def set_review_score(
    *, actor: Any, assignment: ReviewAssignment, criterion: Criterion, score: Decimal, justification: str = ""
) -> ReviewScore:
    card = Scorecard.objects.select_related("block_year").get(
        pk=assignment.scorecard_id
    )  # its current status
    if card.status != CardStatus.SUBMITTED:
        raise ValidationError(_("Review starts when the member has submitted its scorecard."))
    if assignment.submitted_at is not None:
        raise ValidationError(_("This review has been submitted and can no longer be changed."))
    _scorable(card, criterion)
    _check_points(criterion, score, "score")
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
        action="review.score",
        obj=card,
        after={"reviewer_id": assignment.reviewer_id, "criterion": criterion.code, "score": score},
    )
    return review


@transaction.atomic
def submit_review(*, actor: Any, assignment: ReviewAssignment) -> ReviewAssignment:
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
    record(actor=actor, action="review.submit", obj=card, after={"reviewer_id": assignment.reviewer_id})
    return assignment


@transaction.atomic
def add_adjustment(
    *, actor: Any, card: Scorecard, kind: str, points: Decimal, reason: str, basis: str
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
        decided_by=actor,
        decided_at=timezone.now(),
    )
    adjustment.full_clean()
    adjustment.save()
    record(actor=actor, action="scorecard.adjust", obj=card, after=snapshot(adjustment))
    return adjustment


@transaction.atomic
def explain(*, actor: Any, card: Scorecard, criterion: Criterion, text: str) -> Explanation:
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
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    record(
        actor=actor,
        action="scorecard.explain",
        obj=card,
        after={"criterion": criterion.code, "text": explanation.text},
    )
    return explanation
