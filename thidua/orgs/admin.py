from __future__ import annotations

from django.contrib import admin

from thidua.lib.admin import ViewOnlyAdmin
from thidua.orgs.models import Person, Position, Unit, UnitLineage


@admin.register(Unit)
class UnitAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "active_to"]
    list_filter = ["kind", "level"]
    search_fields = ["code", "name", "name_search"]
    autocomplete_fields = ["parent"]


@admin.register(UnitLineage)
class UnitLineageAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "date", "inherits_history"]
    autocomplete_fields = ["predecessor", "successor"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["full_name", "gender", "birth_date", "national_id", "civil_servant_code"]
    search_fields = ["name_search", "national_id", "civil_servant_code"]
    inlines = [PositionInline]
