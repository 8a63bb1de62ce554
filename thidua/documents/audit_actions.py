"""The audit actions of official documents (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentAction(models.TextChoices):
    ALLOCATE_NUMBER = "documents.allocate_number", _("Took a number from a document register")
    CANCEL_NUMBER = "documents.cancel_number", _("Cancelled a number of a document register")
    UPLOAD_TEMPLATE = "documents.upload_template", _("Uploaded a document template")
