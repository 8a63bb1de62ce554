"""Decisions: drafting with the money (R-MONEY-01), numbering, issuing (which writes the award
records), cancelling, and decisions made outside thidua."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of, user_or_none
from thidua.audit.services import record, snapshot
from thidua.awards.models import AwardRecord, AwardType, AwardTypeVersion
from thidua.awards.services import cash_amount
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, letterhead_for_unit
from thidua.lib.workflow import allowed, move
from thidua.orgs.models import Person, Unit
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.models import (
    DECISION_TRANSITIONS,
    Appraisal,
    CouncilOutcome,
    Decision,
    DecisionLine,
    DecisionStatus,
    Dossier,
    DossierLine,
    DossierStatus,
    EntryKind,
    FundEntry,
    LineResult,
)
from thidua.proposals.services.submission import shown_number
from thidua.proposals.services.workflow import lock_dossier, require_reason, take_step


def version_on(award_type: AwardType, day: datetime.date) -> AwardTypeVersion:
    """The catalogue version in force on `day`; a province's local name of a legal form (R-CAT-01)
    answers with its legal form's version (thresholds and money are the legal form's)."""
    source = award_type.legal_form if award_type.legal_form_id else award_type
    version = AwardTypeVersion.objects.filter(award_type=source).in_force_on(day).first()
    if version is None:
        raise ValidationError(
            _("No version of %(award)s is in force on %(date)s.")
            % {"award": award_type, "date": day.strftime("%d/%m/%Y")}
        )
    return cast("AwardTypeVersion", version)


def _money(award_type: AwardType, day: datetime.date, collective: bool) -> tuple[Any, int | None, int]:
    """R-MONEY-01 through the awards app (coefficient, base salary, amount); no coefficient, no money.
    A province's own entry with no legal form and no version (a Party or sector award) pays nothing
    from this fund."""
    if award_type.is_local and not award_type.legal_form_id:
        if not AwardTypeVersion.objects.filter(award_type=award_type).in_force_on(day).exists():
            return None, None, 0
    if version_on(award_type, day).coefficient_for(collective) is None:
        return None, None, 0
    cash = cash_amount(award_type=award_type, decision_date=day, collective=collective)
    return cash.coefficient, cash.base_salary, cash.amount


def _add_decision_line(decision: Decision, position: int, **who: Any) -> DecisionLine:
    collective = who.get("unit") is not None
    coefficient, base, amount = (None, None, 0)
    if not decision.external:
        coefficient, base, amount = _money(decision.award_type, decision.date, collective)
    return DecisionLine.objects.create(
        decision=decision, coefficient=coefficient, base_salary=base, amount=amount, position=position, **who
    )


def _check_number(number: str) -> str:
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Give the decision's number.")})
    return number


def _number_decision(decision: Decision, actor: Actor) -> None:
    """A decision drafted without a number gets the next QĐ number of the deciding body's register
    (the dossier's receiving body) on issue, once (NĐ 30/2020 Art. 15, R-FMT-01)."""
    if decision.external or decision.number or decision.issued_number_id or decision.dossier is None:
        return
    body = decision.dossier.receiving_body
    issued = allocate_number(
        actor=actor,
        issuer=body,
        letterhead=letterhead_for_unit(body),
        doc_type=DocType.DECISION,
        day=decision.date,
        summary=str(decision.award_type),
    )
    decision.issued_number = issued
    decision.number = shown_number(issued.number_line)
    decision.save(update_fields=["issued_number", "number"])


@transaction.atomic
def draft_decision(
    *,
    actor: Actor,
    dossier: Dossier,
    award_type: AwardType,
    date: datetime.date,
    number: str = "",
    signer_title: str = "",
    signer_name: str = "",
    bases: str = "",
) -> Decision:
    """A decision for the dossier's eligible lines of one title or form: the authority from the
    catalogue version in force on the decision date, the money of R-MONEY-01 per line. Without a
    `number`, the register gives one when the decision is issued."""
    dossier = lock_dossier(dossier)
    if dossier.status != DossierStatus.FOR_COUNCIL:
        raise ValidationError(_("Only a dossier sent to the council can be decided."))
    lines = [
        line
        for line in dossier.current_lines()
        .filter(award_type=award_type, appraisal=Appraisal.ELIGIBLE)
        .exclude(council_outcome=CouncilOutcome.NOT_APPROVED)
        if not line.decision_lines.exclude(decision__status=DecisionStatus.CANCELLED).exists()
    ]
    if not lines:
        raise ValidationError(_("No eligible line of this title or form is waiting for a decision."))
    version = version_on(award_type, date)
    decision = Decision.objects.create(
        award_type=award_type,
        dossier=dossier,
        year=dossier.year,
        number=(number or "").strip(),
        date=date,
        authority=version.deciding_authority,
        level=award_type.level,
        signer_title=signer_title,
        signer_name=signer_name,
        bases=bases,
        created_by=user_of(actor),
    )
    for position, line in enumerate(lines, start=1):
        _add_decision_line(
            decision, position, dossier_line=line, person=line.person, unit=line.unit, wording=line.wording
        )
    record(actor=actor, action=ProposalAction.DECISION_DRAFT, obj=decision, after=snapshot(decision))
    return decision


def _write_records(decision: Decision, actor: Actor) -> None:
    """One award record per line, with the decision's number, date and authority (outputs.md §3.3)."""
    for line in decision.lines.select_related("dossier_line"):
        year = line.dossier_line.year if line.dossier_line else decision.year
        owner: dict[str, Any] = {"person_id": line.person_id} if line.person_id else {"unit_id": line.unit_id}
        # A local name's record is stored under its legal form (R-CAT-01): the clash is there too.
        stored_as = decision.award_type.legal_form or decision.award_type
        clash = AwardRecord.objects.filter(
            award_type=stored_as, year=year, voided_at__isnull=True, **owner
        ).exists()
        if clash:
            raise ValidationError(
                _("%(who)s already has %(award)s for %(year)s in the history.")
                % {"who": line.awardee, "award": decision.award_type, "year": year}
            )
        AwardRecord.objects.create(
            award_type=decision.award_type,
            year=year,
            decision_number=decision.number,
            decision_date=decision.date,
            decision_authority=decision.authority[:200],
            decision_line=line,
            **owner,
        )
        if line.amount and not decision.external:
            FundEntry.objects.create(
                year=decision.date.year,
                level=decision.level,
                kind=EntryKind.PAYMENT,
                day=decision.date,
                amount=line.amount,
                description=f"{decision.number}: {line.awardee}"[:300],
                decision_line=line,
                created_by=user_of(actor),
            )
        if line.dossier_line_id:
            DossierLine.objects.filter(pk=line.dossier_line_id).update(result=LineResult.AWARDED)


@transaction.atomic
def issue_decision(*, actor: Actor, decision: Decision) -> Decision:
    """Draft -> issued, once: writes the award records and the fund's payments in one transaction;
    the dossier is decided when none of its eligible lines waits for a decision any more."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not allowed(DECISION_TRANSITIONS, decision.status, DecisionStatus.ISSUED):
        raise ValidationError(_("This decision has already been issued or cancelled."))
    _number_decision(decision, actor)
    move(
        decision,
        DecisionStatus.ISSUED,
        DECISION_TRANSITIONS,
        _("This decision has already been issued or cancelled."),
    )
    decision.issued_at = timezone.now()
    decision.save(update_fields=["status", "issued_at"])
    _write_records(decision, actor)
    record(actor=actor, action=ProposalAction.DECISION_ISSUE, obj=decision, after={"status": decision.status})
    if decision.dossier_id:
        dossier = lock_dossier(decision.dossier)  # type: ignore[arg-type]
        waiting = dossier.current_lines().filter(appraisal=Appraisal.ELIGIBLE, result=LineResult.PENDING)
        if dossier.status == DossierStatus.FOR_COUNCIL and not waiting.exists():
            take_step(dossier, DossierStatus.DECIDED, actor=actor, reason=str(decision))
            dossier.current_lines().filter(result=LineResult.PENDING).update(result=LineResult.NOT_AWARDED)
    return decision


@transaction.atomic
def cancel_decision(*, actor: Actor, decision: Decision, reason: str) -> Decision:
    """Issued -> cancelled: voids the records and payments it wrote (never deletes them); its
    dossier goes back to the council (LPM "Hủy phê duyệt")."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    reason = require_reason(reason, _("Give the reason for cancelling the decision."))
    move(
        decision,
        DecisionStatus.CANCELLED,
        DECISION_TRANSITIONS,
        _("Only an issued decision can be cancelled."),
    )
    now = timezone.now()
    decision.cancelled_at, decision.cancel_reason = now, reason
    decision.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    note = (_("Decision %(number)s cancelled: %(reason)s") % {"number": decision.number, "reason": reason})[
        :300
    ]
    voided = AwardRecord.objects.filter(decision_line__decision=decision, voided_at__isnull=True).update(
        voided_at=now, void_reason=note
    )
    FundEntry.objects.filter(decision_line__decision=decision, voided_at__isnull=True).update(voided_at=now)
    line_ids = [pk for pk in decision.lines.values_list("dossier_line_id", flat=True) if pk]
    DossierLine.objects.filter(pk__in=line_ids).update(result=LineResult.PENDING)
    record(
        actor=actor,
        action=ProposalAction.DECISION_CANCEL,
        obj=decision,
        after={"status": decision.status, "reason": reason, "voided_records": voided},
    )
    if decision.dossier_id:
        dossier = lock_dossier(decision.dossier)  # type: ignore[arg-type]
        if dossier.status == DossierStatus.DECIDED:
            take_step(dossier, DossierStatus.FOR_COUNCIL, actor=actor, reason=note)
        dossier.current_lines().filter(result=LineResult.NOT_AWARDED, appraisal=Appraisal.ELIGIBLE).update(
            result=LineResult.PENDING
        )
    return decision


@transaction.atomic
def record_external_decision(
    *,
    actor: Actor,
    award_type: AwardType,
    year: int,
    number: str,
    date: datetime.date,
    authority: str,
    people: list[Person] | None = None,
    units: list[Unit] | None = None,
    scan: UploadedFile | None = None,
    dossier_line: DossierLine | None = None,
) -> Decision:
    """A decision made outside thidua (e.g. the Government's flag): its number, date, authority and
    scanned file; it writes the award history as an issued decision does. Its money is paid by the
    deciding level, not by this fund."""
    people, units = list(people or []), list(units or [])
    if dossier_line is not None and dossier_line.version != dossier_line.dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    if dossier_line is not None:
        people = [dossier_line.person] if dossier_line.person_id else []  # type: ignore[list-item]
        units = [dossier_line.unit] if dossier_line.unit_id else []  # type: ignore[list-item]
    if not people and not units:
        raise ValidationError(_("Name at least one person or collective awarded by the decision."))
    authority = (authority or "").strip() or version_on(award_type, date).deciding_authority
    decision = Decision(
        award_type=award_type,
        dossier=dossier_line.dossier if dossier_line else None,
        year=year,
        number=_check_number(number),
        date=date,
        authority=authority,
        level=award_type.level,
        external=True,
        created_by=user_or_none(actor),
    )
    if scan is not None:
        digest = hashlib.sha256()
        for chunk in scan.chunks():
            digest.update(chunk)
        decision.sha256 = digest.hexdigest()
        decision.scan.save(scan.name or "scan", scan, save=False)
    decision.save()
    position = 0
    for person in people:
        position += 1
        _add_decision_line(decision, position, person=person, dossier_line=dossier_line)
    for unit in units:
        position += 1
        _add_decision_line(decision, position, unit=unit, dossier_line=dossier_line)
    record(
        actor=actor, action=ProposalAction.DECISION_RECORD_EXTERNAL, obj=decision, after=snapshot(decision)
    )
    return issue_decision(actor=actor, decision=decision)
