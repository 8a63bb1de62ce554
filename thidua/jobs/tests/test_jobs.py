"""The jobs module end to end: enqueue, a real database worker, progress, the result file, cancel,
recovery from a dead worker, and who may see what."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thidua.audit.models import AuditEntry
from thidua.jobs.models import Job, JobStatus
from thidua.jobs.registry import JobRun, register
from thidua.jobs.services import enqueue, reap_dead_jobs, request_cancel, run_job
from thidua.jobs.tests.helpers import DATABASE_QUEUE, run_worker

STOPPED: list[int] = []
HOOKS: dict[str, object] = {}


def count_and_write(run: JobRun, *, upto: int, name: str = "count.txt") -> None:
    for i in range(upto):
        hook = HOOKS.get("step")
        if callable(hook):
            hook(run, i)
        run.progress(done=i + 1, total=upto, message=f"step {i + 1}")
    run.save_result(name, ",".join(str(i) for i in range(upto)).encode())


def explode(run: JobRun) -> None:
    run.progress(total=4, done=1)
    raise ValueError("Sổ điểm hỏng")


register("tests.count", label="Count", run=count_and_write, on_stop=lambda job: STOPPED.append(job.pk))
register(
    "tests.once", label="Once", run=count_and_write, retries=0, on_stop=lambda job: STOPPED.append(job.pk)
)
register("tests.explode", label="Explode", run=explode)


@pytest.fixture(autouse=True)
def _clean():
    STOPPED.clear()
    HOOKS.clear()
    yield
    HOOKS.clear()


def test_database_worker_runs_the_job_and_its_file_is_downloadable(
    transactional_db, world, login, settings
) -> None:
    settings.TASKS = DATABASE_QUEUE
    member = world.user("member")
    job = enqueue("tests.count", actor=member, upto=5)
    assert job.status == JobStatus.PENDING and job.created_by == member
    queued = DBTaskResult.objects.get()
    assert str(queued.id) == job.task_id and queued.status == "READY"
    assert AuditEntry.objects.filter(action="job.enqueue", object_id=str(job.pk)).exists()

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.total) == (5, 5) and job.message == "step 5"
    assert job.worker_id == "test-worker" and job.attempts == 1
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # The file went through the storage API and comes back whole, to the one who started the job.
    response = login(member).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"0,1,2,3,4"
    assert 'filename="count.txt"' in response["Content-Disposition"]
    page = login(member).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page and "hx-trigger" not in page


def test_a_waiting_page_polls_and_shows_progress(world, login, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    job = enqueue("tests.count", actor=world.user("member"), upto=5)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=2, total=5)
    html = login(world.user("member")).get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = html.content.decode()
    assert 'hx-trigger="every 2s"' in text and 'value="40"' in text and "<html" not in text


def test_who_may_see_download_and_cancel_a_job(transactional_db, world, login, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    job = enqueue("tests.count", actor=world.user("member"), upto=2)
    detail, download, cancel = (
        reverse(f"jobs:{name}", args=[job.pk]) for name in ("detail", "download", "cancel")
    )
    assert login(world.user("outsider")).get(detail).status_code == 404
    assert login(world.user("outsider")).post(cancel).status_code == 404
    assert login(world.user("leader")).get(detail).status_code == 404
    # Observers see everything but change nothing.
    assert login(world.user("observer")).get(detail).status_code == 200
    assert login(world.user("observer")).post(cancel).status_code == 403
    assert login(world.user("board")).get(detail).status_code == 200
    # No file yet.
    assert login(world.user("member")).get(download).status_code == 404
    run_worker()
    assert login(world.user("outsider")).get(download).status_code == 404
    assert login(world.user("board")).get(download).status_code == 200
    client = login(world.user("member"))
    client.logout()
    assert client.get(download).status_code == 302  # to the login page


def test_cancelling_a_waiting_job_stops_it_before_any_worker_runs_it(
    transactional_db, world, login, settings
) -> None:
    settings.TASKS = DATABASE_QUEUE
    job = enqueue("tests.count", actor=world.user("member"), upto=3)
    response = login(world.user("member")).post(reverse("jobs:cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.cancel_requested and STOPPED == [job.pk]
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.attempts == 0 and job.done == 0 and not job.result
    assert AuditEntry.objects.filter(action="job.cancel", object_id=str(job.pk)).exists()


def test_a_running_job_stops_at_its_next_progress_after_a_cancel(world) -> None:
    board = world.user("board")

    def cancel_at_third_step(run: JobRun, i: int) -> None:
        if i == 3:
            request_cancel(job=Job.objects.get(pk=run.job.pk), actor=board)

    HOOKS["step"] = cancel_at_third_step
    job = enqueue("tests.count", actor=world.user("member"), upto=10)  # the immediate backend runs it now
    assert job.status == JobStatus.CANCELLED and job.done == 4 and job.total == 10
    assert not job.result and STOPPED == [job.pk]
    assert job.error == "Đã hủy theo yêu cầu của người dùng."


def test_a_failing_job_says_why(world) -> None:
    job = enqueue("tests.explode", actor=world.user("board"))
    assert job.status == JobStatus.FAILED and job.error == "Sổ điểm hỏng" and job.done == 1


def test_unknown_kind_is_refused_before_anything_is_stored(world) -> None:
    with pytest.raises(LookupError):
        enqueue("tests.nothing", actor=world.user("board"))
    assert not Job.objects.exists()


def _left_running(kind: str, *, minutes_ago: int, **params: object) -> Job:
    """A job as a killed worker leaves it: running, attempted once, its heartbeat stopped."""
    beat = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Job.objects.create(
        kind=kind,
        params=params,
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=beat,
        heartbeat_at=beat,
        worker_id="killed-worker",
        total=3,
        done=1,
    )


def test_a_job_whose_worker_died_is_run_again_by_the_next_worker(transactional_db, world, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    dead = _left_running("tests.count", minutes_ago=10, upto=3)
    alive = _left_running("tests.count", minutes_ago=0, upto=3)
    run_worker()  # a worker starting reaps first, then runs what is queued
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.DONE and dead.attempts == 2 and dead.worker_id == "test-worker"
    assert dead.result.read() == b"0,1,2"
    # A job whose worker still beats is not touched.
    assert alive.status == JobStatus.RUNNING and alive.worker_id == "killed-worker"


def test_a_dead_job_out_of_attempts_is_marked_failed_never_left_running(world) -> None:
    once = _left_running("tests.once", minutes_ago=10, upto=3)
    twice = _left_running("tests.count", minutes_ago=10, upto=3)
    Job.objects.filter(pk=twice.pk).update(attempts=2)
    reaped = reap_dead_jobs()
    assert {job.pk for job in reaped} == {once.pk, twice.pk}
    for job in (once, twice):
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert job.error == "Máy chạy việc này đã dừng trước khi việc xong."
    assert sorted(STOPPED) == sorted([once.pk, twice.pk])
    assert reap_dead_jobs() == []


def test_a_job_of_a_kind_no_longer_installed_fails_and_is_not_retried(world) -> None:
    gone = _left_running("tests.uninstalled", minutes_ago=10)
    waiting = Job.objects.create(kind="tests.uninstalled")
    run_job(job_id=waiting.pk)
    reap_dead_jobs()
    for job in (gone, waiting):
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "tests.uninstalled" in waiting.error


def test_a_cancel_goes_back_only_to_a_page_of_ours(world, login, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    client = login(world.user("member"))
    elsewhere = enqueue("tests.count", actor=world.user("member"), upto=3)
    response = client.post(reverse("jobs:cancel", args=[elsewhere.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[elsewhere.pk])
    back = enqueue("tests.count", actor=world.user("member"), upto=3)
    response = client.post(reverse("jobs:cancel", args=[back.pk]), {"next": reverse("blocks:block_list")})
    assert response.status_code == 302 and response["Location"] == reverse("blocks:block_list")
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.CANCELLED}
