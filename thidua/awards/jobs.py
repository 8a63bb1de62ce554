"""The batch evaluation as a job of `thidua.jobs` (registered from AwardsConfig.ready()). The
EvaluationJob keeps its own status and counts for the batch pages; the queue's Job carries the
progress, the cancel and the recovery when a worker dies."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards import batch, fanout
from thidua.awards.models import EvaluationJob, EvaluationResult, JobStatus
from thidua.jobs.models import FINISHED, Job
from thidua.jobs.registry import Cancelled, JobRun, register


def evaluate(run: JobRun, *, evaluation_job: int) -> None:
    # More candidates than THIDUA_EVALUATION_PART_PEOPLE: parts on the queue, for every worker.
    if fanout.spread(evaluation_job):
        return
    # A rerun after a dead worker starts clean: the results of the attempt that died are dropped.
    EvaluationResult.objects.filter(job_id=evaluation_job).delete()

    def echo(job: EvaluationJob) -> None:
        # A cancel is looked at only while the batch runs; the last report comes after it is done.
        run.progress(done=job.done, total=job.total, check_cancel=job.status == JobStatus.RUNNING)

    job = batch.run_job(evaluation_job, echo=echo)
    if job.status == JobStatus.FAILED:
        if run.cancel_requested():
            raise Cancelled
        raise RuntimeError(job.error)


def queued_job(evaluation_job: EvaluationJob) -> Job | None:
    """The queue's job that runs this batch (the latest, if it was started again); for a batch spread
    over the workers, a part not finished yet while there is one (cancelling it stops them all)."""
    part = (
        Job.objects.filter(kind=fanout.PART, params__evaluation_job=evaluation_job.pk)
        .exclude(status__in=FINISHED)
        .order_by("id")
        .first()
    )
    return part or (
        Job.objects.filter(kind=batch.EVALUATE, params__evaluation_job=evaluation_job.pk)
        .order_by("-id")
        .first()
    )


def stopped(job: Job) -> None:
    """The queue's job failed or was cancelled: the batch says so instead of staying "running"."""
    EvaluationJob.objects.filter(
        pk=job.params.get("evaluation_job"), status__in=[JobStatus.PENDING, JobStatus.RUNNING]
    ).update(status=JobStatus.FAILED, error=job.error, finished_at=job.finished_at or timezone.now())


register(batch.EVALUATE, label=_("Batch eligibility"), run=evaluate, on_stop=stopped)
register(
    fanout.PART, label=_("Batch eligibility, one part"), run=fanout.run_part, on_stop=fanout.part_stopped
)
