"""Named, chainable filters for the catalogue and the award history."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from thidua.accounts.types import Actor
from thidua.orgs.models import Position, Unit


class VersionQuerySet(models.QuerySet[Any]):
    def in_force_on(self, day: datetime.date) -> VersionQuerySet:
        """Versions whose period covers `day` (R-VER-01, R-VER-02)."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class HistoryQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Actor) -> HistoryQuerySet:
        """Records the user may read: everything for the board and observers; for a unit officer, the
        records of its own units (a block leader officer: also its members) and of the people it may
        read; nothing for delegates (awards.permissions)."""
        unit_ids = Unit.objects.people_readable_ids(user)
        if unit_ids is None:
            return self.all()
        if not unit_ids:
            return self.none()
        people = Position.objects.filter(person=OuterRef("person_id"), unit_id__in=unit_ids)
        return self.filter(Q(unit_id__in=unit_ids) | Q(Exists(people)))

    def of_person(self, person_id: int) -> HistoryQuerySet:
        return self.filter(person_id=person_id)

    def of_unit(self, unit_id: int) -> HistoryQuerySet:
        return self.filter(unit_id=unit_id)

    def in_years(self, first: int, last: int) -> HistoryQuerySet:
        return self.filter(year__gte=first, year__lte=last)
