"""The audit actions of certificates (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateAction(models.TextChoices):
    LAYOUT_CREATE = "certificates.layout_create", _("Added a certificate layout")
    LAYOUT_UPDATE = "certificates.layout_update", _("Changed a certificate layout")
    FIELD_UPDATE = "certificates.field_update", _("Moved or restyled a field of a certificate layout")
    PRINTER_SAVE = "certificates.printer_save", _("Saved a printer's offsets")
    LAYOUT_FREEZE = "certificates.layout_freeze", _("Kept a version of a certificate layout for printing")
    NUMBERS = "certificates.numbers", _("Gave the golden book numbers of a decision's certificates")
