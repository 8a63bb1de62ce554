"""The board's calendar: deadlines per year and kind of dossier (R-TIME-01) and holidays."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.models import (
    Deadline,
    Holiday,
)


@transaction.atomic
def set_deadline(*, actor: Actor, year: int, kind: str, due: datetime.date) -> Deadline:
    """The board's deadline for a year and kind of dossier (R-TIME-01)."""
    deadline, _created = Deadline.objects.update_or_create(year=year, kind=kind, defaults={"due": due})
    record(actor=actor, action=ProposalAction.DOSSIER_DEADLINE, obj=deadline, after=snapshot(deadline))
    return deadline


@transaction.atomic
def add_holiday(*, actor: Actor, day: datetime.date, name: str) -> Holiday:
    if Holiday.objects.filter(day=day).exists():
        raise ValidationError({"day": _("This day is already a holiday.")})
    holiday = Holiday.objects.create(day=day, name=name)
    record(actor=actor, action=ProposalAction.HOLIDAY_ADD, obj=holiday, after=snapshot(holiday))
    return holiday
