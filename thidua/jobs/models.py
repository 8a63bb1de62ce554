"""A job of long work (a batch, a document, a conversion) as the user follows it: what it is, how far
it got, how it ended, and the file it produced. The queue itself (django-tasks) only carries the job's id."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# The one table of allowed transitions (STYLE.md): each state and the states it may be reached from.
# RUNNING -> PENDING is the retry of a job whose worker died.
TRANSITIONS: dict[str, set[str]] = {
    JobStatus.PENDING: {JobStatus.RUNNING},
    JobStatus.RUNNING: {JobStatus.PENDING},
    JobStatus.DONE: {JobStatus.RUNNING},
    JobStatus.FAILED: {JobStatus.PENDING, JobStatus.RUNNING},
    JobStatus.CANCELLED: {JobStatus.PENDING, JobStatus.RUNNING},
}
FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


def result_path(job: Job, filename: str) -> str:
    return f"jobs/{job.created_at:%Y/%m}/{job.pk}/{filename}"


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Through Django's storage API: the local media folder by default, shared storage when configured.
    result = models.FileField(_("result file"), upload_to=result_path, max_length=300, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written by the worker every few seconds while the job runs: an old one means the worker died.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("queue task"), max_length=64, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="jobs_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class ScheduledRun(models.Model):
    """One run of a periodic task on one day: the unique row makes it once a day however many workers
    look at the schedule."""

    name = models.CharField(_("name"), max_length=80)
    day = models.DateField(_("day"))
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="jobs_one_run_a_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day:%d/%m/%Y}"
