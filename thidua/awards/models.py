"""Awards: the catalogue of titles and forms (versioned), the award history of people and
collectives, and the records the eligibility engine reads (ratings, initiatives, discipline, open
cases, maternity leave), its settings and its batch jobs.

Every history record belongs to exactly one person or one unit (a database constraint).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from thidua.awards.querysets import HistoryQuerySet, VersionQuerySet
from thidua.orgs.models import Person, Unit

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


class AwardKind(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Commendation form")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    BOTH = "both", _("Individual or collective")


class AwardLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    PROVINCE = "province", _("Ministry, sector or province")
    NATIONAL = "national", _("National")


class AwardCategory(models.TextChoices):
    """Where a catalogue entry comes from (issue 12 item 7): the Law's own titles and forms as shipped, or
    an entry the board adds (law.md §2: Huân chương, Huy chương, honorary titles, Kỷ niệm chương, ...)."""

    LEGAL = "legal", _("Title or form of Law 06/2022/QH15")
    LOCAL_NAME = "local_name", _("The province's name of a legal title or form")
    SECTOR = "sector", _("Title or form of a ministry or sector")
    PARTY = "party", _("Party award")
    ORDER = "order", _("Order (Huân chương)")
    MEDAL = "medal", _("Medal (Huy chương)")
    HONORARY = "honorary", _("State honorary title")
    COMMEMORATIVE = "commemorative", _("Commemorative medal (Kỷ niệm chương)")
    OTHER = "other", _("Other award")


class AwardType(models.Model):
    """A title (danh hiệu thi đua) or form (hình thức khen thưởng) of Law 06/2022 (law.md §3), or an entry
    the board added to the province's catalogue. An entry with rules refers to the legal title or form it
    is (`legal_form`: its history and eligibility are the legal one's; always for a local name, e.g. a
    sector's flag that is a ministry's Cờ thi đua); one without rules says what people check
    (`rules_note`).

    `code` is stable: other apps (the conference's award proposals) refer to it.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    recipient = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel.choices)
    article = models.CharField(_("article of the Law"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    category = models.CharField(
        _("category"), max_length=14, choices=AwardCategory.choices, default=AwardCategory.LEGAL
    )
    legal_form = models.ForeignKey(
        "self",
        verbose_name=_("legal title or form it is"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_names",
        limit_choices_to={"category": "legal"},
    )
    rules_note = models.TextField(
        _("what people check"),
        blank=True,
        help_text=_("For an entry without rules: the conditions or the document people check it against."),
    )

    class Meta:
        verbose_name = _("title or form")
        verbose_name_plural = _("titles and forms")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(category="local_name") | Q(legal_form__isnull=False))
                & (~Q(category="legal") | Q(legal_form__isnull=True)),
                name="awards_awardtype_local_name_has_legal_form",
                violation_error_message=_(
                    "A local name refers to the legal title or form it is; the Law's own titles and forms refer to none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The official Vietnamese name; its English rendering in the English interface."""
        language = translation.get_language() or "vi"
        return self.name_en if language.startswith("en") and self.name_en else self.name

    @property
    def is_local(self) -> bool:
        """Added by the board to the province's catalogue (not shipped with the Law)."""
        return self.category != AwardCategory.LEGAL

    @property
    def has_rules(self) -> bool:
        """The engine evaluates it: a legal title or form, or an entry referring to one."""
        return self.category == AwardCategory.LEGAL or self.legal_form_id is not None

    @property
    def for_individuals(self) -> bool:
        return self.recipient in (RecipientKind.INDIVIDUAL, RecipientKind.BOTH)

    @property
    def for_collectives(self) -> bool:
        return self.recipient in (RecipientKind.COLLECTIVE, RecipientKind.BOTH)


class AwardTypeVersion(models.Model):
    """The rules of a title or form in force from `valid_from` to `valid_to` (R-VER-01, R-VER-02)."""

    award_type = models.ForeignKey(
        AwardType, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    citation = models.CharField(_("citation"), max_length=300)
    deciding_authority = models.CharField(_("deciding authority"), max_length=300)
    ballot_required = models.BooleanField(_("council ballot required"), default=False)
    ballot_threshold_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format (a literal per cent sign, never formatted)
        _("ballot threshold (% of all council members)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    coefficient_individual = models.DecimalField(
        _("cash coefficient, individual"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    coefficient_collective = models.DecimalField(
        _("cash coefficient, collective"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of a title or form")
        verbose_name_plural = _("versions of titles and forms")
        ordering = ["award_type__position", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "valid_from"],
                name="awards_version_unique_start",
                violation_error_message=_("This title or form already has a version from this date."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="awards_version_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} ({self.valid_from:%d/%m/%Y})"

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def coefficient_for(self, collective: bool) -> Decimal | None:
        return self.coefficient_collective if collective else self.coefficient_individual


class BaseSalary(models.Model):
    """Mức lương cơ sở from a date (NĐ 152/2025 Art 49: cash awards use the one in force on the decision date)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    amount = models.PositiveIntegerField(_("amount (VND per month)"))
    citation = models.CharField(_("citation"), max_length=200)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.valid_from:%d/%m/%Y})"


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


# -- history ---------------------------------------------------------------------------------------


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


# -- batch evaluation --------------------------------------------------------------------------------


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class VerdictStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NEEDS_CHECK = "needs_check", _("Needs a human check")


class EvaluationJob(models.Model):
    """A batch evaluation of every candidate of a unit, a block or the province for a year."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    on = models.DateField(_("evaluated on"))
    block = models.ForeignKey(
        "blocks.Block",
        verbose_name=_("block"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("title or form"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    total = models.PositiveIntegerField(_("candidates"), default=0)
    done = models.PositiveIntegerField(_("evaluated"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation job")
        verbose_name_plural = _("evaluation jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatus.DONE else (self.done * 100 // self.total if self.total else 0)


class EvaluationResult(models.Model):
    """One verdict of a job; the explanation is rebuilt on demand by the same rules (batch == single)."""

    job = models.ForeignKey(
        EvaluationJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="results"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit of the candidate"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("verdict"), max_length=12, choices=VerdictStatus.choices)
    failed = models.CharField(_("rules not met"), max_length=200, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["job", "award_type", "status"], name="awards_result_job_type"),
            models.Index(fields=["job", "home_unit"], name="awards_result_job_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.short_name}: {self.get_status_display()}"
