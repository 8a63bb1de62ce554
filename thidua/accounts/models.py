"""Accounts: one user per officer, with a role and the unit the officer works for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of PRODUCT.md. A block leader officer is a unit officer whose unit leads a block year."""

    BOARD_OFFICER = "board_officer", _("Board officer")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    DELEGATE = "delegate", _("Delegate")
    OBSERVER = "observer", _("Observer")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLES_NEEDING_UNIT = (Role.UNIT_OFFICER, Role.DELEGATE)


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OBSERVER)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Required for unit officers and delegates."),
    )
    # Not a field: `Unit.objects.own_ids(user)` keeps the user's unit tree here for the request.
    _thidua_own_units: set[int]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=ROLES_NEEDING_UNIT) | Q(unit__isnull=False),
                name="accounts_user_unit_roles_have_unit",
                violation_error_message=_("Unit officers and delegates must belong to a unit."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username
