"""The block year's Reports tab and the conference's news article draft (thin views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference
from thidua.lib.forms import add_service_errors, fail_messages, form_fail_messages
from thidua.reports import exports, news, services, summary
from thidua.reports.forms import NewsForm, SummaryForm, SummarySendForm
from thidua.reports.models import SUMMARY_TRANSITIONS, NewsDraft, SummaryReport, SummaryStatus
from thidua.reports.permissions import get_news_conference_for_user, get_report_year_for_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _summary_form(report: SummaryReport | None, data: Any = None) -> SummaryForm:
    initial = {name: getattr(report, name) for name in services.WRITTEN_FIELDS} if report else {}
    return SummaryForm(data, initial=initial)


def _summary_context(block_year: BlockYear, form: SummaryForm | None = None) -> dict[str, Any]:
    report = SummaryReport.objects.filter(block_year=block_year).select_related("issued_number").first()
    status = SummaryStatus(report.status) if report else SummaryStatus.DRAFT
    open_conferences = [
        c
        for c in Conference.objects.filter(block_year=block_year).order_by(
            F("starts_at").asc(nulls_last=True), "id"
        )
        if not c.closed_at
    ]
    return {
        "summary_report": report,
        "summary_status": status,
        "summary_form": form or _summary_form(report),
        "summary_editable": status != SummaryStatus.ISSUED,
        "summary_next": [s for s in SummaryStatus if s in SUMMARY_TRANSITIONS[status]],
        "summary_conferences": open_conferences,
    }


def _year_context(block_year: BlockYear, user: Actor) -> dict[str, Any]:
    return {
        "block_year": block_year,
        "blk": block_year.block,
        "tab": "reports",
        "is_leader_officer": block_year.pk in BlockYear.objects.led_ids(user),
        "years": list(
            BlockYear.objects.filter(block_id=block_year.block_id)
            .order_by("-year")
            .values_list("year", flat=True)
        ),
    }


@login_required
def year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The Reports tab: the block's summary report (the leader's sections, its status) and each
    conference's news article draft, to edit or download."""
    block_year = get_report_year_for_user(request.user, pk, year)
    return _render_year(request, block_year)


def _render_year(
    request: HttpRequest, block_year: BlockYear, form: SummaryForm | None = None, status: int = 200
) -> HttpResponse:
    conferences = list(
        Conference.objects.filter(block_year=block_year).order_by(F("starts_at").asc(nulls_last=True), "id")
    )
    edited = set(NewsDraft.objects.filter(conference__in=conferences).values_list("conference_id", flat=True))
    rows = [(c, c.pk in edited) for c in conferences]
    ranked = block_year.standings.exists()
    return render(
        request,
        "reports/year.html",
        {
            **_year_context(block_year, request.user),
            **_summary_context(block_year, form),
            "rows": rows,
            "ranked": ranked,
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def summary_save(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The leader's sections of the summary report (thin over `services.save_summary_sections`)."""
    block_year = get_report_year_for_user(request.user, pk, year)
    report = SummaryReport.objects.filter(block_year=block_year).first()
    form = _summary_form(report, request.POST)
    if form.is_valid():
        try:
            services.save_summary_sections(
                actor=request.user,
                report=report or services.summary_report_for(block_year),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reports:year", pk=pk, year=year)
    return _render_year(request, block_year, form, status=400)


def _change_summary(
    request: HttpRequest, block_year: BlockYear, status: SummaryStatus, conference: Conference | None = None
) -> HttpResponse:
    try:
        services.change_summary_status(
            actor=request.user,
            report=services.summary_report_for(block_year),
            status=status,
            conference=conference,
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The report is now “%(status)s”.") % {"status": status.label})
    return redirect("reports:year", pk=block_year.block_id, year=block_year.year)


@login_required
@require_POST
def summary_send(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Send the summary report to the members for comments, as a conference's draft report when one
    is chosen (thin over `services.change_summary_status`)."""
    block_year = get_report_year_for_user(request.user, pk, year)
    form = SummarySendForm(request.POST, block_year=block_year)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect("reports:year", pk=pk, year=year)
    return _change_summary(request, block_year, SummaryStatus.SENT, form.cleaned_data["conference"])


@login_required
@require_POST
def summary_draft(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Take a sent summary report back to draft."""
    return _change_summary(request, get_report_year_for_user(request.user, pk, year), SummaryStatus.DRAFT)


@login_required
@require_POST
def summary_issue(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Issue the summary report (its number from the leading unit's register)."""
    return _change_summary(request, get_report_year_for_user(request.user, pk, year), SummaryStatus.ISSUED)


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_news_conference_for_user(request.user, pk)
    form = NewsForm(request.POST or None, initial={"text": news.article_text(conference)})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_news_draft(
                actor=request.user, conference=conference, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reports:news_edit", pk=pk)
    block_year = conference.block_year
    return render(
        request,
        "reports/news_edit.html",
        {**_year_context(block_year, request.user), "conference": conference, "form": form},
    )


@login_required
@require_POST
def news_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Drop the edited text: the draft is built from the conference's data again."""
    conference = get_news_conference_for_user(request.user, pk)
    services.reset_news_draft(actor=request.user, conference=conference)
    messages.success(request, _("The draft was built again from the data."))
    return redirect("reports:news_edit", pk=pk)


@login_required
def news_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    conference = get_news_conference_for_user(request.user, pk)
    name = f"tin-bai-hoi-nghi-{conference.pk}"
    if fmt == "docx":
        response = HttpResponse(news.article_docx(conference), content_type=DOCX)
    else:
        response = HttpResponse(news.article_text(conference), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def ranking_download(request: HttpRequest, pk: int, year: int, fmt: str) -> HttpResponse:
    """The published ranking as XLSX or PDF."""
    block_year = get_report_year_for_user(request.user, pk, year)
    name = f"xep-hang-{block_year.block.code}-{block_year.year}"
    if fmt == "pdf":
        response = HttpResponse(exports.ranking_pdf(block_year), content_type="application/pdf")
    else:
        response = HttpResponse(exports.ranking_xlsx(block_year), content_type=XLSX)
        fmt = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def summary_download(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The block's summary report drafted from the data (DOCX, state or Party format)."""
    block_year = get_report_year_for_user(request.user, pk, year)
    response = HttpResponse(summary.summary_docx(block_year), content_type=DOCX)
    report = SummaryReport.objects.filter(block_year=block_year).select_related("issued_number").first()
    suffix = f"-so-{report.issued_number.number}" if report and report.issued_number else "-du-thao"
    name = f"bao-cao-tong-ket-{block_year.block.code}-{block_year.year}{suffix}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
