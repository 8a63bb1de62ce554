"""Movements of a block year and the members' registrations (đăng ký thi đua)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import Movement, MovementKind, Registration, RegistrationTitle


@transaction.atomic
def add_movement(
    *,
    actor: Actor,
    block_year: BlockYear,
    name: str,
    kind: str = MovementKind.REGULAR,
    theme: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Movement:
    """A regular or thematic movement (Law Art 16(1)); a thematic one has a theme and dates."""
    if kind == MovementKind.THEMATIC and not theme.strip():
        raise ValidationError({"theme": _("Give the thematic movement its theme.")})
    if kind == MovementKind.THEMATIC and not (start and end):
        raise ValidationError(
            {"start" if start is None else "end": _("Give the thematic movement its start and end dates.")}
        )
    if start and end and end < start:
        raise ValidationError({"end": _("The movement ends before it starts; check the dates.")})
    movement = Movement(
        block_year=block_year, name=name.strip(), kind=kind, theme=theme.strip(), start=start, end=end
    )
    movement.full_clean()
    movement.save()
    record(actor=actor, action=ScoringAction.MOVEMENT_CREATE, obj=movement, after=snapshot(movement))
    return movement


@transaction.atomic
def register(
    *,
    actor: Actor,
    block_year: BlockYear,
    unit: Unit,
    targets: str,
    titles: str = "",
    movements: list[Movement] | None = None,
    title_counts: dict[Any, int] | None = None,
) -> Registration:
    """Record or update a member's registration of its targets and the titles it aims for: how many
    of its collectives and people for each title or form (`title_counts`, an award type to a
    number; None keeps the counts already registered), with free-text notes in `titles`."""
    if unit.pk not in set(block_year.memberships.values_list("unit_id", flat=True)):
        raise ValidationError(
            _("%(unit)s is not a member of the block in %(year)s.") % {"unit": unit, "year": block_year.year}
        )
    if not targets.strip():
        raise ValidationError({"targets": _("Write the targets your unit registers.")})
    chosen = movements or []
    if any(m.block_year_id != block_year.pk for m in chosen):
        raise ValidationError({"movements": _("Choose movements of this block year.")})
    registration, created = Registration.objects.update_or_create(
        block_year=block_year,
        unit=unit,
        defaults={
            "targets": targets.strip(),
            "titles": titles.strip(),
            "registered_by": user_of(actor),
            "registered_at": timezone.now(),
        },
    )
    registration.movements.set(chosen)
    if title_counts is not None:
        if any(number < 0 for number in title_counts.values()):
            raise ValidationError({"title_counts": _("A registered number cannot be negative.")})
        registration.title_counts.all().delete()
        RegistrationTitle.objects.bulk_create(
            RegistrationTitle(registration=registration, award_type=award_type, number=number)
            for award_type, number in title_counts.items()
            if number > 0
        )
    record(
        actor=actor,
        action=ScoringAction.REGISTRATION_CREATE if created else ScoringAction.REGISTRATION_UPDATE,
        obj=registration,
        after={
            **snapshot(registration),
            "title_counts": {
                t.award_type.code: t.number for t in registration.title_counts.select_related("award_type")
            },
        },
    )
    return registration


def not_registered(block_year: BlockYear) -> list[Unit]:
    """The members that have not registered yet, for the leader's follow-up."""
    done = set(Registration.objects.filter(block_year=block_year).values_list("unit_id", flat=True))
    return [m.unit for m in block_year.memberships.select_related("unit") if m.unit_id not in done]
