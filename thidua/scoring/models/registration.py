"""Emulation movements (phong trào thi đua) and the members' registrations for them."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic")


class Movement(models.Model):
    """An emulation movement of the block year (Law Art 16(1)): regular, or thematic with dates and a theme."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MovementKind.choices, default=MovementKind.REGULAR
    )
    name = models.CharField(_("name"), max_length=255)
    theme = models.TextField(_("theme"), blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["block_year", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="regular")
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gte=models.F("start"))),
                name="scoring_movement_thematic_has_dates",
                violation_error_message=_("A thematic movement needs its start and end dates, in order."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A member's emulation registration (đăng ký thi đua): its targets and the titles it aims for."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    targets = models.TextField(_("targets"))
    titles = models.TextField(
        _("titles aimed for"),
        blank=True,
        help_text=_("Titles its collectives and people aim for, one per line."),
    )
    movements = models.ManyToManyField(
        Movement, verbose_name=_("movements"), blank=True, related_name="registrations"
    )
    registered_by = models.ForeignKey(
        "accounts.User", verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit"],
                name="scoring_registration_one_per_member",
                violation_error_message=_("This member has already registered this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.block_year.year}"


class RegistrationTitle(models.Model):
    """How many of its collectives and people a member registers for a title or form (e.g. one
    Tập thể lao động xuất sắc, five Chiến sĩ thi đua cơ sở), beside the registration's free text."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="title_counts")
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("registered title")
        verbose_name_plural = _("registered titles")
        ordering = ["registration", "award_type__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "award_type"], name="scoring_registrationtitle_unique_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.number}"
