"""Scoring tables (bảng tiêu chí chấm điểm): a versioned tree of groups and criteria per block year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit

# Points are exact decimals with two places: 1,000-point tables and half-point steps fit.
POINTS: dict[str, Any] = {"max_digits": 8, "decimal_places": 2}


class TableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FROZEN = "frozen", _("Frozen")


class ScoringTable(models.Model):
    """One version of a block year's scoring table. Frozen versions never change; an amendment is a
    new version with a reason, so every score can say which version it used."""

    block_year = models.ForeignKey(
        BlockYear, verbose_name=_("block year"), on_delete=models.PROTECT, related_name="scoring_tables"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    total_points = models.DecimalField(
        _("total points"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("For example 100 or 1,000."),
        **POINTS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TableStatus.choices, default=TableStatus.DRAFT
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)

    class Meta:
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        ordering = ["block_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "version"],
                name="scoring_scoringtable_unique_version",
                violation_error_message=_("This block year already has a scoring table with this version."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(frozen_at__isnull=False),
                name="scoring_scoringtable_frozen_has_time",
                violation_error_message=_("A frozen table records when it was frozen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status == TableStatus.FROZEN


class CriterionKind(models.TextChoices):
    GROUP = "group", _("Group")
    NORMAL = "normal", _("Criterion")
    BONUS = "bonus", _("Bonus points")
    PENALTY = "penalty", _("Penalty points")


class Criterion(models.Model):
    """A group or criterion of a scoring table. For bonus and penalty items `max_points` is the cap."""

    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.NORMAL
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example I, I.1, II.3.a"))
    text = models.TextField(_("content"))
    guidance = models.TextField(_("scoring guidance"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS
    )
    step = models.DecimalField(
        _("allowed step"),
        null=True,
        blank=True,
        help_text=_("For example 0.5; empty allows any value."),
        **POINTS,
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    applies_to = models.ManyToManyField(
        Unit,
        verbose_name=_("applies only to"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every member."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["table", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"],
                name="scoring_criterion_unique_code",
                violation_error_message=_("Another criterion of this table has this code."),
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gt=0),
                name="scoring_criterion_step_positive",
                violation_error_message=_("The step must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"
