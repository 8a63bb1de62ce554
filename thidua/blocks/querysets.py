"""Named, chainable filters for blocks and block years."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Prefetch

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.lib.vietnamese import search_key
from thidua.orgs.models import Unit

if TYPE_CHECKING:
    from thidua.blocks.models import Block, BlockYear  # noqa: F401


class BlockQuerySet(models.QuerySet["Block"]):
    def visible_to(self, user: Actor) -> BlockQuerySet:
        """Blocks the user may read: all for board and observers, else those its unit was a member of."""
        if perms.sees_everything(user):
            return self.all()
        return self.filter(id__in=Unit.objects.member_block_ids(user))

    def search(self, text: str) -> BlockQuerySet:
        key = search_key(text)
        return self.filter(name_search__contains=key) if key else self


class BlockYearQuerySet(models.QuerySet["BlockYear"]):
    def visible_to(self, user: Actor) -> BlockYearQuerySet:
        """Block years of the blocks the user may read."""
        from thidua.blocks.models import Block  # models import this module

        return self.filter(block__in=Block.objects.visible_to(user))

    def led_ids(self, user: Actor) -> set[int]:
        """Block years whose leader is the user's unit (the user is then a block leader officer)."""
        from thidua.blocks.models import MemberRole  # models import this module

        if not perms.is_unit_officer(user) or user.unit_id is None:
            return set()
        return set(
            self.model.objects.filter(
                memberships__unit_id=user.unit_id, memberships__role=MemberRole.LEADER
            ).values_list("id", flat=True)
        )

    def in_year(self, year: int) -> BlockYearQuerySet:
        return self.filter(year=year)

    def with_members(self) -> BlockYearQuerySet:
        """Prefetch memberships and their units, leader first, so `leader` and `deputies` need no query."""
        from thidua.blocks.models import Membership  # models import this module

        ordered = Membership.objects.select_related("unit").order_by("unit__name_sort")
        return self.select_related("block", "flag_handed_by", "flag_received_by").prefetch_related(
            Prefetch("memberships", queryset=ordered)
        )
