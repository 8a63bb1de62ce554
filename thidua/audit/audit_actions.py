"""The audit log's own actions (registered in `apps.py`): backups, restores and the downloads of
lists that hold personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    BACKUP_CREATE = "backup.create", _("Made a backup")
    BACKUP_RESTORE = "backup.restore", _("Restored a backup")
    EXPORT_DOWNLOAD = "export.download", _("Downloaded a list")
