"""The catalogue of titles and forms (versioned, with their kinds, levels and categories) and the base
salary cash awards are counted in."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from thidua.awards.querysets import VersionQuerySet

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
