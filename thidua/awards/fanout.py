"""A batch evaluation spread over the job workers (issue 13 item 2, the country): a job with more
candidates than THIDUA_EVALUATION_PART_PEOPLE is cut into parts of that many people by id, each part
a queue job of its own ("awards.evaluate_part") that any worker may run.

A part decides and stores the individual verdicts of its people (`batch.evaluate_batch` with an
`id_range`), adds its progress to the evaluation job's, and keeps what the collective titles read of
each member (`rules.member_bits`, one byte a person) as its job's result file. The part that finishes
last, under a lock on the evaluation job's row, reads every part's bits, counts the members of every
unit from them (`facts.count_members`, in person order: the same counts as one process) and decides
and stores the collective verdicts; then the evaluation job is done. The verdicts are those of the
job run in one process (`batch.run_job`), held equal by `tests/test_fanout.py`.

A part whose worker died is run again once by the queue (`jobs.services.reap_dead_jobs`), starting
clean (its people's stored verdicts and its progress are taken back); a part that fails, or is out of
attempts, or is cancelled, fails the evaluation job with its reason, and the other parts stop at
their next progress report.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.batch import evaluate_batch, scope_units, store_results, units_of_year
from thidua.awards.facts import candidate_people, rows
from thidua.awards.models import AwardType, EvaluationJob, EvaluationResult, JobStatus
from thidua.awards.rules import INDIVIDUAL_CODES
from thidua.awards.setwise import Outcome
from thidua.jobs.models import Job
from thidua.jobs.registry import Cancelled, JobRun
from thidua.jobs.services import enqueue

PART = "awards.evaluate_part"  # the kind of job that runs one part of an EvaluationJob


def spread(evaluation_job: int) -> bool:
    """Cut the job into parts and put each on the queue, when it has more candidates than
    THIDUA_EVALUATION_PART_PEOPLE (0: never) and some individual title to decide; False leaves it to
    one process (`batch.run_job`). Called by the job's queue task; a rerun of that task after its parts
    were queued queues none again."""
    size = settings.THIDUA_EVALUATION_PART_PEOPLE
    job = EvaluationJob.objects.select_related("unit", "block", "award_type").get(pk=evaluation_job)
    if size <= 0 or (job.award_type is not None and job.award_type.code not in INDIVIDUAL_CODES):
        return False
    if Job.objects.filter(kind=PART, params__evaluation_job=job.pk).exists():
        return True
    unit_ids = scope_units(job.year, unit=job.unit, block=job.block)
    candidates = candidate_people(job.year, unit_ids).order_by()
    ids = sorted({pk for (pk,) in rows(candidates.values_list("person_id"))})
    if len(ids) <= size:
        return False
    units = len(unit_ids) if unit_ids is not None else len(units_of_year(job.year))
    ranges = [
        (ids[i], ids[min(i + size, len(ids)) - 1], min(size, len(ids) - i)) for i in range(0, len(ids), size)
    ]
    EvaluationResult.objects.filter(job_id=job.pk).delete()
    with transaction.atomic():
        EvaluationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, total=len(ids) + units, done=0, error=""
        )
        for first, last, people in ranges:
            enqueue(
                PART,
                actor=job.created_by,
                evaluation_job=job.pk,
                first=first,
                last=last,
                people=people,
                parts=len(ranges),
            )
    return True


def _result_row(job_id: int, types: dict[str, int], outcome: Outcome) -> tuple[Any, ...]:
    """A verdict as a row of `batch.RESULT_COLUMNS` (as `batch.run_job` writes it)."""
    kind, pk = outcome.candidate
    return (
        job_id,
        types[outcome.code],
        pk if kind == "person" else None,
        pk if kind == "unit" else None,
        outcome.home_unit_id,
        outcome.status,
        outcome.failed[:200],
        outcome.priority,
    )


def _store_chunk(job_id: int, buffer: list[tuple[Any, ...]], n: int) -> None:
    """A chunk's rows and the evaluation job's progress in one transaction; refused (Cancelled, the
    rows rolled back) when the job is gone or no longer running: another part failed, or someone
    stopped or deleted it (the results' key to the job has no database constraint to refuse them)."""
    with transaction.atomic():
        store_results(buffer)
        if not EvaluationJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(done=F("done") + n):
            raise Cancelled
    buffer.clear()


def run_part(run: JobRun, *, evaluation_job: int, first: int, last: int, people: int, parts: int) -> None:
    """One part: the individual verdicts of the candidates with ids from `first` to `last` (`people` of
    them), stored; then, if every part is finished, the collectives (`_claim`, `_collectives`)."""
    job = (
        EvaluationJob.objects.select_related("unit", "block", "award_type").filter(pk=evaluation_job).first()
    )
    if job is None or job.status != JobStatus.RUNNING:
        raise Cancelled
    types = dict(AwardType.objects.values_list("code", "id"))
    codes = [job.award_type.code] if job.award_type else None
    unit_ids = scope_units(job.year, unit=job.unit, block=job.block)
    if not run.job.result:
        _people(run, job, first, last, people, codes, unit_ids, types)
    elif run.job.done > people:
        # A rerun of the part that was deciding the collectives: their progress is taken back (its
        # people's verdicts and bits are kept: the other parts may already have counted them).
        EvaluationJob.objects.filter(pk=job.pk).update(done=F("done") - min(run.job.done - people, job.done))
        run.progress(done=people, total=people, check_cancel=False)
    if _claim(run, job.pk, parts):
        _collectives(run, job, people, codes, unit_ids, types)


def _people(
    run: JobRun,
    job: EvaluationJob,
    first: int,
    last: int,
    people: int,
    codes: list[str] | None,
    unit_ids: list[int] | None,
    types: dict[str, int],
) -> None:
    """The part's individual verdicts stored chunk by chunk, then its people's member bits saved as its
    result file (which marks the part finished for the others)."""
    # A rerun after a dead worker starts clean: the attempt's verdicts and progress are taken back.
    EvaluationResult.objects.filter(job_id=job.pk, person_id__gte=first, person_id__lte=last).delete()
    if run.job.done:
        EvaluationJob.objects.filter(pk=job.pk).update(done=F("done") - min(run.job.done, job.done))
    run.progress(done=0, total=people, check_cancel=False)
    buffer: list[tuple[Any, ...]] = []
    bits: dict[int, int] = {}

    def progress(n: int) -> None:
        _store_chunk(job.pk, buffer, n)
        run.progress(add=n)

    for outcome in evaluate_batch(
        job.year,
        on=job.on,
        unit_ids=unit_ids,
        codes=codes,
        collectives=False,
        id_range=(first, last),
        bits=bits,
        progress=progress,
    ):
        buffer.append(_result_row(job.pk, types, outcome))
    if buffer:
        _store_chunk(job.pk, buffer, 0)
    packed = bytearray(last - first + 1)
    for pk, value in bits.items():
        packed[pk - first] = value  # six flags (`facts.LDTT_STANDARD` ...): one byte
    del bits
    run.save_result(f"bits-{first}-{last}.bin", bytes(packed))


def _claim(run: JobRun, job_id: int, parts: int) -> bool:
    """Whether this part decides the collectives: every part finished and none claimed them yet (or
    this part did, in an attempt whose worker died). A short transaction under a lock on the evaluation
    job's row, so that exactly one part claims them; the collectives then run outside it, a commit per
    chunk (a long transaction would hold SQLite's write lock, and the part's heartbeat, for minutes)."""
    with transaction.atomic():
        locked = EvaluationJob.objects.select_for_update().filter(pk=job_id).first()
        if locked is None or locked.status != JobStatus.RUNNING:
            raise Cancelled
        if locked.collectives_part not in (None, run.job.pk):
            return False
        finished = Job.objects.filter(kind=PART, params__evaluation_job=job_id).exclude(result="").count()
        if finished < parts:
            return False
        EvaluationJob.objects.filter(pk=job_id).update(collectives_part=run.job.pk)
    return True


def _collectives(
    run: JobRun,
    job: EvaluationJob,
    people: int,
    codes: list[str] | None,
    unit_ids: list[int] | None,
    types: dict[str, int],
) -> None:
    """The claiming part: every unit's members counted from all the parts' bits, the collective
    verdicts decided and stored, the evaluation job done, the parts' bit files removed."""
    finished = list(Job.objects.filter(kind=PART, params__evaluation_job=job.pk).exclude(result=""))
    bits: dict[int, int] = {}
    for part in finished:
        first = part.params["first"]
        with part.result.open("rb") as handle:
            packed = handle.read()
        bits.update((first + offset, value) for offset, value in enumerate(packed) if value)
    EvaluationResult.objects.filter(job_id=job.pk, person__isnull=True).delete()
    buffer: list[tuple[Any, ...]] = []

    def progress(n: int) -> None:
        _store_chunk(job.pk, buffer, n)
        run.progress(add=n, check_cancel=False)

    units = len(unit_ids) if unit_ids is not None else len(units_of_year(job.year))
    run.progress(total=people + units, check_cancel=False)
    for outcome in evaluate_batch(
        job.year, on=job.on, unit_ids=unit_ids, codes=codes, individuals=False, bits=bits, progress=progress
    ):
        buffer.append(_result_row(job.pk, types, outcome))
    with transaction.atomic():
        store_results(buffer)
        if not EvaluationJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, finished_at=timezone.now()
        ):
            raise Cancelled  # `done` is left as the parts added it: equal to `total` (tested)
    # The bits were only for the member counts: no part keeps a file to download.
    for part in finished:
        part.result.delete(save=False)
    Job.objects.filter(pk__in=[part.pk for part in finished]).update(result="", result_name="")


def part_stopped(part: Job) -> None:
    """A part failed or was cancelled: so does its evaluation job, with the part's reason."""
    EvaluationJob.objects.filter(
        pk=part.params.get("evaluation_job"), status__in=[JobStatus.PENDING, JobStatus.RUNNING]
    ).update(
        status=JobStatus.FAILED,
        error=part.error or _("A part of this evaluation stopped before it finished."),
        finished_at=part.finished_at or timezone.now(),
    )
