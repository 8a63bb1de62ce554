"""Named, chainable filters for blocks and block years."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Prefetch

from thidua.lib.vietnamese import search_key

if TYPE_CHECKING:
    from thidua.blocks.models import Block, BlockYear  # noqa: F401


class BlockQuerySet(models.QuerySet["Block"]):
    def visible_to(self, user: Any) -> BlockQuerySet:
        """Blocks the user may read: all for board and observers, else those its unit was a member of."""
        from thidua.accounts import permissions as perms

        if perms.sees_everything(user):
            return self.all()
        return self.filter(id__in=perms.member_block_ids(user))

    def search(self, text: str) -> BlockQuerySet:
        key = search_key(text)
        return self.filter(name_search__contains=key) if key else self


class BlockYearQuerySet(models.QuerySet["BlockYear"]):
    def visible_to(self, user: Any) -> BlockYearQuerySet:
        """Block years of the blocks the user may read."""
        from thidua.blocks.models import Block

        return self.filter(block__in=Block.objects.visible_to(user))

    def in_year(self, year: int) -> BlockYearQuerySet:
        return self.filter(year=year)

    def with_members(self) -> BlockYearQuerySet:
        """Prefetch memberships and their units, leader first, so `leader` and `deputies` need no query."""
        from thidua.blocks.models import Membership

        ordered = Membership.objects.select_related("unit").order_by("unit__name_sort")
        return self.select_related("block").prefetch_related(Prefetch("memberships", queryset=ordered))
