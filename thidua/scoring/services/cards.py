"""A member's scorecard: opened on the adopted table, self-scored with evidence, submitted.

Role checks (who may call what) belong to the permission door of the pages and API; these services
hold the domain rules: members only, nothing changed after submission, every change atomic and audited.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockYear
from thidua.lib.numbers import format_points
from thidua.lib.uploads import store_upload
from thidua.lib.workflow import allowed, move
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import (
    CARD_TRANSITIONS,
    CardStatus,
    Criterion,
    CriterionKind,
    CriterionTarget,
    Evidence,
    Formula,
    Scorecard,
    ScoreEntry,
)
from thidua.scoring.services.covenant import adopted_table
from thidua.scoring.services.tables import formula_score


@transaction.atomic
def open_scorecards(*, actor: Actor, block_year: BlockYear) -> list[Scorecard]:
    """One scorecard per member on the adopted table; idempotent (existing cards are kept)."""
    table = adopted_table(block_year)
    cards = []
    for membership in block_year.memberships.select_related("unit"):
        card, created = Scorecard.objects.get_or_create(
            block_year=block_year, unit=membership.unit, defaults={"table": table, "membership": membership}
        )
        if created:
            record(actor=actor, action=ScoringAction.SCORECARD_OPEN, obj=card, after=snapshot(card))
        cards.append(card)
    return cards


def applies(criterion: Criterion, unit_id: int) -> bool:
    chosen = [u.pk for u in criterion.applies_to.all()]
    return not chosen or unit_id in chosen


def check_points(criterion: Criterion, value: Decimal, field: str) -> None:
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


def require_scorable(card: Scorecard, criterion: Criterion) -> None:
    if criterion.table_id != card.table_id or criterion.kind != CriterionKind.NORMAL:
        raise ValidationError(_("%(code)s is not a criterion of this scorecard.") % {"code": criterion.code})
    if not applies(criterion, card.unit_id):
        raise ValidationError(
            _("%(code)s does not apply to %(unit)s.") % {"code": criterion.code, "unit": card.unit}
        )


@transaction.atomic
def set_self_score(
    *,
    actor: Actor,
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
    require_scorable(card, criterion)
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
        check_points(criterion, score, "self_score")
    entry, _created = ScoreEntry.objects.get_or_create(scorecard=card, criterion=criterion)
    before = snapshot(entry)
    entry.self_score = score
    entry.achieved = achieved if criterion.formula == Formula.PROPORTIONAL else None
    entry.comment = comment
    entry.save(update_fields=["self_score", "achieved", "comment"])
    record(
        actor=actor, action=ScoringAction.SCORECARD_SELF_SCORE, obj=card, before=before, after=snapshot(entry)
    )
    return entry


def _require_draft(card: Scorecard) -> None:
    if card.status != CardStatus.DRAFT:
        raise ValidationError(_("The scorecard has been submitted and can no longer be changed."))


@transaction.atomic
def add_evidence(
    *, actor: Actor, card: Scorecard, criterion: Criterion, name: str, content: bytes | File
) -> Evidence:
    """Store a file (checked by its content against the evidence allow-list, lib.uploads) with its
    SHA-256 and uploader while the card is a draft; a file of the same name becomes a new version."""
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    _require_draft(card)
    require_scorable(card, criterion)
    entry, _created = ScoreEntry.objects.get_or_create(scorecard=card, criterion=criterion)
    evidence = Evidence(entry=entry)
    store_upload(evidence, actor=actor, name=name, content=content)
    evidence.version = (
        entry.evidence.filter(original_name=evidence.original_name).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    evidence.save()
    record(
        actor=actor,
        action=ScoringAction.SCORECARD_EVIDENCE,
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
def remove_evidence(*, actor: Actor, evidence: Evidence) -> None:
    """Remove an evidence file uploaded by mistake, bytes included, while its card is a draft; the
    audit entry keeps its name and hash (issue 15 item 9)."""
    card = Scorecard.objects.select_for_update().get(pk=evidence.entry.scorecard_id)
    _require_draft(card)
    before = _evidence_facts(evidence)
    evidence.delete_stored()
    evidence.delete()
    record(actor=actor, action=ScoringAction.SCORECARD_EVIDENCE_REMOVE, obj=card, before=before)


@transaction.atomic
def replace_evidence(*, actor: Actor, evidence: Evidence, name: str, content: bytes | File) -> Evidence:
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
        action=ScoringAction.SCORECARD_EVIDENCE_REPLACE,
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
def submit_scorecard(*, actor: Actor, card: Scorecard) -> Scorecard:
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    if not allowed(CARD_TRANSITIONS, card.status, CardStatus.SUBMITTED):
        raise ValidationError(_("The scorecard has already been submitted."))
    problems = missing_for_submission(card)
    if problems:
        raise ValidationError(problems)
    move(card, CardStatus.SUBMITTED, CARD_TRANSITIONS, _("The scorecard has already been submitted."))
    card.submitted_at = timezone.now()
    card.save(update_fields=["status", "submitted_at"])
    record(actor=actor, action=ScoringAction.SCORECARD_SUBMIT, obj=card, after=snapshot(card))
    return card
