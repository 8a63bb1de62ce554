"""`thidua evaluate_eligibility --year Y [--block CODE | --unit CODE] [--award CODE] [--on dd/mm/yyyy]`:
a batch evaluation run here and now, printing its progress; the results page shows it like any other."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.awards.batch import run_job, start_job
from thidua.awards.models import AwardType, JobStatus
from thidua.blocks.models import Block
from thidua.orgs.models import Unit


class Command(BaseCommand):
    help = "Evaluate every candidate of the province, a block or a unit for a year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--block", help="block code")
        parser.add_argument("--unit", help="unit code")
        parser.add_argument("--award", help="title or form code, e.g. CSTD_TINH (default: all)")
        parser.add_argument(
            "--on", help="date the dossier is received, dd/mm/yyyy (default: 31/12 of the year)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        block = unit = award_type = None
        if options["block"] and options["unit"]:
            raise CommandError("Give --block or --unit, not both.")
        if options["block"]:
            block = Block.objects.filter(code=options["block"]).first()
            if block is None:
                raise CommandError(f"No block has the code {options['block']}.")
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit has the code {options['unit']}.")
        if options["award"]:
            award_type = AwardType.objects.filter(code=options["award"]).first()
            if award_type is None:
                codes = ", ".join(AwardType.objects.values_list("code", flat=True))
                raise CommandError(f"No title or form has the code {options['award']}; use one of {codes}.")
        on = None
        if options["on"]:
            try:
                on = datetime.datetime.strptime(options["on"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Write --on as dd/mm/yyyy.") from exc
        job = start_job(
            actor=None, year=options["year"], on=on, unit=unit, block=block, award_type=award_type, run=False
        )
        job = run_job(job.pk, echo=lambda j: self.stdout.write(f"{j.done}/{j.total} ({j.percent}%)"))
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self.stdout.write(self.style.SUCCESS(f"Job {job.pk} done: {job.results.count()} verdicts."))
