"""Organisations: units (and their sub-units), unit lineage across mergers, people and their positions."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.lib.vietnamese import name_sort_key, normalize_space, search_key, split_name, text_sort_key
from thidua.orgs.querysets import PersonQuerySet, UnitQuerySet


class UnitKind(models.TextChoices):
    PARTY_AGENCY = "party_agency", _("Party agency")
    STATE_AGENCY = "state_agency", _("State agency")
    ELECTED_BODY = "elected_body", _("Elected body office")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    JUDICIARY = "judiciary", _("Court or procuracy")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    ENTERPRISE = "enterprise", _("Enterprise")
    COMMUNE = "commune", _("Commune, ward or special zone")
    SUB_UNIT = "sub_unit", _("Sub-unit (division, office)")
    OTHER = "other", _("Other")


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    # District level was abolished on 01/07/2025 (Law 72/2025/QH15); kept for history.
    DISTRICT = "district", _("District (until 30/06/2025)")
    COMMUNE = "commune", _("Commune")


class Unit(models.Model):
    """An agency, organisation or sub-unit (phòng, ban) that can be a block member or a collective."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    place_name = models.CharField(
        _("place name on documents"), max_length=100, blank=True, help_text=_("For example: Quảng Nam")
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    name_search = models.CharField(max_length=255, editable=False, db_index=True)
    name_sort = models.CharField(max_length=1200, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="orgs_unit_active_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="orgs_unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = normalize_space(self.name)
        self.name_search = search_key(self.name + " " + self.short_name + " " + self.code)
        self.name_sort = text_sort_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class LineageKind(models.TextChoices):
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    TRANSFER = "transfer", _("Transfer of functions")


class UnitLineage(models.Model):
    """Predecessor -> successor link, so that a unit merged in 2025 keeps its history (law.md §9.11, D6)."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineageKind.choices)
    date = models.DateField(_("effective date"))
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    inherits_history = models.BooleanField(
        _("successor inherits award history"),
        default=False,
        help_text=_("Renames always inherit; for mergers and splits the board decides."),
    )

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="orgs_unitlineage_unique_predecessor_successor",
                violation_error_message=_("This lineage link already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="orgs_unitlineage_not_self",
                violation_error_message=_("A unit cannot be its own predecessor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()}, {self.date:%d/%m/%Y})"

    @property
    def carries_history(self) -> bool:
        """A rename always carries history; a merger or split only when the board said so (D6)."""
        return self.kind == LineageKind.RENAME or self.inherits_history


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(models.Model):
    """A person with a stable identity across units and years."""

    full_name = models.CharField(_("full name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=50, editable=False)
    middle_name = models.CharField(_("middle name"), max_length=100, editable=False)
    given_name = models.CharField(_("given name"), max_length=50, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # NULL, not "", when unknown: the unique constraint must allow many people without an ID.
    national_id = models.CharField(  # noqa: DJ001
        _("national ID number"), max_length=12, null=True, blank=True, help_text=_("12 digits (CCCD)")
    )
    civil_servant_code = models.CharField(_("civil-servant code"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    name_search = models.CharField(max_length=150, editable=False, db_index=True)
    name_sort = models.CharField(max_length=600, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_sort", "birth_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=Q(national_id__isnull=False),
                name="orgs_person_unique_national_id",
                violation_error_message=_("Another person already has this national ID number."),
            ),
            models.CheckConstraint(
                condition=Q(national_id__isnull=True) | Q(national_id__regex=r"^[0-9]{12}$"),
                name="orgs_person_national_id_12_digits",
                violation_error_message=_("The national ID number must have exactly 12 digits."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = normalize_space(self.full_name)
        self.family_name, self.middle_name, self.given_name = split_name(self.full_name)
        self.name_search = search_key(self.full_name)
        self.name_sort = name_sort_key(self.full_name)
        if self.national_id == "":
            self.national_id = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Position(models.Model):
    """A dated period of a person in a unit with a position (chức vụ); `end` empty means current."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("position"), max_length=150)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="orgs_position_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "end"], name="orgs_position_unit_end")]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}, {self.unit}"

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)
