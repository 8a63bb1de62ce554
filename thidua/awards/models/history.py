"""The history the eligibility engine reads: awards decided, ratings, initiatives and their uses,
discipline, open cases and maternity leave. Every record belongs to exactly one person or one unit
(a database constraint)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.models.catalogue import YEAR_VALIDATORS, AwardLevel, AwardType
from thidua.awards.models.settings import CaseKind
from thidua.awards.querysets import HistoryQuerySet
from thidua.orgs.models import Person, Unit


def _one_owner(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(person__isnull=False) & Q(unit__isnull=True))
        | (Q(person__isnull=True) & Q(unit__isnull=False)),
        name=f"awards_{prefix}_one_owner",
        violation_error_message=_("A record belongs to either a person or a unit."),
    )


class HistoryRecord(models.Model):
    """Owned by one person or one unit."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def owner(self) -> Person | Unit:
        return self.person if self.person_id else self.unit  # type: ignore[return-value]


class CommendationType(models.TextChoices):
    """Law Art 8 (loại hình khen thưởng); `thematic` per NĐ 152 Art 4(3)."""

    MOVEMENT = "movement", _("Emulation movement")
    MERIT = "merit", _("Merit")
    AD_HOC = "ad_hoc", _("Ad-hoc")
    THEMATIC = "thematic", _("Thematic")
    CAREER = "career", _("Career contribution")
    SENIORITY = "seniority", _("Seniority")
    FOREIGN = "foreign", _("Foreign")


