"""The register of issued numbers and the templates board officers upload.

- `NumberCounter`: one row per issuing unit, document type and year, holding the last number given;
  the allocation service locks it, so two officers never get the same number.
- `IssuedNumber`: every number ever given, unique per issuer, type, year and number (a database
  constraint): a cancelled document keeps its number, which is never given again (NĐ 30/2020 Art. 15).
- `DocumentTemplate`: the versions of a template uploaded for a kind of paper and a style; the newest
  is the one in use, the package's own file when there is none.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.documents.contexts import TemplateKind
from thidua.documents.styles import DocType, DocumentStyle
from thidua.orgs.models import Unit


class NumberCounter(models.Model):
    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_type", "year"],
                name="documents_numbercounter_unique_issuer_type_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.doc_type} {self.year}: {self.last_number}"


class IssuedNumber(models.Model):
    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    style = models.CharField(_("format"), max_length=10, choices=DocumentStyle.choices)
    symbol = models.CharField(_("issuer's symbol"), max_length=40)
    number_line = models.CharField(_("number and symbol"), max_length=80)
    issued_on = models.DateField(_("date of the document"))
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["-year", "issuer_id", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_type", "year", "number"],
                name="documents_issuednumber_unique_number",
                violation_error_message=_("This number has already been given."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_issuednumber_positive"),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="documents_issuednumber_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number_line

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


def _template_path(instance: DocumentTemplate, filename: str) -> str:
    return f"documents/templates/{instance.style}/{instance.kind}-v{instance.version}.docx"


class DocumentTemplate(models.Model):
    kind = models.CharField(_("paper"), max_length=20, choices=TemplateKind.choices)
    style = models.CharField(_("format"), max_length=10, choices=DocumentStyle.choices)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_template_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    original_name = models.CharField(_("file name"), max_length=255)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "style", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "style", "version"], name="documents_documenttemplate_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_style_display()}) v{self.version}"
