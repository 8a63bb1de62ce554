"""Named, chainable filters for units and people."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from thidua.accounts import permissions as perms
from thidua.accounts.models import Role
from thidua.accounts.types import Actor
from thidua.lib.vietnamese import search_key

if TYPE_CHECKING:
    from thidua.orgs.models import Person, Unit  # noqa: F401


# Blocks sit above orgs: the scopes below reach block memberships through the reverse relation
# `Unit.memberships` (blocks.Membership.unit), never by importing blocks. "leader" is
# blocks.MemberRole.LEADER.
LEADER_ROLE = "leader"


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Actor) -> UnitQuerySet:
        """Units the user may read: all for board and observers; own tree and fellow block members otherwise."""
        if perms.sees_everything(user):
            return self.all()
        own = self.own_ids(user)
        if not own:
            return self.none()
        blocks = self.member_block_ids(user)
        fellow = self.model.objects.filter(memberships__block_year__block_id__in=blocks).values("id")
        return self.filter(Q(id__in=own) | Q(id__in=fellow))

    def tree_ids(self, unit_id: int) -> set[int]:
        """The unit and all its sub-units, however deep."""
        found = {unit_id}
        frontier = {unit_id}
        while frontier:
            frontier = (
                set(self.model.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            )
            found |= frontier
        return found

    def own_ids(self, user: Actor) -> set[int]:
        """The user's unit and its sub-units (empty for roles without a unit)."""
        if (
            not perms.is_authenticated(user)
            or user.unit_id is None
            or user.role not in (Role.UNIT_OFFICER, Role.DELEGATE)
        ):
            return set()
        cache = getattr(user, "_thidua_own_units", None)
        if cache is None:
            cache = self.tree_ids(user.unit_id)
            user._thidua_own_units = cache
        return cache

    def member_block_ids(self, user: Actor) -> set[int]:
        """Blocks the user's unit has been a member of in any year."""
        if not perms.is_authenticated(user) or user.unit_id is None or not self.own_ids(user):
            return set()
        rows = self.model.objects.filter(pk=user.unit_id).values_list(
            "memberships__block_year__block_id", flat=True
        )
        return {block_id for block_id in rows if block_id is not None}

    def people_readable_ids(self, user: Actor) -> set[int] | None:
        """Units whose people the user may read; None means all: the own tree, and for a block leader
        officer the members of the block years its unit leads."""
        if perms.sees_everything(user):
            return None
        if not perms.is_unit_officer(user) or user.unit_id is None:
            return set()
        led_units = set(
            self.model.objects.filter(
                memberships__block_year__memberships__unit_id=user.unit_id,
                memberships__block_year__memberships__role=LEADER_ROLE,
            ).values_list("id", flat=True)
        )
        return self.own_ids(user) | led_units

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
    def visible_to(self, user: Actor) -> PersonQuerySet:
        """People the user may read: all for board and observers, else people who worked in readable units."""
        from thidua.orgs.models import Position, Unit  # models import this module

        unit_ids = Unit.objects.people_readable_ids(user)
        if unit_ids is None:
            return self.all()
        if not unit_ids:
            return self.none()
        return self.filter(Exists(Position.objects.filter(person=OuterRef("pk"), unit_id__in=unit_ids)))

    def search(self, text: str) -> PersonQuerySet:
        """Diacritic-insensitive match on the name ("nguyen van a" finds "Nguyễn Văn A"), or an exact ID."""
        text = text.strip()
        if text.isdecimal():
            return self.filter(Q(national_id=text) | Q(civil_servant_code=text))
        key = search_key(text)
        return self.filter(Q(name_search__contains=key) | Q(civil_servant_code__iexact=text)) if key else self

    def in_unit(self, unit_id: int, day: datetime.date | None = None) -> PersonQuerySet:
        """People holding a position in the unit on `day` (today by default)."""
        from thidua.orgs.models import Position  # models import this module

        day = day or timezone.localdate()
        current = Position.objects.filter(person=OuterRef("pk"), unit_id=unit_id, start__lte=day).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )
        return self.filter(Exists(current))
