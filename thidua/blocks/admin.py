from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.blocks.models import Block, BlockYear, Membership
from thidua.lib.admin import ViewOnlyAdmin


@admin.register(Block)
class BlockAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "managing_body", "rotation_method", "rotation_gap_years"]
    search_fields = ["code", "name", "name_search"]


class MembershipInline(admin.TabularInline):
    """Read-only here: members, leader and deputies change through the block-year page, which checks R-BLK-01/02."""

    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["unit", "role"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BlockYear)
class BlockYearAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["block", "year"]
    list_filter = ["year"]
    inlines = [MembershipInline]
