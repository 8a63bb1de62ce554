"""The published ranking of a block year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.blocks.models import BlockYear


class RankingState(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    PUBLISHED = "published", _("Published")


# A block year's ranking is provisional until its snapshot is published, and it is published once (a
# recount is compared with that snapshot): the state is whether the year has a snapshot.
RANKING_TRANSITIONS: dict[str, set[str]] = {RankingState.PUBLISHED: {RankingState.PROVISIONAL}}


class RankingSnapshot(models.Model):
    """The published ranking of a block year, frozen with every key, so a recount can be compared."""

    block_year = models.ForeignKey(BlockYear, on_delete=models.PROTECT, related_name="rankings")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "accounts.User", verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    rows = models.JSONField(_("rows"))
    tie_breaks = models.JSONField(_("tie-breaks"))

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")
        ordering = ["block_year", "-published_at"]

    def __str__(self) -> str:
        return f"{self.block_year} ({self.published_at:%d/%m/%Y})"
