"""The batch evaluation jobs and their verdicts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.awards.models.catalogue import YEAR_VALIDATORS, AwardType
from thidua.orgs.models import Person, Unit


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class VerdictStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NEEDS_CHECK = "needs_check", _("Needs a human check")


class EvaluationJob(models.Model):
    """A batch evaluation of every candidate of a unit, a block or the province for a year."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    on = models.DateField(_("evaluated on"))
    block = models.ForeignKey(
        "blocks.Block",
        verbose_name=_("block"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("title or form"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    total = models.PositiveIntegerField(_("candidates"), default=0)
    done = models.PositiveIntegerField(_("evaluated"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A batch spread over the workers (`awards.fanout`): the queue job of the part that claimed the
    # collective titles once every part was finished (its rerun after a dead worker decides them again).
    collectives_part = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluation job")
        verbose_name_plural = _("evaluation jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatus.DONE else (self.done * 100 // self.total if self.total else 0)


class EvaluationResult(models.Model):
    """One verdict of a job; the explanation is rebuilt on demand by the same rules (batch == single).

    Derived rows, written by the hundred thousand and deleted with their job: no key has a database
    constraint (Django still cascades a deletion), since checking them per row was most of a province
    job's time on PostgreSQL (issue 13 item 2, docs/benchmarks.md); `batch.run_job` stores each chunk
    in the transaction that updates its job, and stores nothing once the job is gone. Only the two indexes the job's pages, API and workbook read are kept
    (every reader filters on the job first: by title and verdict, or by the candidate's unit); the keys
    have no index of their own, since maintaining four more indexes per stored row was most of what
    storing a province job cost. Deleting a person, a unit or a title (rare: positions, records and
    lineage protect them) therefore scans the results to cascade."""

    job = models.ForeignKey(
        EvaluationJob,
        verbose_name=_("job"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("title or form"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit of the candidate"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    status = models.CharField(_("verdict"), max_length=12, choices=VerdictStatus.choices)
    failed = models.CharField(_("rules not met"), max_length=200, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["job", "award_type", "status"], name="awards_result_job_type"),
            models.Index(fields=["job", "home_unit"], name="awards_result_job_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.short_name}: {self.get_status_display()}"
