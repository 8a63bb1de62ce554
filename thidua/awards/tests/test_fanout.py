"""A batch spread over the job workers (awards/fanout.py) stores the very verdicts of the same job run in
one process, on generated data; its progress adds up over the parts; a part that dies is run again
from its start, and a part out of attempts fails the whole batch instead of leaving it running."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from thidua.awards.batch import run_job, start_job
from thidua.awards.fanout import PART
from thidua.awards.models import EvaluationJob, EvaluationResult, JobStatus
from thidua.awards.synthetic import Scale, generate
from thidua.awards.tests.helpers import random_person, save_facts
from thidua.jobs.models import Job
from thidua.jobs.models import JobStatus as QueueStatus
from thidua.jobs.services import reap_dead_jobs
from thidua.jobs.tests.helpers import DATABASE_QUEUE, run_worker
from thidua.testing import make_unit

YEAR = 2025


@pytest.fixture
def generated(db, settings, tmp_path):
    """A small synthetic province (units, blocks, ten years of history) and, in a unit of their own,
    random histories with cases, discipline and maternity leave (the people the set-based path leaves
    to the rules' status path); parts of 40 people."""
    settings.MEDIA_ROOT = tmp_path
    generate(Scale(120, 12, 2016, YEAR), seed=7)
    home = make_unit("RANDOM", "Đơn vị ngẫu nhiên")
    rng = random.Random(5)
    for index in range(30):
        save_facts(random_person(rng, stars=0.5), home, f"Ngẫu Nhiên {index}")
    settings.THIDUA_EVALUATION_PART_PEOPLE = 40


def _stored(job: EvaluationJob) -> list[tuple[object, ...]]:
    return sorted(
        EvaluationResult.objects.filter(job=job).values_list(
            "award_type_id", "person_id", "unit_id", "home_unit_id", "status", "failed", "priority"
        ),
        key=repr,
    )


def _one_process(settings) -> list[tuple[object, ...]]:
    settings.THIDUA_EVALUATION_PART_PEOPLE, size = 0, settings.THIDUA_EVALUATION_PART_PEOPLE
    job = run_job(start_job(actor=None, year=YEAR, run=False).pk)
    settings.THIDUA_EVALUATION_PART_PEOPLE = size
    assert job.status == JobStatus.DONE
    return _stored(job)


def test_the_parts_store_the_verdicts_of_one_process(generated, settings) -> None:
    expected = _one_process(settings)
    job = start_job(actor=None, year=YEAR)  # the tests' immediate queue runs every part at once
    job.refresh_from_db()
    parts = Job.objects.filter(kind=PART, params__evaluation_job=job.pk)
    assert parts.count() == 4  # 150 people in parts of 40
    assert job.status == JobStatus.DONE and job.done == job.total > 150
    assert _stored(job) == expected
    assert any(row[2] is not None for row in expected)  # collectives too, their members counted
    assert {part.status for part in parts} == {QueueStatus.DONE}


def test_each_part_adds_its_progress_to_the_batch(generated, transactional_db, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    expected = _one_process(settings)
    job = start_job(actor=None, year=YEAR)
    run_worker(max_tasks=1)  # the batch's own task: it queues the parts
    job.refresh_from_db()
    parts = list(Job.objects.filter(kind=PART, params__evaluation_job=job.pk).order_by("id"))
    assert job.status == JobStatus.RUNNING and job.done == 0 and len(parts) == 4
    run_worker(max_tasks=1)
    job.refresh_from_db()
    first = Job.objects.get(pk=parts[0].pk)
    assert first.status == QueueStatus.DONE and first.done == first.total == 40
    assert job.status == JobStatus.RUNNING and job.done == 40
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total
    assert _stored(job) == expected
    # The parts' member bits served the collectives only: no file is left to download.
    assert not Job.objects.filter(kind=PART, params__evaluation_job=job.pk).exclude(result="").exists()


def test_a_batch_deleted_while_its_parts_run_gets_no_rows(generated, transactional_db, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    job = start_job(actor=None, year=YEAR)
    run_worker(max_tasks=1)  # the parts queued
    run_worker(max_tasks=1)  # the first part stored
    EvaluationJob.objects.filter(pk=job.pk).delete()  # its results go with it
    run_worker()
    assert not EvaluationResult.objects.filter(job_id=job.pk).exists()
    assert set(Job.objects.filter(kind=PART).values_list("status", flat=True)) <= {
        QueueStatus.DONE,
        QueueStatus.CANCELLED,
    }


def _spread_with_a_dead_part(settings, *, attempts: int) -> tuple[EvaluationJob, Job]:
    """The batch's parts queued; the first was picked up, stored some of its verdicts and progress,
    and its worker died (no heartbeat for half an hour)."""
    settings.TASKS = DATABASE_QUEUE
    job = start_job(actor=None, year=YEAR)
    run_worker(max_tasks=1)
    part = Job.objects.filter(kind=PART, params__evaluation_job=job.pk).order_by("id").first()
    assert part is not None
    run_worker(max_tasks=1)  # the first part, in full
    old = timezone.now() - datetime.timedelta(minutes=30)
    Job.objects.filter(pk=part.pk).update(
        status=QueueStatus.RUNNING, attempts=attempts, started_at=old, heartbeat_at=old, result=""
    )
    return job, part


def test_a_part_whose_worker_died_is_run_again_and_counted_once(
    generated, transactional_db, settings
) -> None:
    expected = _one_process(settings)
    job, part = _spread_with_a_dead_part(settings, attempts=1)
    reap_dead_jobs()
    # One task at a time: while the batch runs, its progress is exactly what its parts report (the
    # dead attempt's 40 are taken back when the part runs again, not counted twice).
    for _ in range(10):
        job.refresh_from_db()
        if job.status != JobStatus.RUNNING:
            break
        reported = Job.objects.filter(kind=PART, params__evaluation_job=job.pk).values_list("done", flat=True)
        assert job.done == sum(reported)
        run_worker(max_tasks=1)
    job.refresh_from_db()
    assert Job.objects.get(pk=part.pk).status == QueueStatus.DONE
    assert job.status == JobStatus.DONE and job.done == job.total
    assert _stored(job) == expected  # the dead attempt's verdicts are not there twice


def test_a_part_out_of_attempts_fails_the_batch_and_stops_the_others(
    generated, transactional_db, settings
) -> None:
    job, part = _spread_with_a_dead_part(settings, attempts=2)
    reap_dead_jobs()
    job.refresh_from_db()
    assert Job.objects.get(pk=part.pk).status == QueueStatus.FAILED
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert job.error == "Máy chạy việc này đã dừng trước khi việc xong."
    run_worker()  # the parts still queued stop at once
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    others = Job.objects.filter(kind=PART, params__evaluation_job=job.pk).exclude(pk=part.pk)
    assert {other.status for other in others} == {QueueStatus.CANCELLED}
    assert not EvaluationResult.objects.filter(job=job, unit__isnull=False).exists()


@pytest.mark.django_db
def test_exactly_one_part_claims_the_collectives_and_its_rerun_may_again() -> None:
    """`fanout._claim`: not before every part is finished; then the first part to look claims them,
    another part does not, and the claiming part's own rerun (its worker died while deciding them)
    claims them again; a batch that is no longer running stops the part."""
    from thidua.awards.fanout import _claim
    from thidua.jobs.registry import Cancelled, JobRun

    batch = EvaluationJob.objects.create(year=YEAR, on=datetime.date(YEAR, 12, 1), status=JobStatus.RUNNING)
    parts = [Job.objects.create(kind=PART, params={"evaluation_job": batch.pk}) for _ in range(2)]
    Job.objects.filter(pk=parts[0].pk).update(result="jobs/bits-a.bin")
    assert _claim(JobRun(parts[0]), batch.pk, 2) is False  # the second part is still deciding
    Job.objects.filter(pk=parts[1].pk).update(result="jobs/bits-b.bin")
    assert _claim(JobRun(parts[1]), batch.pk, 2) is True
    assert _claim(JobRun(parts[0]), batch.pk, 2) is False
    assert _claim(JobRun(parts[1]), batch.pk, 2) is True  # a rerun of the claiming part
    batch.refresh_from_db()
    assert batch.collectives_part == parts[1].pk
    EvaluationJob.objects.filter(pk=batch.pk).update(status=JobStatus.FAILED)
    with pytest.raises(Cancelled):
        _claim(JobRun(parts[0]), batch.pk, 2)
