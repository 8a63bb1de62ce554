"""The province's statistics as a job (issue 10 item 7: "long work (a province's statistics …) runs as
a job with progress"): the XLSX export or the DOCX report with its charts, built by a worker and kept as
the job's file. A unit's or a block's statistics are small and stay immediate (`views`)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.jobs.models import Job
from thidua.jobs.services import enqueue
from thidua.stats import exports, papers, queries

FORMATS = ("xlsx", "docx")
KIND = "stats.province"


def start_province_statistics(*, actor: Actor, scope: queries.Scope, fmt: str, language: str) -> Job:
    """Queue the province's file (the page's buttons and the API); the caller checked the door
    (`permissions.reads_province`) and that the scope is the province."""
    if scope.unit is not None or scope.block is not None or fmt not in FORMATS:
        raise ValueError("Only the province's statistics, as XLSX or DOCX, run as a job.")
    return enqueue(
        KIND, actor=actor, year_from=scope.year_from, year_to=scope.year_to, fmt=fmt, language=language
    )


def file_name(fmt: str, year_from: int, year_to: int) -> str:
    return f"thong-ke-toan-tinh-{year_from}-{year_to}.{fmt}"


def run_province_statistics(
    job_run: Any, *, year_from: int, year_to: int, fmt: str, language: str = "vi"
) -> None:
    """Count, write, store: three steps, each reported (and a cancel honoured between them). The
    language is the one of the user who asked (the XLSX's headings are translated; the DOCX is
    Vietnamese whatever it is)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown statistics format {fmt!r}.")
    with translation.override(language):
        scope = queries.Scope(year_from=year_from, year_to=year_to)
        job_run.progress(done=0, total=3, message=_("Counting the awards of the province"))
        stats = queries.statistics(scope)
        job_run.progress(
            done=1,
            message=_("Writing the workbook") if fmt == "xlsx" else _("Drawing the charts and the report"),
        )
        body = (
            exports.statistics_xlsx(scope, stats) if fmt == "xlsx" else papers.statistics_docx(scope, stats)
        )
        job_run.progress(done=2, message=_("Saving the file"))
        job_run.save_result(file_name(fmt, year_from, year_to), body)
        job_run.progress(done=3, message=_("Done"))
