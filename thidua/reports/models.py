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


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the members for comments")
    ISSUED = "issued", _("Issued")


# The one table of allowed transitions (STYLE: only services change `status`).
SUMMARY_TRANSITIONS = {
    SummaryStatus.DRAFT: {SummaryStatus.SENT},
    SummaryStatus.SENT: {SummaryStatus.DRAFT, SummaryStatus.ISSUED},
    SummaryStatus.ISSUED: set(),
}


class SummaryReport(models.Model):
    """The block's summary report of a year (báo cáo tổng kết, outputs.md §5.1): the figures are drafted
    from the data when it is rendered; the leader writes the strengths, limitations and lessons. When
    sent, its sections become the conference's draft report that members comment on."""

    block_year = models.OneToOneField(
        "blocks.BlockYear",
        verbose_name=_("block year"),
        on_delete=models.CASCADE,
        related_name="summary_report",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    strengths = models.TextField(_("strengths"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    direction = models.TextField(_("next year's direction"), blank=True)
    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("conference discussing the draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_number = models.OneToOneField(
        "documents.IssuedNumber", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")

    def __str__(self) -> str:
        return str(self.block_year)


class SummaryEvent(models.Model):
    """The history of a summary report: each change of status, who and when."""

    report = models.ForeignKey(SummaryReport, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=SummaryStatus.choices)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("summary report event")
        verbose_name_plural = _("summary report events")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.status}"
