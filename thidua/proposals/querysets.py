"""Named, chainable filters for dossiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from thidua.accounts.types import Actor

if TYPE_CHECKING:
    from thidua.proposals.models import Dossier  # noqa: F401


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, user: Actor) -> DossierQuerySet:
        """Every dossier for the board and observers; for a unit officer, the dossiers its own unit
        (or a sub-unit) proposes and those of the block years its unit leads; nothing for others."""
        from thidua.accounts import permissions as perms
        from thidua.blocks.models import BlockYear  # models import this module
        from thidua.orgs.models import Unit  # models import this module

        if perms.sees_everything(user):
            return self.all()
        if not perms.is_unit_officer(user):
            return self.none()
        return self.filter(
            Q(proposing_unit_id__in=Unit.objects.own_ids(user))
            | Q(block_year_id__in=BlockYear.objects.led_ids(user))
        )

    def in_year(self, year: int) -> DossierQuerySet:
        return self.filter(year=year)
