from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.scoring.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Sends today's reminders before the self-scoring and review deadlines (run daily; idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=3, help="start reminding this many days before (default 3)"
        )
        parser.add_argument("--today", help="as if today were this date, dd/mm/yyyy")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.datetime.strptime(options["today"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("--today must be written dd/mm/yyyy") from exc
        sent = send_reminders(today=today, days=options["days"])
        self.stdout.write(f"{sent} reminder(s) sent for {today:%d/%m/%Y}.")
