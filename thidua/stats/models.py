"""The statutory statistical forms (biểu mẫu thống kê) as versioned data.

A form version (e.g. 0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV) has rows and columns; each row and
column carries a declarative `spec` saying what it counts (see `thidua.stats.statutory`), so a new
circular (18/2025/TT-BNV) is a new version with new rows, never new code.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSource(models.TextChoices):
    AWARDS = "awards", _("Award records (lượt)")
    MOVEMENTS = "movements", _("Emulation movements")


class FormVersion(models.Model):
    """One statutory form as issued by one circular, in force from `valid_from`."""

    code = models.CharField(_("form number"), max_length=40)
    circular = models.CharField(_("issued by"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    unit_of_count = models.CharField(_("unit of count"), max_length=60)
    source = models.CharField(_("counts"), max_length=12, choices=FormSource.choices)
    receiving_day = models.CharField(_("day of receipt"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("statutory form")
        verbose_name_plural = _("statutory forms")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "circular"], name="stats_formversion_unique_code_circular"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.circular})"


class FormRow(models.Model):
    """A row (chỉ tiêu) of a form: its code (mã số), label, indent and what it counts."""

    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("row code"), max_length=10, blank=True)
    label = models.CharField(_("label"), max_length=300)
    indent = models.PositiveSmallIntegerField(_("indent"), default=0)
    # None: a heading row, no figures; {}: everything of the column.
    spec = models.JSONField(_("what it counts"), null=True, blank=True)

    class Meta:
        verbose_name = _("row of a statutory form")
        verbose_name_plural = _("rows of statutory forms")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="stats_formrow_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.version.code} {self.code} {self.label}"


class FormColumn(models.Model):
    """A numbered data column of a form (1, 2, …) and what it counts."""

    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="columns")
    number = models.PositiveSmallIntegerField(_("column number"))
    label = models.CharField(_("label"), max_length=300)
    group = models.CharField(_("header group"), max_length=200, blank=True)
    spec = models.JSONField(_("what it counts"), default=dict)

    class Meta:
        verbose_name = _("column of a statutory form")
        verbose_name_plural = _("columns of statutory forms")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="stats_formcolumn_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.version.code} ({self.number}) {self.label}"

    def as_spec(self) -> dict[str, Any]:
        return dict(self.spec or {})


class AwardYearFigures(models.Model):
    """The province's award figures of one year as the grouped aggregate gave them (a cache:
    deleting every row loses nothing).

    `version` is bumped by database triggers (migration 0004, `thidua.stats.triggers`) on every write
    that can change the year's figures: an award record of the year inserted, deleted, or changed in
    its year, title or form, owner or voiding, and a person with an award of the year changing gender.
    The figures are valid while `computed_version` equals `version`. The triggers only update rows
    (never insert), so a copy of the database (`thidua move_to_postgresql`) copies this table as it is.

    `cells`: [award type id, collective lượt, individual lượt, women, men] per title or form.
    """

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)
    computed_version = models.BigIntegerField(_("computed at version"), null=True, blank=True)
    cells = models.JSONField(_("figures"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        db_table = "stats_awardyearfigures"
        verbose_name = _("award figures of a year")
        verbose_name_plural = _("award figures of the years")

    def __str__(self) -> str:
        return f"{self.year} (v{self.version})"

    @property
    def valid(self) -> bool:
        return self.cells is not None and self.computed_version == self.version
