"""The kinds of job and the periodic runs. An app registers its own from its AppConfig.ready(), so
that this module, low in the layers, never imports the apps that use it.

A kind's `run(job_run, **params)` does the work. It reports with `job_run.progress(...)` (which also
stops the job when a cancel was asked for: cancelling is cooperative) and may store a file with
`job_run.save_result(name, content)`. Its params are the keyword arguments given to `enqueue`, as
JSON."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile, File
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from thidua.jobs.models import Job


class Cancelled(Exception):  # noqa: N818 - it is not an error: the user asked for it
    """Raised inside a job when its cancel was requested; the job ends as cancelled."""

    def __init__(self) -> None:
        super().__init__(str(_("Cancelled at the user's request.")))


class JobRun:
    """What a running job's code sees of its job."""

    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.job.params)

    def progress(
        self,
        *,
        done: int | None = None,
        total: int | None = None,
        add: int = 0,
        message: str | None = None,
        check_cancel: bool = True,
    ) -> None:
        """Store how far the job got (and a sign of life); then stop it if a cancel was requested."""
        from thidua.jobs.models import Job

        job = self.job
        if total is not None:
            job.total = total
        if done is not None:
            job.done = done
        job.done += add
        if job.total:
            job.done = min(job.done, job.total)
        fields: dict[str, Any] = {"done": job.done, "total": job.total, "heartbeat_at": timezone.now()}
        if message is not None:
            job.message = fields["message"] = message[:300]
        Job.objects.filter(pk=job.pk).update(**fields)
        if check_cancel:
            self.check_cancel()

    def cancel_requested(self) -> bool:
        from thidua.jobs.models import Job

        return Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists()

    def check_cancel(self) -> None:
        if self.cancel_requested():
            raise Cancelled

    def save_result(self, name: str, content: bytes | File) -> None:
        """Store the job's file through Django's storage API (replacing an earlier one)."""
        from thidua.jobs.models import Job

        job = self.job
        if job.result:
            job.result.delete(save=False)
        job.result.save(name, content if isinstance(content, File) else ContentFile(content), save=False)
        job.result_name = name[:200]
        Job.objects.filter(pk=job.pk).update(result=job.result.name, result_name=job.result_name)


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # a lazy translated string, shown on the job's page
    run: Callable[..., Any]
    # How many more times a job whose worker died is run again before it is marked failed. A kind
    # whose work is not safe to repeat sets 0.
    retries: int = 1
    # Told when a job of this kind fails or is cancelled (e.g. to mark a record of the app's own).
    on_stop: Callable[[Job], None] | None = None


@dataclass(frozen=True)
class Periodic:
    """A job enqueued once a day at `at` (the product's time zone) by the workers' scheduler."""

    name: str
    kind: str
    at: datetime.time
    params: dict[str, Any] = field(default_factory=dict)
    # Give the job the day it was scheduled for (`day="YYYY-MM-DD"`), so that a run that starts late
    # still does that day's work.
    with_day: bool = False


KINDS: dict[str, Kind] = {}
SCHEDULE: dict[str, Periodic] = {}


def register(
    name: str,
    *,
    label: Any,
    run: Callable[..., Any],
    retries: int = 1,
    on_stop: Callable[[Job], None] | None = None,
) -> Kind:
    kind = Kind(name=name, label=label, run=run, retries=retries, on_stop=on_stop)
    KINDS[name] = kind
    return kind


def daily(
    name: str, *, kind: str, at: datetime.time, params: dict[str, Any] | None = None, with_day: bool = False
) -> Periodic:
    periodic = Periodic(name=name, kind=kind, at=at, params=params or {}, with_day=with_day)
    SCHEDULE[name] = periodic
    return periodic


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"No job kind {name!r} is registered.") from None
