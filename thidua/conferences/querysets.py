"""Named, chainable filters for conferences and polls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear

if TYPE_CHECKING:
    from thidua.conferences.models import Conference, Poll  # noqa: F401


class ConferenceQuerySet(models.QuerySet["Conference"]):
    def visible_to(self, user: Actor) -> ConferenceQuerySet:
        """Conferences of the block years the user may read."""
        return self.filter(block_year__in=BlockYear.objects.visible_to(user))


class PollQuerySet(models.QuerySet["Poll"]):
    def visible_to(self, user: Actor) -> PollQuerySet:
        """Polls of the conferences the user may read."""
        from thidua.conferences.models import Conference

        return self.filter(conference__in=Conference.objects.visible_to(user))

    def published(self) -> PollQuerySet:
        return self.filter(status="published")
