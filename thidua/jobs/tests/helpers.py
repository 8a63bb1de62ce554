"""What tests of several apps share about the job queue."""

from __future__ import annotations

from thidua.jobs.management.commands.worker import Worker

# `settings.TASKS` for a test whose jobs go through the database queue and a real worker.
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(max_tasks: int | None = None) -> None:
    """A real worker of the database queue, in this thread, until the queue is empty (or after
    `max_tasks` tasks). It closes its database connection between tasks as a worker should, so its
    tests run on a transactional database (`transactional_db`), not inside one test transaction."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
