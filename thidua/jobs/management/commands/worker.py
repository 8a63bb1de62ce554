"""`thidua worker`: runs queued jobs. django-tasks-db's `db_worker` loop, plus, in a side thread, the
heartbeat of the jobs it runs, the recovery of jobs whose worker died, and the daily schedule. Run as
many as you like, on as many machines as share the database."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connections
from django_tasks_db.management.commands import db_worker

from thidua.jobs.services import beat, reap_dead_jobs, run_schedule

logger = logging.getLogger("thidua.jobs")
SCHEDULE_EVERY = 30  # seconds between two looks at the daily schedule


class Worker(db_worker.Worker):
    def __init__(self, *, parent_pid: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parent_pid = parent_pid
        self.stopping = threading.Event()

    def run(self) -> None:
        reap_dead_jobs()
        run_schedule()
        side = threading.Thread(target=self.look_after, name="thidua-jobs-heartbeat", daemon=True)
        side.start()
        try:
            super().run()
        finally:
            self.stopping.set()
            side.join(timeout=5)

    def look_after(self) -> None:
        """Heartbeat every THIDUA_JOB_HEARTBEAT_SECONDS; the reaper and the schedule less often. On its
        own database connection, so it beats while the main thread is deep in a job."""
        every = settings.THIDUA_JOB_HEARTBEAT_SECONDS
        last_reap = last_schedule = time.monotonic()
        try:
            while not self.stopping.wait(every):
                try:
                    beat(worker_id=self.worker_id)
                    now = time.monotonic()
                    if now - last_reap >= settings.THIDUA_JOB_STALE_SECONDS / 2:
                        reap_dead_jobs()
                        last_reap = now
                    if now - last_schedule >= SCHEDULE_EVERY:
                        run_schedule()
                        last_schedule = now
                except Exception:
                    logger.exception("Worker %s: heartbeat round failed", self.worker_id)
                if self.parent_pid and os.getppid() != self.parent_pid:
                    # The web server that started this worker has gone: stop after the current job.
                    logger.warning("Worker %s: its server stopped; stopping.", self.worker_id)
                    os.kill(os.getpid(), signal.SIGTERM)
                    return
        finally:
            connections.close_all()


class Command(db_worker.Command):
    help = "Runs queued jobs (eligibility batches, documents, reminders) until stopped."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--parent-pid", type=int, default=None, help="stop when this process is gone")

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            parent_pid=options["parent_pid"],
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
