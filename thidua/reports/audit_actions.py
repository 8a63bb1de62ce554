"""The audit actions of reports (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAction(models.TextChoices):
    NEWS_SAVE = "news.save", _("Edited a conference's news article draft")
    SUMMARY_SAVE = "summary.save", _("Edited the block's summary report")
    SUMMARY_STATUS = "summary.status", _("Changed the status of the block's summary report")
