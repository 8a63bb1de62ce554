"""The receiving body's steps: receive, appraise each line, return, send to the council, record its
outcome, reject."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.models import (
    Appraisal,
    CouncilOutcome,
    Dossier,
    DossierLine,
    DossierStatus,
    LineResult,
)
from thidua.proposals.services.attachments import carry_attachments
from thidua.proposals.services.workflow import lock_dossier, require_reason, take_step


@transaction.atomic
def receive_dossier(*, actor: Actor, dossier: Dossier, today: datetime.date | None = None) -> Dossier:
    """Submitted (or resubmitted) -> received: starts the processing clock (outputs.md §1.2)."""
    dossier = lock_dossier(dossier)
    take_step(dossier, DossierStatus.RECEIVED, actor=actor)
    dossier.received_on = today or timezone.localdate()
    dossier.save(update_fields=["received_on"])
    return dossier


@transaction.atomic
def appraise_line(*, actor: Actor, line: DossierLine, appraisal: str, reason: str = "") -> DossierLine:
    """Eligible or not, with a reason when not; the first appraisal puts a received dossier under
    review."""
    dossier = lock_dossier(line.dossier)
    if dossier.status not in (DossierStatus.RECEIVED, DossierStatus.UNDER_REVIEW):
        raise ValidationError(_("Lines are appraised once the dossier has been received."))
    if line.version != dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    if appraisal not in (Appraisal.ELIGIBLE, Appraisal.NOT_ELIGIBLE):
        raise ValidationError({"appraisal": _("Choose eligible or not eligible.")})
    reason = (reason or "").strip()
    if appraisal == Appraisal.NOT_ELIGIBLE and not reason:
        raise ValidationError({"reason": _("Give the reason why the line is not eligible.")})
    if dossier.status == DossierStatus.RECEIVED:
        take_step(dossier, DossierStatus.UNDER_REVIEW, actor=actor)
    before = {"appraisal": line.appraisal, "reason": line.appraisal_reason}
    line.appraisal, line.appraisal_reason = appraisal, reason
    line.save(update_fields=["appraisal", "appraisal_reason"])
    record(
        actor=actor,
        action=ProposalAction.LINE_APPRAISE,
        obj=line,
        before=before,
        after={"appraisal": appraisal, "reason": reason},
    )
    return line


@transaction.atomic
def return_dossier(
    *, actor: Actor, dossier: Dossier, reason: str, line_reasons: dict[int, str] | None = None
) -> Dossier:
    """Back to the unit with a mandatory reason (for the dossier, and optionally for chosen lines).
    The returned version stays as it was; the unit corrects the next one, a copy of its lines."""
    dossier = lock_dossier(dossier)
    reason = require_reason(reason, _("Give the reason for returning the dossier."))
    line_reasons = {pk: text.strip() for pk, text in (line_reasons or {}).items() if text and text.strip()}
    lines = list(dossier.current_lines())
    unknown = set(line_reasons) - {line.pk for line in lines}
    if unknown:
        raise ValidationError(_("Only lines of the dossier's current version can be returned."))
    take_step(dossier, DossierStatus.RETURNED, actor=actor, reason=reason)
    for line in lines:
        if line.pk in line_reasons:
            line.return_reason = line_reasons[line.pk]
            line.save(update_fields=["return_reason"])
    dossier.version += 1
    dossier.save(update_fields=["version"])
    copies: dict[int, DossierLine] = {}
    for line in lines:
        copies[line.pk] = DossierLine.objects.create(
            dossier=dossier,
            version=dossier.version,
            person_id=line.person_id,
            unit_id=line.unit_id,
            award_type_id=line.award_type_id,
            year=line.year,
            basis=line.basis,
            wording=line.wording,
            candidate_id=line.candidate_id,
            votes_yes=line.votes_yes,
            votes_no=line.votes_no,
            votes_abstain=line.votes_abstain,
            return_reason=line.return_reason,
            position=line.position,
        )
    carry_attachments(dossier, dossier.version - 1, copies)
    return dossier


@transaction.atomic
def send_to_council(*, actor: Actor, dossier: Dossier) -> Dossier:
    """Under review -> for the council, once every line is appraised and one at least is eligible."""
    dossier = lock_dossier(dossier)
    appraisals = list(dossier.current_lines().values_list("appraisal", flat=True))
    if Appraisal.PENDING in appraisals:
        raise ValidationError(_("Appraise every line before sending the dossier to the council."))
    if Appraisal.ELIGIBLE not in appraisals:
        raise ValidationError(_("No line is eligible: reject or return the dossier instead."))
    take_step(dossier, DossierStatus.FOR_COUNCIL, actor=actor)
    return dossier


@transaction.atomic
def record_council_outcome(*, actor: Actor, line: DossierLine, approved: bool) -> DossierLine:
    """The council's conclusion on one line of a dossier before it (thidua.council calls this when a
    session closes); a line the council did not approve never enters a drafted decision."""
    line = DossierLine.objects.select_for_update().get(pk=line.pk)
    if line.dossier.status != DossierStatus.FOR_COUNCIL:
        raise ValidationError(_("Only a dossier sent to the council can receive its conclusion."))
    before = snapshot(line, ["council_outcome"])
    line.council_outcome = CouncilOutcome.APPROVED if approved else CouncilOutcome.NOT_APPROVED
    line.save(update_fields=["council_outcome"])
    record(
        actor=actor,
        action=ProposalAction.LINE_COUNCIL_OUTCOME,
        obj=line,
        before=before,
        after=snapshot(line, ["council_outcome"]),
    )
    return line


@transaction.atomic
def reject_dossier(*, actor: Actor, dossier: Dossier, reason: str) -> Dossier:
    dossier = lock_dossier(dossier)
    reason = require_reason(reason, _("Give the reason for rejecting the dossier."))
    take_step(dossier, DossierStatus.REJECTED, actor=actor, reason=reason)
    dossier.current_lines().update(result=LineResult.NOT_AWARDED)
    return dossier
