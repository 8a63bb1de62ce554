"""The audit actions of units and people (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgAction(models.TextChoices):
    UNIT_CREATE = "unit.create", _("Created a unit")
    UNIT_UPDATE = "unit.update", _("Changed a unit")
    UNIT_LINEAGE = "unit.lineage", _("Recorded a merger, split or rename of units")
    PERSON_CREATE = "person.create", _("Added a person")
    PERSON_UPDATE = "person.update", _("Changed a person's details")
    PERSON_MOVE = "person.move", _("Moved a person to a new position")
