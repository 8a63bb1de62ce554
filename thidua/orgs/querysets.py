"""Named, chainable filters for units and people."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from thidua.lib.vietnamese import search_key

if TYPE_CHECKING:
    from thidua.orgs.models import Person, Unit  # noqa: F401


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Any) -> UnitQuerySet:
        """Units the user may read: all for board and observers; own tree and fellow block members otherwise."""
        from thidua.accounts import permissions as perms
        from thidua.blocks.models import Membership

        if perms.sees_everything(user):
            return self.all()
        own = perms.own_unit_ids(user)
        if not own:
            return self.none()
        blocks = perms.member_block_ids(user)
        fellow = Membership.objects.filter(block_year__block_id__in=blocks).values("unit_id")
        return self.filter(Q(id__in=own) | Q(id__in=fellow))

    def search(self, text: str) -> UnitQuerySet:
        """Diacritic-insensitive match on name, short name and code."""
        key = search_key(text)
        return self.filter(name_search__contains=key) if key else self

    def active_on(self, day: datetime.date) -> UnitQuerySet:
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def top_level(self) -> UnitQuerySet:
        """Units that are not sub-units (candidates for block membership)."""
        return self.exclude(kind="sub_unit")


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """People the user may read: all for board and observers, else people who worked in readable units."""
        from thidua.accounts import permissions as perms
        from thidua.orgs.models import Position

        unit_ids = perms.readable_people_unit_ids(user)
        if unit_ids is None:
            return self.all()
        if not unit_ids:
            return self.none()
        return self.filter(Exists(Position.objects.filter(person=OuterRef("pk"), unit_id__in=unit_ids)))

    def search(self, text: str) -> PersonQuerySet:
        """Diacritic-insensitive match on the name ("nguyen van a" finds "Nguyễn Văn A"), or an exact ID."""
        text = text.strip()
        if text.isdigit():
            return self.filter(Q(national_id=text) | Q(civil_servant_code=text))
        key = search_key(text)
        return self.filter(Q(name_search__contains=key) | Q(civil_servant_code__iexact=text)) if key else self

    def in_unit(self, unit_id: int, day: datetime.date | None = None) -> PersonQuerySet:
        """People holding a position in the unit on `day` (today by default)."""
        from thidua.orgs.models import Position

        day = day or datetime.date.today()
        current = Position.objects.filter(person=OuterRef("pk"), unit_id=unit_id, start__lte=day).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )
        return self.filter(Exists(current))
