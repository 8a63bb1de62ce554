"""Reports of a block year. A conference's news article draft is built from the data each time it is
read, until someone edits it: then the edited text is stored and shown instead (outputs.md §6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsDraft(models.Model):
    """The edited text of a conference's news article draft (never published by the system)."""

    conference = models.OneToOneField(
        "conferences.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="news_draft",
    )
    text = models.TextField(_("text"))
    edited_by = models.ForeignKey(
        "accounts.User", verbose_name=_("edited by"), on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited at"))

    class Meta:
        verbose_name = _("news article draft")
        verbose_name_plural = _("news article drafts")

    def __str__(self) -> str:
        return str(self.conference)
