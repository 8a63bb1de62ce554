from django.contrib import admin

from thidua.proposals.models import Deadline, FundSettings, Holiday


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "due"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name"]


@admin.register(FundSettings)
class FundSettingsAdmin(admin.ModelAdmin):
    """The organisation share is a setting of the board (outputs.md §3.4)."""

    list_display = ["valid_from", "organisation_share_pct"]
