"""Certificates printed on pre-printed blanks (outputs.md §4.3): a layout per form and recipient kind
with each field in millimetres from the paper's top-left, the printers' offsets, and the sổ vàng
numbers given to a decision's awardees once, in the decision's order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardType


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class FieldName(models.TextChoices):
    """The variable fields of a blank (outputs.md §4.1), in the order they are printed."""

    SALUTATION = "salutation", _("Salutation")
    NAME = "name", _("Name")
    POSITION_UNIT = "position_unit", _("Position and unit")
    ACHIEVEMENT = "achievement", _("Achievement")
    DECISION = "decision", _("Decision number and date")
    BOOK_NUMBER = "book_number", _("Certificate (sổ vàng) number")
    PLACE_DATE = "place_date", _("Place and date")
    SIGNER_TITLE = "signer_title", _("Signer's title")
    SIGNER_NAME = "signer_name", _("Signer's name")


class Align(models.TextChoices):
    LEFT = "left", _("Left")
    CENTER = "center", _("Centre")
    RIGHT = "right", _("Right")


def mm_field(
    verbose_name: Any,
    *,
    low: int,
    high: int | None = None,
    default: int | None = None,
    digits: int = 6,
) -> models.DecimalField:
    """A length in millimetres to a tenth, between `low` and `high` (no upper bound without one)."""
    validators: list[Any] = [MinValueValidator(low)]
    if high is not None:
        validators.append(MaxValueValidator(high))
    extra: dict[str, Any] = {} if default is None else {"default": default}
    return models.DecimalField(
        verbose_name, max_digits=digits, decimal_places=1, validators=validators, **extra
    )


def blank_scan_path(instance: CertificateLayout, filename: str) -> str:
    return f"certificates/blanks/{filename}"


def font_path(instance: CertificateLayout, filename: str) -> str:
    return f"certificates/fonts/{filename}"


class CertificateLayout(models.Model):
    """Where the variable text goes on one kind of blank. A layout without a form serves every form
    of its recipient kind that has no layout of its own."""

    name = models.CharField(_("name"), max_length=120)
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("title or form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    paper_width_mm = mm_field(_("paper width (mm)"), low=50, high=1000, default=297)
    paper_height_mm = mm_field(_("paper height (mm)"), low=50, high=1000, default=210)
    place = models.CharField(_("place printed before the date"), max_length=120, blank=True)
    background = models.FileField(_("scan of the blank"), upload_to=blank_scan_path, blank=True)
    font = models.FileField(_("the office's own font (TTF)"), upload_to=font_path, blank=True)

    class Meta:
        verbose_name = _("certificate layout")
        verbose_name_plural = _("certificate layouts")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "recipient_kind"],
                name="certificates_layout_one_per_form_and_kind",
                violation_error_message=_("This form already has a layout for this recipient."),
            ),
            models.UniqueConstraint(
                fields=["recipient_kind"],
                condition=models.Q(award_type__isnull=True),
                name="certificates_layout_one_default_per_kind",
                violation_error_message=_("There is already a layout for any form of this recipient."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LayoutField(models.Model):
    """One field of a layout: its box in millimetres from the paper's top-left (y is the baseline of
    the first line) and how its text is set. Text too wide is shrunk down to `min_size_pt`, then
    wrapped onto up to `max_lines` lines."""

    layout = models.ForeignKey(CertificateLayout, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("field"), max_length=20, choices=FieldName.choices)
    x_mm = mm_field(_("x (mm)"), low=0)
    y_mm = mm_field(_("y (mm)"), low=0)
    width_mm = mm_field(_("width (mm)"), low=5)
    align = models.CharField(_("alignment"), max_length=6, choices=Align.choices, default=Align.CENTER)
    size_pt = models.DecimalField(
        _("font size (pt)"),
        max_digits=4,
        decimal_places=1,
        default=16,
        validators=[MinValueValidator(4), MaxValueValidator(96)],
    )
    min_size_pt = models.DecimalField(
        _("smallest size (pt)"),
        max_digits=4,
        decimal_places=1,
        default=11,
        validators=[MinValueValidator(4), MaxValueValidator(96)],
    )
    max_lines = models.PositiveSmallIntegerField(
        _("maximum lines"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    bold = models.BooleanField(_("bold"), default=False)
    italic = models.BooleanField(_("italic"), default=False)
    upper = models.BooleanField(_("upper case"), default=False)
    hidden = models.BooleanField(_("not printed"), default=False)

    class Meta:
        verbose_name = _("layout field")
        verbose_name_plural = _("layout fields")
        ordering = ["layout", "id"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "name"], name="certificates_field_once_per_layout"),
        ]

    def __str__(self) -> str:
        return f"{self.layout}: {self.get_name_display()}"


class LayoutVersion(models.Model):
    """A layout as it was when certificates were printed on it: the paper, the place, the font and
    every field, frozen the first time it prints. Edits after that print make a new version at the
    next print; the certificates already numbered keep theirs, so a reprint looks like the first."""

    layout = models.ForeignKey(CertificateLayout, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("frozen layout"))
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("layout version")
        verbose_name_plural = _("layout versions")
        ordering = ["layout", "number"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "number"], name="certificates_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.layout} v{self.number}"


SCALE_MESSAGE = _("The printer's scale must be between 0.8 and 1.2 (1 prints at the layout's size).")


class Printer(models.Model):
    """A printer's offset: what it shifts the paper by, measured on the calibration page. Positive dx
    moves the text right, positive dy moves it down. Its scale enlarges or shrinks the whole from the
    paper's top-left before the offset (for a printer that prints a little smaller or larger)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    dx_mm = mm_field(_("offset right (mm)"), low=-50, high=50, default=0, digits=5)
    dy_mm = mm_field(_("offset down (mm)"), low=-50, high=50, default=0, digits=5)
    scale = models.DecimalField(
        _("scale"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[
            MinValueValidator(Decimal("0.8"), message=SCALE_MESSAGE),
            MaxValueValidator(Decimal("1.2"), message=SCALE_MESSAGE),
        ],
        help_text=_("1 prints at the layout's size; below 1 prints smaller, above 1 larger."),
    )

    class Meta:
        verbose_name = _("printer")
        verbose_name_plural = _("printers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CertificateNumber(models.Model):
    """The sổ vàng number of one awardee of a decision: its place in the decision's order, given the
    first time the decision's certificates are printed and kept for every later print, with the
    version of the layout it was first printed on (empty only for numbers given before versions)."""

    decision = models.ForeignKey(
        "proposals.Decision", on_delete=models.CASCADE, related_name="certificate_numbers"
    )
    line = models.OneToOneField(
        "proposals.DecisionLine", on_delete=models.CASCADE, related_name="certificate_number"
    )
    number = models.PositiveIntegerField(_("certificate number"))
    layout_version = models.ForeignKey(
        LayoutVersion,
        verbose_name=_("printed on layout version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )

    class Meta:
        verbose_name = _("certificate number")
        verbose_name_plural = _("certificate numbers")
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="certificates_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.number:02d}"
