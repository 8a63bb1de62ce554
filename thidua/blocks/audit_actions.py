"""The audit actions of blocks and block years (registered with the audit log in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockAction(models.TextChoices):
    BLOCK_CREATE = "block.create", _("Created a block")
    BLOCK_UPDATE = "block.update", _("Changed a block")
    BLOCKYEAR_CREATE = "blockyear.create", _("Set up a block year (members, leader, deputies)")
    BLOCKYEAR_UPDATE = "blockyear.update", _("Changed a block year's members, leader or deputies")
    BLOCKYEAR_STANDINGS = "blockyear.standings", _("Recorded a block year's standings (leading unit)")
    BLOCKYEAR_FLAG = "blockyear.flag", _("Noted the handover of a block year's traditional flag")
