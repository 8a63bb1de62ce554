from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from thidua.accounts.audit_actions import AccountAction
from thidua.accounts.models import User
from thidua.audit.services import record, snapshot

# Never the password hash: who changed a role or unit is what the log must show.
AUDITED = ["username", "full_name", "email", "role", "unit", "is_active", "is_staff", "is_superuser"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are the administrator's work: role and unit decide what each officer sees."""

    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Officer"), {"fields": ("full_name", "email", "role", "unit")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        """Roles and units decide what officers see: every change is audited."""
        before = snapshot(User.objects.get(pk=obj.pk), AUDITED) if change else None
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=AccountAction.USER_UPDATE if change else AccountAction.USER_CREATE,
            obj=obj,
            before=before,
            after=snapshot(obj, AUDITED),
        )

    def delete_model(self, request: Any, obj: User) -> None:
        record(actor=request.user, action=AccountAction.USER_DELETE, obj=obj, before=snapshot(obj, AUDITED))
        super().delete_model(request, obj)

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "role", "unit", "password1", "password2"),
            },
        ),
    )
