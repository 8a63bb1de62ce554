"""The one door for long work: `enqueue` a job of a registered kind, follow it, cancel it; and what the
workers do around it (run it, keep its heartbeat, recover the jobs of a worker that died, start the
daily runs). Kinds are registered in `thidua.jobs.registry`."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_or_none
from thidua.audit.services import record, snapshot
from thidua.jobs.audit_actions import JobAction
from thidua.jobs.models import TRANSITIONS, Job, JobStatus, ScheduledRun
from thidua.jobs.registry import KINDS, SCHEDULE, Cancelled, JobRun, get_kind

logger = logging.getLogger(__name__)


def enqueue(kind: str, *, actor: Actor, **params: Any) -> Job:
    """Create a job of `kind` and put it on the queue. `params` (JSON values) are passed to the kind's
    `run`. With the database backend the queue's row is written in the caller's transaction, so a job
    is queued exactly when the change that asked for it is committed."""
    get_kind(kind)  # an unknown kind fails here, in the request, not later in a worker
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=user_or_none(actor))
        record(actor=actor, action=JobAction.ENQUEUE, obj=job, after=snapshot(job))
        _put_on_queue(job)
    return Job.objects.get(pk=job.pk)


def _put_on_queue(job: Job) -> None:
    from thidua.jobs.tasks import execute

    result = execute.enqueue(job_id=job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])


def _move(job_id: int, to: str, *, only: set[str] | None = None, **fields: Any) -> bool:
    """Change a job's status if it is in a state `to` may be reached from (the transitions table,
    narrowed to `only`); a conditional update, so that a worker, the reaper and a cancel never both win."""
    sources = TRANSITIONS[to] & only if only is not None else TRANSITIONS[to]
    return bool(Job.objects.filter(pk=job_id, status__in=sources).update(status=to, **fields))


@transaction.atomic
def request_cancel(*, job: Job, actor: Actor) -> Job:
    """Ask a job to stop. A waiting job is cancelled at once; a running one stops at its next progress
    report (cooperative: the work is never killed half-way through a write)."""
    if job.finished:
        return job
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    waiting = {JobStatus.PENDING.value}
    if _move(job.pk, JobStatus.CANCELLED, only=waiting, finished_at=timezone.now(), error=str(Cancelled())):
        _told_stopped(job.pk)
    job.refresh_from_db()
    record(actor=actor, action=JobAction.CANCEL, obj=job, after=snapshot(job, ["status", "cancel_requested"]))
    return job


def run_job(*, job_id: int, task_id: str = "", worker_id: str = "") -> None:
    """Run one job (called by the queue's task): mark it running, call its kind, record how it ended.
    A job no longer waiting (cancelled, or already run by another attempt) is left alone."""
    now = timezone.now()
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    if job.cancel_requested:
        if _move(job_id, JobStatus.CANCELLED, finished_at=now, error=str(Cancelled())):
            _told_stopped(job_id)
        return
    moved = _move(
        job_id,
        JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        attempts=job.attempts + 1,
        task_id=task_id[:64],
        worker_id=worker_id[:64],
    )
    if not moved:
        return
    job.refresh_from_db()
    try:
        get_kind(job.kind).run(JobRun(job), **job.params)
    except Cancelled as exc:
        _move(job_id, JobStatus.CANCELLED, finished_at=timezone.now(), error=str(exc))
        _told_stopped(job_id)
        return
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        _move(job_id, JobStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000] or repr(exc))
        _told_stopped(job_id)
        return
    job.refresh_from_db(fields=["total"])
    _move(job_id, JobStatus.DONE, finished_at=timezone.now(), done=job.total, heartbeat_at=timezone.now())


def _told_stopped(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    kind = KINDS.get(job.kind)
    if kind is not None and kind.on_stop is not None:
        try:
            kind.on_stop(job)
        except Exception:
            logger.exception("The stop hook of job %s (%s) failed", job_id, job.kind)


# -- what the workers do around the jobs -----------------------------------------------------------------


def beat(*, worker_id: str) -> int:
    """The heartbeat of a worker: its running jobs are alive now."""
    return Job.objects.filter(status=JobStatus.RUNNING, worker_id=worker_id).update(
        heartbeat_at=timezone.now()
    )


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.THIDUA_JOB_STALE_SECONDS)


def reap_dead_jobs(*, now: datetime.datetime | None = None) -> list[Job]:
    """Jobs whose worker died (running, no heartbeat for THIDUA_JOB_STALE_SECONDS): put back on the
    queue while their kind allows more attempts, else marked failed. Never left "running"."""
    now = now or timezone.now()
    dead = list(Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after()))
    dead += list(Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__isnull=True))
    reaped = []
    for job in dead:
        kind = KINDS.get(job.kind)  # a kind no longer registered is not run again
        _forget_task(job)
        with transaction.atomic():
            if kind is not None and job.attempts <= kind.retries and not job.cancel_requested:
                retried = _move(
                    job.pk,
                    JobStatus.PENDING,
                    message=_("Run again: the worker running it stopped."),
                    task_id="",
                    worker_id="",
                    heartbeat_at=None,
                )
                if retried:
                    _put_on_queue(job)
            else:
                retried = False
                if _move(
                    job.pk,
                    JobStatus.FAILED,
                    finished_at=now,
                    error=_("The worker running this job stopped before it finished."),
                ):
                    _told_stopped(job.pk)
        logger.warning(
            "Job %s (%s): worker %s stopped; %s",
            job.pk,
            job.kind,
            job.worker_id,
            "retried" if retried else "failed",
        )
        job.refresh_from_db()
        reaped.append(job)
    return reaped


def _forget_task(job: Job) -> None:
    """The database queue's own row of a dead attempt stays "running" too: close it."""
    if not job.task_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id__in=_as_uuid(job.task_id), status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


def _as_uuid(value: str) -> list[str]:
    import uuid

    try:
        return [str(uuid.UUID(value))]
    except ValueError:
        return []


def run_schedule(*, now: datetime.datetime | None = None) -> list[Job]:
    """Enqueue each daily run whose time has come today and that no worker has started yet (one
    `ScheduledRun` row per name and day decides)."""
    local = timezone.localtime(now or timezone.now())
    started = []
    for periodic in SCHEDULE.values():
        if local.time() < periodic.at:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=periodic.name, day=local.date())
                params = dict(periodic.params)
                if periodic.with_day:
                    params["day"] = local.date().isoformat()
                job = enqueue(periodic.kind, actor=None, **params)
                run.job = job
                run.save(update_fields=["job"])
        except IntegrityError:
            continue  # already started today, here or by another worker
        started.append(job)
    return started
