"""The settings of the eligibility rules (the [U] parameters of law.md with their defaults) and their
choices."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LineagePolicy(models.TextChoices):
    """Which unit lineage links carry award history (law.md §9 item 11, default D6)."""

    MARKED = "marked", _("Renames, and mergers or splits the board marked as inheriting")
    ALWAYS = "always", _("Every lineage link")
    NEVER = "never", _("No link (each unit keeps only its own history)")


class DisciplineCountsFrom(models.TextChoices):
    """When a year counts again after discipline (default D11)."""

    NEXT_YEAR = "next_year", _("Only years that began after the discipline period ended")
    SAME_YEAR = "same_year", _("Also the year in which the discipline period ended")


class CapBase(models.TextChoices):
    """What the cap on Chiến sĩ thi đua cơ sở is a share of (R-IND-03; law.md is silent, a setting)."""

    LDTT = "ldtt", _("people meeting the Lao động tiên tiến standard")
    RATED = "rated", _("people rated")


class CapRounding(models.TextChoices):
    """How the cap on Chiến sĩ thi đua cơ sở is rounded (R-IND-03; law.md is silent, a setting)."""

    DOWN = "down", _("down")
    UP = "up", _("up")
    NEAREST = "nearest", _("to the nearest whole number (half up)")


class LowLevelBlockFlag(models.TextChoices):
    """The leading unit of a block or cluster not organised by the province or a ministry (e.g. a
    commune-level cluster), proposed for the province's flag (R-COL-03; issue 12 item 7): the Law speaks
    of blocks organised by the province, the province's guidance may allow its other blocks."""

    CHECK = "check", _("needs a human check (the province's guidance may allow it)")
    ALLOW = "allow", _("allowed (the province's guidance allows it)")
    REFUSE = "refuse", _("not eligible")


class CaseKind(models.TextChoices):
    DISCIPLINE_REVIEW = "discipline_review", _("Under disciplinary consideration")
    INVESTIGATION = "investigation", _("Under investigation")
    INSPECTION_VIOLATION = "inspection_violation", _("Inspection with signs of violation")
    INSPECTION_ROUTINE = "inspection_routine", _("Routine inspection without signs of violation")
    COMPLAINT = "complaint", _("Complaint or denunciation under verification")
    PRESS_REPORT = "press_report", _("Press report of corruption under verification")


def default_blocking_kinds() -> list[str]:
    """D10: everything except a routine inspection without signs of violation."""
    return [kind for kind in CaseKind.values if kind != CaseKind.INSPECTION_ROUTINE]


class EligibilitySettings(models.Model):
    """The [U] parameters of the eligibility rules, each with law.md's default; a new row from a date
    replaces the previous one from then on (the rules are versioned like the law)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    lineage_policy = models.CharField(
        _("history across unit lineage (D6)"),
        max_length=10,
        choices=LineagePolicy.choices,
        default=LineagePolicy.MARKED,
    )
    ldtt_min_months = models.PositiveSmallIntegerField(
        _("months worked in the year for Lao động tiên tiến (0 = no exclusion)"),
        default=0,
        validators=[MaxValueValidator(12)],
    )
    cstdcs_cap_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format (a literal per cent sign, never formatted)
        _("cap on Chiến sĩ thi đua cơ sở, % of Lao động tiên tiến (empty = no cap, R-IND-03)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    cstdcs_cap_base = models.CharField(
        _("the cap on Chiến sĩ thi đua cơ sở is a share of (R-IND-03)"),
        max_length=10,
        choices=CapBase.choices,
        default=CapBase.LDTT,
    )
    cstdcs_cap_rounding = models.CharField(
        _("the cap on Chiến sĩ thi đua cơ sở is rounded (R-IND-03)"),
        max_length=10,
        choices=CapRounding.choices,
        default=CapRounding.DOWN,
    )
    cstdcs_both_from = models.DateField(
        _("Chiến sĩ thi đua cơ sở needs both an excellent rating and an initiative from (D9)"),
        null=True,
        blank=True,
    )
    chain_reuse = models.BooleanField(
        _("chain years may be reused for a second Chiến sĩ thi đua tỉnh (D2)"), default=False
    )
    ldtt_share_pct = models.PositiveSmallIntegerField(
        _("share of members with Lao động tiên tiến for collective titles (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    ttldxs_no_discipline = models.BooleanField(
        _("Tập thể lao động xuất sắc needs no disciplined member (D5)"), default=False
    )
    initiative_strict = models.BooleanField(
        _("an initiative grounds at most one title or form (R-GEN-05 strict mode)"), default=True
    )
    flags_per_block = models.PositiveSmallIntegerField(
        _("province flags per block and year (D13)"), default=1, validators=[MinValueValidator(1)]
    )
    low_level_block_flag = models.CharField(
        _("the leader of a block below the province, for the province's flag (R-COL-03)"),
        max_length=10,
        choices=LowLevelBlockFlag.choices,
        default=LowLevelBlockFlag.CHECK,
    )
    thematic_min_years = models.PositiveSmallIntegerField(
        _("minimum length of a thematic movement for a province flag (years)"), default=3
    )
    government_flag_cap_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format (a literal per cent sign, never formatted)
        _("cap on Government flag proposals, % of block leaders (empty = off)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    pm_run_years = models.PositiveSmallIntegerField(
        _("years of the run for Bằng khen của Thủ tướng (R-IND-09)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    pm_run_counts_award_year = models.BooleanField(
        _("the year of the province's Bằng khen counts in that run (D7)"), default=False
    )
    discipline_counts_from = models.CharField(
        _("years counting after discipline (D11)"),
        max_length=10,
        choices=DisciplineCountsFrom.choices,
        default=DisciplineCountsFrom.NEXT_YEAR,
    )
    blocking_case_kinds = models.JSONField(
        _("cases that block a proposal (D10)"), default=default_blocking_kinds
    )
    rounding_step = models.PositiveIntegerField(
        _("cash amounts are rounded up to a multiple of (VND, D8)"),
        default=10000,
        validators=[MinValueValidator(1)],
    )
    offer_newer_rule = models.BooleanField(
        _("offer the result under a newer, more favourable rule (R-VER-01)"), default=True
    )
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility settings")
        verbose_name_plural = _("eligibility settings")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"
