"""The audit actions of the council (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilAction(models.TextChoices):
    CREATE = "council.create", _("Set up an emulation and commendation council")
    MEMBER_ADD = "council.member_add", _("Added a member to the council")
    SESSION_CREATE = "council.session_create", _("Convened a council session")
    PUT_DOSSIER = "council.put_dossier", _("Put a dossier before the council session")
    SESSION_OPEN = "council.session_open", _("Opened a council session with the members present")
    COUNTS = "council.counts", _("Entered the vote counts of a council session")
    SESSION_CLOSE = "council.session_close", _("Closed a council session and numbered its minutes")
