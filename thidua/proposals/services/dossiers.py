"""Composing a dossier: creating it (or a block's from its conference), its signer and its lines."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record, snapshot
from thidua.awards.models import AwardType
from thidua.orgs.models import Person, Unit
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.models import (
    Dossier,
    DossierKind,
    DossierLine,
)
from thidua.proposals.rules import BASIS_REQUIRED, basis_choices
from thidua.proposals.services.workflow import LINE_FIELDS, lock_dossier


@transaction.atomic
def create_dossier(
    *,
    actor: Actor,
    title: str,
    proposing_unit: Unit,
    receiving_body: Unit,
    year: int,
    kind: str = DossierKind.YEAR_END,
    block_year: Any = None,
    signer_title: str = "",
    signer_name: str = "",
) -> Dossier:
    dossier = Dossier.objects.create(
        signer_title=(signer_title or "").strip(),
        signer_name=(signer_name or "").strip(),
        title=title,
        proposing_unit=proposing_unit,
        receiving_body=receiving_body,
        year=year,
        kind=kind,
        block_year=block_year,
        created_by=user_of(actor),
    )
    record(actor=actor, action=ProposalAction.DOSSIER_CREATE, obj=dossier, after=snapshot(dossier))
    return dossier


@transaction.atomic
def create_block_dossier(*, actor: Actor, block_year: Any) -> Dossier:
    """The block's dossier of the year: from its leader to the block's managing body, with one line
    per proposal the conference approved, carrying the poll's result (outputs.md §1.1)."""
    from thidua.conferences.models import AwardCandidate

    leader = block_year.leader
    if leader is None:
        raise ValidationError(_("This block year has no leader to propose."))
    candidates = list(
        AwardCandidate.objects.filter(block_year=block_year).select_related("award_type", "person", "unit")
    )
    if not candidates:
        raise ValidationError(_("The conference has approved no award proposal for this year yet."))
    dossier = create_dossier(
        actor=actor,
        title=_("Award proposals of %(block)s, %(year)s")
        % {"block": block_year.block, "year": block_year.year},
        proposing_unit=leader,
        receiving_body=block_year.block.managing_body,
        year=block_year.year,
        block_year=block_year,
    )
    for position, candidate in enumerate(candidates, start=1):
        DossierLine.objects.create(
            dossier=dossier,
            version=1,
            person=candidate.person,
            unit=candidate.unit,
            award_type=candidate.award_type,
            year=block_year.year,
            candidate=candidate,
            votes_yes=candidate.yes,
            votes_no=candidate.no,
            votes_abstain=candidate.abstain,
            basis="collective" if candidate.unit_id and candidate.award_type.code in BASIS_REQUIRED else "",
            position=position,
        )
    return dossier


SIGNER_FIELDS = ["signer_title", "signer_name"]


@transaction.atomic
def set_signer(*, actor: Actor, dossier: Dossier, signer_title: str, signer_name: str) -> Dossier:
    """Who signs the tờ trình (and a collective's báo cáo) for the proposing unit (outputs.md §1.1):
    a title starting "Phó" signs KT. for the head; changed while the unit may change the dossier."""
    dossier = lock_dossier(dossier)
    check_editable(dossier)
    before = snapshot(dossier, SIGNER_FIELDS)
    dossier.signer_title, dossier.signer_name = (signer_title or "").strip(), (signer_name or "").strip()
    dossier.save(update_fields=SIGNER_FIELDS)
    record(
        actor=actor,
        action=ProposalAction.DOSSIER_SIGNER,
        obj=dossier,
        before=before,
        after=snapshot(dossier, SIGNER_FIELDS),
    )
    return dossier


def check_editable(dossier: Dossier) -> None:
    if not dossier.editable:
        raise ValidationError(
            _("A dossier that is “%(status)s” cannot be changed by its unit.")
            % {"status": dossier.get_status_display()}
        )


def _check_line(line: DossierLine) -> None:
    award_type = line.award_type
    if (line.person_id is None) == (line.unit_id is None):
        raise ValidationError(_("A line proposes either a person or a collective."))
    if line.person_id and not award_type.for_individuals:
        raise ValidationError({"award_type": _("%(award)s is for collectives.") % {"award": award_type}})
    if line.unit_id and not award_type.for_collectives:
        raise ValidationError({"award_type": _("%(award)s is for individuals.") % {"award": award_type}})
    keys = [key for key, _label in basis_choices(award_type.code)]
    if line.basis and line.basis not in keys:
        raise ValidationError(
            {"basis": _("This basis does not belong to %(award)s.") % {"award": award_type}}
        )


@transaction.atomic
def add_line(
    *,
    actor: Actor,
    dossier: Dossier,
    award_type: AwardType,
    person: Person | None = None,
    unit: Unit | None = None,
    year: int | None = None,
    basis: str = "",
    wording: str = "",
) -> DossierLine:
    """A line the unit adds itself (no conference vote behind it)."""
    dossier = lock_dossier(dossier)
    check_editable(dossier)
    line = DossierLine(
        dossier=dossier,
        version=dossier.version,
        person=person,
        unit=unit,
        award_type=award_type,
        year=year or dossier.year,
        basis=basis,
        wording=wording,
        position=dossier.current_lines().count() + 1,
    )
    _check_line(line)
    line.save()
    record(actor=actor, action=ProposalAction.LINE_ADD, obj=line, after=snapshot(line, LINE_FIELDS))
    return line


@transaction.atomic
def update_line(*, actor: Actor, line: DossierLine, basis: str, wording: str) -> DossierLine:
    check_editable(lock_dossier(line.dossier))
    if line.version != line.dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    before = snapshot(line, LINE_FIELDS)
    line.basis, line.wording = basis, wording
    _check_line(line)
    line.save()
    record(
        actor=actor,
        action=ProposalAction.LINE_UPDATE,
        obj=line,
        before=before,
        after=snapshot(line, LINE_FIELDS),
    )
    return line


@transaction.atomic
def remove_line(*, actor: Actor, line: DossierLine) -> None:
    check_editable(lock_dossier(line.dossier))
    if line.version != line.dossier.version:
        raise ValidationError(_("An earlier version of a dossier cannot be changed."))
    record(actor=actor, action=ProposalAction.LINE_REMOVE, obj=line, before=snapshot(line, LINE_FIELDS))
    line.delete()
