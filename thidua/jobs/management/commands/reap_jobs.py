from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.jobs.services import reap_dead_jobs


class Command(BaseCommand):
    help = "Runs again, or marks failed, the jobs whose worker died (the workers also do it by themselves)."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = reap_dead_jobs()
        for job in jobs:
            self.stdout.write(f"{job}: {job.status}")
        self.stdout.write(f"{len(jobs)} job(s) recovered.")