class AwardRecord(HistoryRecord):
    """An award decided for a person or a collective: the title or form, the year it is for, the decision."""

    award_type = models.ForeignKey(
        AwardType, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("decided by"), max_length=200, blank=True)
    commendation_type = models.CharField(
        _("commendation type"),
        max_length=12,
        choices=CommendationType.choices,
        default=CommendationType.MOVEMENT,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Written by a decision (thidua.proposals); cancelling the decision voids the record, never
    # deletes it, and the eligibility engine reads only records that are not voided.
    decision_line = models.ForeignKey(
        "proposals.DecisionLine",
        verbose_name=_("decision line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True, db_default="")
    # The province's name in the decision when it is a local name of `award_type` (issue 12 item 7):
    # the record counts as the legal title or form everywhere and shows the name the decision used.
    awarded_as = models.ForeignKey(
        AwardType,
        verbose_name=_("name in the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records_as_local_name",
    )

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("award records")
        ordering = ["-year", "award_type__position", "id"]
        constraints = [
            _one_owner("awardrecord"),
            models.UniqueConstraint(
                fields=["award_type", "person", "year", "commendation_type"],
                condition=Q(person__isnull=False, voided_at__isnull=True),
                name="awards_awardrecord_unique_person",
                violation_error_message=_("This person already has this award for this year."),
            ),
            models.UniqueConstraint(
                fields=["award_type", "unit", "year", "commendation_type"],
                condition=Q(unit__isnull=False, voided_at__isnull=True),
                name="awards_awardrecord_unique_unit",
                violation_error_message=_("This unit already has this award for this year."),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="awards_record_person_year"),
            models.Index(fields=["unit", "year"], name="awards_record_unit_year"),
            models.Index(fields=["award_type", "year"], name="awards_record_type_year"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.short_name} {self.year} — {self.owner}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.resolve_local_name()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.resolve_local_name()

    @property
    def shown_award(self) -> AwardType:
        """The name the decision used: the local name when there is one, else the title or form."""
        return self.awarded_as if self.awarded_as_id else self.award_type  # type: ignore[return-value]

    def resolve_local_name(self) -> None:
        """A record of a local name is a record of its legal title or form, keeping the local name
        (issue 12 item 7), so that history, chains and eligibility follow the legal one."""
        if not self.award_type_id:
            return
        if self.award_type.legal_form_id:
            self.awarded_as = self.award_type
            self.award_type = self.award_type.legal_form  # type: ignore[assignment]
        elif self.awarded_as_id and self.awarded_as.legal_form_id != self.award_type_id:  # type: ignore[union-attr]
            self.awarded_as = None


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


# Higher is better; the rules compare ranks, never labels.
RATING_RANK = {
    RatingLevel.EXCELLENT.value: 4,
    RatingLevel.GOOD.value: 3,
    RatingLevel.COMPLETED.value: 2,
    RatingLevel.NOT_COMPLETED.value: 1,
}


class PerformanceRating(HistoryRecord):
    """A year's rating of a person or a collective by the competent level (Bắc Ninh Art 7)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    rating = models.CharField(_("rating"), max_length=14, choices=RatingLevel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("performance rating")
        verbose_name_plural = _("performance ratings")
        ordering = ["-year", "id"]
        constraints = [
            _one_owner("rating"),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="awards_rating_unique_person_year",
                violation_error_message=_("This person already has a rating for this year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="awards_rating_unique_unit_year",
                violation_error_message=_("This unit already has a rating for this year."),
            ),
        ]
        indexes = [models.Index(fields=["year", "person"], name="awards_rating_year_person")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_rating_display()} — {self.owner}"


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    SCIENCE = "science", _("Accepted scientific work")
    COMBAT = "combat", _("Combat creativity")


class EvidenceKind(models.TextChoices):
    """R-GEN-08: evidence must be an original or a certified copy."""

    ORIGINAL = "original", _("Original")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    UNCERTIFIED_COPY = "uncertified_copy", _("Uncertified copy")


class Initiative(models.Model):
    """An initiative (sáng kiến), accepted scientific work or combat creativity of a person, with the
    level that recognised its effect and the year; it grounds one title or form (R-GEN-05)."""

    person = models.ForeignKey(Person, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    level = models.CharField(_("recognised at level"), max_length=12, choices=AwardLevel.choices)
    year = models.PositiveSmallIntegerField(_("year recognised"), validators=YEAR_VALIDATORS)
    recognised_by = models.CharField(_("recognised by"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.ORIGINAL
    )
    used_for: models.ManyToManyField = models.ManyToManyField(
        AwardRecord,
        verbose_name=_("used for"),
        through="InitiativeUse",
        related_name="initiatives",
        blank=True,
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "id"]
        indexes = [models.Index(fields=["person", "year"], name="awards_initiative_person_year")]

    def __str__(self) -> str:
        return self.title


class InitiativeUse(models.Model):
    """An initiative cited as the ground of an award (R-GEN-05)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="uses"
    )
    award_record = models.ForeignKey(
        AwardRecord, verbose_name=_("award record"), on_delete=models.CASCADE, related_name="initiative_uses"
    )

    class Meta:
        verbose_name = _("use of an initiative")
        verbose_name_plural = _("uses of initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "award_record"],
                name="awards_initiativeuse_unique",
                violation_error_message=_("This initiative is already cited by this award."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.award_record}"


class DisciplineLevel(models.IntegerChoices):
    """Higher is more severe; R-COL-01 compares with WARNING."""

    REPRIMAND = 1, _("Reprimand")
    WARNING = 2, _("Warning")
    SALARY_DOWNGRADE = 3, _("Salary downgrade")
    DEMOTION = 4, _("Demotion")
    REMOVAL = 5, _("Removal from post")
    DISMISSAL = 6, _("Dismissal")


class Discipline(HistoryRecord):
    """A disciplinary measure and the period it runs (R-GEN-02)."""

    level = models.PositiveSmallIntegerField(_("level"), choices=DisciplineLevel.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("discipline")
        ordering = ["-start", "id"]
        constraints = [
            _one_owner("discipline"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="awards_discipline_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y} — {self.owner}"


class Case(HistoryRecord):
    """An open or closed case (discipline being considered, investigation, inspection, complaint,
    press report) that blocks a proposal while open (R-GEN-01, R-BLK-07, D10)."""

    kind = models.CharField(_("kind"), max_length=24, choices=CaseKind.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "id"]
        constraints = [
            _one_owner("case"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="awards_case_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.opened_on:%d/%m/%Y}) — {self.owner}"


class MaternityLeave(models.Model):
    """Maternity leave counts as working time (R-GEN-03)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))

    class Meta:
        verbose_name = _("maternity leave")
        verbose_name_plural = _("maternity leave")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="awards_maternity_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y} — {self.person}"
