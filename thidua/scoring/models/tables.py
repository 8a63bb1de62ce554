"""Scoring tables (bảng tiêu chí chấm điểm): a versioned tree of groups and criteria per block year,
the members' targets for criteria scored by formula, and the block year's scoring rules."""

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


# The one table of allowed transitions of each workflow model (STYLE.md): each state and the states
# it may be reached from; services move through `thidua.lib.workflow.move`.
TABLE_TRANSITIONS: dict[str, set[str]] = {TableStatus.FROZEN: {TableStatus.DRAFT}}


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


class Formula(models.TextChoices):
    NONE = "none", _("Scored directly")
    PROPORTIONAL = "proportional", _("Proportional to each member's target, capped at the maximum")


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
    formula = models.CharField(
        _("scoring formula"), max_length=20, choices=Formula.choices, default=Formula.NONE
    )
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


class FinalMethod(models.TextChoices):
    """How a criterion's final score follows from the reviews (issue 3; R-BLK-04 leaves it to the block)."""

    LEADER = "leader", _("The leader's verified score")
    MEAN = "mean", _("Mean of the reviewers")
    MEDIAN = "median", _("Median of the reviewers")
    TRIMMED_MEAN = "trimmed_mean", _("Mean of the reviewers without the highest and lowest")


def default_tie_breaks() -> list[str]:
    return ["total", "penalty"]


def default_bands() -> list[list[Any]]:
    # [U] classification bands differ by province: a setting with a common default.
    return [["90", "Xuất sắc"], ["80", "Tốt"], ["70", "Khá"], ["0", "Trung bình"]]


class CriterionTarget(models.Model):
    """A member's own target for a criterion scored by formula (e.g. 120 dossiers for Sở Tư pháp)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(
        _("target"), validators=[MinValueValidator(Decimal("0.01"))], max_digits=14, decimal_places=2
    )

    class Meta:
        verbose_name = _("member target")
        verbose_name_plural = _("member targets")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="scoring_criteriontarget_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.unit}: {self.target}"


class ScoringRules(models.Model):
    """The block year's choices for scoring, review and ranking; [U] items of law.md are settings here."""

    block_year = models.OneToOneField(BlockYear, on_delete=models.CASCADE, related_name="scoring_rules")
    final_method = models.CharField(
        _("final score"), max_length=20, choices=FinalMethod.choices, default=FinalMethod.LEADER
    )
    reviewers_see_self_score = models.BooleanField(_("reviewers see the self-score"), default=True)
    reviewers_see_other_reviews = models.BooleanField(
        _("reviewers see each other's scores before submitting"), default=False
    )
    justification_gap = models.DecimalField(
        _("gap that needs a written justification"),
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal(0))],
        **POINTS,
    )
    tie_breaks = models.JSONField(_("tie-breaks, in order"), default=default_tie_breaks)
    bands = models.JSONField(_("classification bands"), default=default_bands)
    self_scoring_deadline = models.DateField(_("self-scoring deadline"), null=True, blank=True)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    explanation_deadline = models.DateField(_("deadline for explanations"), null=True, blank=True)

    class Meta:
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")

    def __str__(self) -> str:
        return f"{self.block_year}"
