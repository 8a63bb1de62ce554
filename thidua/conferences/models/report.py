"""A conference's files and the draft summary report with members' comments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.conferences.models.meeting import Conference
from thidua.lib.uploads import StoredFile, UploadKind
from thidua.orgs.models import Unit


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")
    DRAFT_REPORT = "draft_report", _("Draft summary report")


def conference_file_path(instance: ConferenceFile, filename: str) -> str:
    return f"conferences/{instance.conference_id}/{instance.sha256[:16]}-{filename}"


class ConferenceFile(StoredFile):
    """A photo or document of the conference: added, or removed if uploaded by mistake (audited),
    until the conference is closed."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("conference file")
        verbose_name_plural = _("conference files")
        ordering = ["conference", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def upload_kind_of(self) -> UploadKind:
        return UploadKind.PHOTO if self.kind == FileKind.PHOTO else UploadKind.DOCUMENT

    def storage_path(self, filename: str) -> str:
        return conference_file_path(self, filename)


class ReportSection(models.Model):
    """A section of the leader's draft summary report (dự thảo báo cáo tổng kết), open to comments."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="report_sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=255)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["conference", "position", "id"]

    def __str__(self) -> str:
        return self.heading


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the leader's answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class ReportComment(models.Model):
    """A member's comment on a section of the draft, and the leader's answer (accepted, or not with a reason)."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written at"))
    status = models.CharField(
        _("answer"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    answer = models.TextField(_("leader's answer"), blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on the draft report")
        verbose_name_plural = _("comments on the draft report")
        ordering = ["section", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(answer=""),
                name="conferences_reportcomment_rejection_has_reason",
                violation_error_message=_("A comment that is not accepted needs the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.text[:40]}"
