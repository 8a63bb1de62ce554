"""The audit actions of background jobs (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobAction(models.TextChoices):
    ENQUEUE = "job.enqueue", _("Started a background job")
    CANCEL = "job.cancel", _("Asked a background job to stop")
