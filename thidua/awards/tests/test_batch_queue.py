"""The batch evaluation on the job queue: started by the page or the API, run by a worker, cancelled,
and recovered when its worker dies (thidua.jobs)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards.batch import EVALUATE, start_job
from thidua.awards.jobs import evaluate
from thidua.awards.models import AwardType, EvaluationJob, EvaluationResult, JobStatus
from thidua.awards.tests.helpers import person_in, rate
from thidua.jobs.models import Job
from thidua.jobs.models import JobStatus as QueueStatus
from thidua.jobs.registry import Cancelled, JobRun
from thidua.jobs.services import reap_dead_jobs, request_cancel
from thidua.jobs.tests.helpers import DATABASE_QUEUE, run_worker
from thidua.orgs.models import Person


def _people(world, n: int = 3) -> None:
    for i in range(n):
        rate(person_in(world.member_unit, f"Người {i}"), 2024, "excellent")


def test_a_started_batch_waits_on_the_queue_until_a_worker_runs_it(transactional_db, world, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    _people(world)
    board = world.user("board")
    batch = start_job(actor=board, year=2024, block=world.block)
    queued = Job.objects.get(kind=EVALUATE)
    assert batch.status == JobStatus.PENDING and not EvaluationResult.objects.exists()
    assert queued.params == {"evaluation_job": batch.pk} and queued.created_by == board

    run_worker()

    batch.refresh_from_db()
    queued.refresh_from_db()
    assert batch.status == JobStatus.DONE and queued.status == QueueStatus.DONE
    assert queued.total == batch.total > 0 and queued.done == batch.total
    assert (
        EvaluationResult.objects.filter(job=batch, award_type__code="CSTDCS", status="eligible").count() == 3
    )


def test_cancelling_a_waiting_batch_marks_it_failed_with_the_reason(
    transactional_db, world, settings
) -> None:
    settings.TASKS = DATABASE_QUEUE
    board = world.user("board")
    batch = start_job(actor=board, year=2024, block=world.block)
    request_cancel(job=Job.objects.get(kind=EVALUATE), actor=board)
    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED and batch.error == "Đã hủy theo yêu cầu của người dùng."


def test_a_running_batch_stops_at_its_first_progress_after_a_cancel(world, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    _people(world)
    batch = start_job(actor=world.user("board"), year=2024, block=world.block)
    # The worker picked it up, then the user asked to stop.
    queued = Job.objects.get(kind=EVALUATE)
    Job.objects.filter(pk=queued.pk).update(status=QueueStatus.RUNNING, cancel_requested=True)
    queued.refresh_from_db()
    with pytest.raises(Cancelled):
        evaluate(JobRun(queued), evaluation_job=batch.pk)
    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED and batch.error == "Đã hủy theo yêu cầu của người dùng."


def _killed(world, *, attempts: int) -> EvaluationJob:
    """A batch whose worker was killed half-way: some results stored, both rows left running."""
    _people(world)
    batch = start_job(actor=world.user("board"), year=2024, block=world.block, run=False)
    EvaluationJob.objects.filter(pk=batch.pk).update(status=JobStatus.RUNNING, total=9, done=3)
    EvaluationResult.objects.create(
        job=batch,
        award_type=AwardType.objects.get(code="CSTDCS"),
        person=Person.objects.first(),
        home_unit=world.member_unit,
        status="eligible",
    )
    old = timezone.now() - datetime.timedelta(minutes=30)
    Job.objects.create(
        kind=EVALUATE,
        params={"evaluation_job": batch.pk},
        status=QueueStatus.RUNNING,
        attempts=attempts,
        started_at=old,
        heartbeat_at=old,
    )
    return batch


def test_a_batch_whose_worker_died_is_run_again_from_the_start(world) -> None:
    batch = _killed(world, attempts=1)
    reap_dead_jobs()  # the tests' immediate queue runs the retry at once
    batch.refresh_from_db()
    assert batch.status == JobStatus.DONE and batch.done == batch.total
    assert Job.objects.get().status == QueueStatus.DONE
    # The dead attempt's row is gone: each candidate has one verdict per title.
    rows = EvaluationResult.objects.filter(job=batch)
    assert rows.filter(award_type__code="CSTDCS", status="eligible").count() == 3
    assert rows.count() == len(set(rows.values_list("award_type_id", "person_id", "unit_id")))


def test_a_batch_out_of_attempts_is_failed_never_left_running(world) -> None:
    batch = _killed(world, attempts=2)
    reap_dead_jobs()
    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED and batch.finished_at is not None
    assert batch.error == "Máy chạy việc này đã dừng trước khi việc xong."


def test_the_batch_page_cancels_a_waiting_batch_and_comes_back(world, login, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    client = login(world.user("member"))
    client.post(reverse("awards:batch_list"), {"year": 2024, "unit": world.member_unit.pk})
    batch = EvaluationJob.objects.get()
    queued = Job.objects.get(kind=EVALUATE)
    page = reverse("awards:batch_detail", args=[batch.pk])
    cancel = reverse("jobs:cancel", args=[queued.pk])
    assert f'action="{cancel}"' in client.get(page).content.decode()
    # The observer sees the batch but has no button, and may not cancel.
    observer = login(world.user("observer"))
    assert f'action="{cancel}"' not in observer.get(page).content.decode()
    assert observer.post(cancel, {"next": page}).status_code == 403
    client = login(world.user("member"))
    response = client.post(cancel, {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED and batch.error == "Đã hủy theo yêu cầu của người dùng."
    assert f'action="{cancel}"' not in client.get(page).content.decode()


def test_cancel_never_sends_the_user_to_another_site(world, login, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    start_job(actor=world.user("board"), year=2024)
    queued = Job.objects.get(kind=EVALUATE)
    response = login(world.user("board")).post(
        reverse("jobs:cancel", args=[queued.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("jobs:detail", args=[queued.pk])
