"""Print and export of the covenant, the scorecards, the score table and the ranking (issue 10 item 6),
through the same doors as the pages that show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.documents.pdf import ConversionError
from thidua.scoring import papers, sheets
from thidua.scoring.models import Covenant
from thidua.scoring.permissions import (
    can_run_scoring,
    get_scorecard_for_user,
    require_score_table_reader,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def pdf_or_message(request: HttpRequest, make: Callable[[], bytes], name: str, back: str) -> HttpResponse:
    """The PDF, or back to the page with a message when LibreOffice cannot make it on this server."""
    try:
        data = make()
    except ConversionError:
        messages.error(
            request, _("The PDF could not be made on this server; download the Word file instead.")
        )
        return redirect(back)
    return _download(data, "application/pdf", name)


def not_published_message() -> str:
    return _(
        "The ranking has not been published yet: its print and Excel file are available once the "
        "block's leader or the board publishes it."
    )


@login_required
def covenant_download(request: HttpRequest, covenant_pk: int, fmt: str) -> HttpResponse:
    """The covenant as DOCX or PDF, for everyone who sees the block year (as on the Scoring tab)."""
    covenant = get_object_or_404(Covenant.objects.select_related("block_year__block"), pk=covenant_pk)
    block_year = covenant.block_year
    get_block_year_for_user(request.user, block_year.block_id, block_year.year)
    name = f"giao-uoc-{block_year.block.code}-{block_year.year}-v{covenant.version}"
    back = reverse("scoring:overview", args=[block_year.block_id, block_year.year])
    if fmt == "docx":
        return _download(papers.covenant_docx(covenant), DOCX, f"{name}.docx")
    if fmt == "pdf":
        return pdf_or_message(request, lambda: papers.covenant_pdf(covenant), f"{name}.pdf", back)
    raise Http404


@login_required
def scorecard_pdf(request: HttpRequest, card_pk: int) -> HttpResponse:
    """One member's scorecard as PDF, for those who may read the card; the bonus and penalty ledger
    only for those who run scoring (as on the page)."""
    card = get_scorecard_for_user(request.user, card_pk)
    with_ledger = can_run_scoring(request.user, card.block_year)
    return pdf_or_message(
        request,
        lambda: papers.scorecard_pdf(card, with_ledger=with_ledger),
        f"phieu-cham-{card.unit.code}-{card.block_year.year}.pdf",
        reverse("scoring:scorecard", args=[card.pk]),
    )


@login_required
def score_table_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The block's score table (every member's verified scores) for those who run scoring and observers."""
    block_year = get_block_year_for_user(request.user, pk, year)
    require_score_table_reader(request.user, block_year)
    return _download(
        sheets.score_table_xlsx(block_year), sheets.XLSX, f"bang-diem-{block_year.block.code}-{year}.xlsx"
    )


def _ranking(request: HttpRequest, block_year: BlockYear) -> papers.RankingView | None:
    return papers.ranking_view(block_year, provisional_allowed=can_run_scoring(request.user, block_year))


@login_required
def ranking_download(request: HttpRequest, pk: int, year: int, fmt: str) -> HttpResponse:
    """The published ranking as PDF or XLSX for everyone who sees the block year; before publication
    the provisional one, marked "Tạm tính", for the board and the leader (as on the ranking page), and a
    message for everyone else."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    block_year = get_block_year_for_user(request.user, pk, year)
    back = reverse("scoring:ranking", args=[pk, year])
    view: Any = _ranking(request, block_year)
    if view is None:
        messages.error(request, not_published_message())
        return redirect(back)
    name = f"xep-hang-{block_year.block.code}-{year}" + ("-tam-tinh" if view.provisional else "")
    if fmt == "xlsx":
        return _download(sheets.ranking_xlsx(block_year, view), sheets.XLSX, f"{name}.xlsx")
    return pdf_or_message(request, lambda: papers.ranking_pdf(block_year, view), f"{name}.pdf", back)
