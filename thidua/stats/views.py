"""The board's statistics page, its XLSX export and DOCX report, and the statutory forms' XLSX (thin
views). A unit's or a block's files are made in the request; the province's are a job (`stats.jobs`)
whose page shows its progress and offers the file."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import permissions as perms
from thidua.lib.forms import form_fail_messages
from thidua.stats import exports, jobs, papers, queries, statutory
from thidua.stats.forms import ProvinceFilesForm, StatisticsFilter
from thidua.stats.models import FormVersion
from thidua.stats.permissions import reads_province, scope_from_query

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scope(request: HttpRequest) -> tuple[StatisticsFilter, queries.Scope | None]:
    return scope_from_query(request.user, request.GET)


def _options(form: StatisticsFilter, name: str) -> SafeString:
    """The <option>s of a block or unit select, built in one pass (a province has thousands of units:
    rendered option by option in the template they cost more than all the statistics)."""
    field = form.fields[name]
    assert isinstance(field, ModelChoiceField)
    selected = str(form[name].value() or "")
    rows = [("", str(field.empty_label or ""))]
    queryset = field.queryset
    assert queryset is not None
    rows += [(str(pk), str(label)) for pk, label in queryset.values_list("pk", "name")]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in rows),  # noqa: S308
    )


def _charts(stats: dict[str, Any]) -> dict[str, Any]:
    totals = stats["totals"]
    proposals = stats["proposals"]
    return {
        "awards": {
            "labels": [r["year"] for r in totals],
            "series": [
                {"label": _("Collectives"), "data": [r["collective"] for r in totals]},
                {"label": _("Individuals"), "data": [r["individual"] for r in totals]},
            ],
        },
        "proposals": {
            "labels": [r["year"] for r in proposals],
            "series": [
                {"label": _("Proposed"), "data": [r["proposed"] for r in proposals]},
                {"label": _("Awarded"), "data": [r["awarded"] for r in proposals]},
            ],
        },
    }


def _pivot(awards: list[dict[str, Any]]) -> tuple[list[int], list[dict[str, Any]]]:
    """Titles and forms down, years across (from the aggregate rows, a few hundred at most)."""
    years = sorted({r["year"] for r in awards})
    table: dict[str, dict[str, Any]] = {}
    for r in awards:
        entry = table.setdefault(r["code"], {"name": r["name"], "level": r["level"], "by_year": {}})
        entry["by_year"][r["year"]] = entry["by_year"].get(r["year"], 0) + r["collective"] + r["individual"]
    rows = [
        {"name": e["name"], "level": e["level"], "cells": [e["by_year"].get(y, 0) for y in years]}
        for e in table.values()
    ]
    return years, rows


@login_required
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    context: dict[str, Any] = {
        "form": form,
        "scope": scope,
        "forms": statutory.current_forms(scope.year_to if scope is not None else None),
        "block_options": _options(form, "block"),
        "unit_options": _options(form, "unit"),
    }
    if scope is not None:
        stats = queries.statistics(scope)
        years, award_rows = _pivot(stats["awards"])
        context.update(
            stats=stats,
            charts=_charts(stats),
            award_years=years,
            award_rows=award_rows,
            query=request.GET.urlencode(),
            province=_is_province(scope),
        )
    return render(request, "stats/statistics.html", context, status=200 if scope else 400)


def _is_province(scope: queries.Scope) -> bool:
    return scope.unit is None and scope.block is None


def _immediate_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """A unit's or a block's file at once; the province's is started from the page as a job."""
    _form, scope = _scope(request)
    if scope is None:
        raise Http404
    if _is_province(scope):
        messages.info(request, _("The province's files are prepared as a job: start it with its button."))
        return redirect(f"{reverse('stats:page')}?{request.GET.urlencode()}")
    stats = queries.statistics(scope)
    if fmt == "xlsx":
        response = HttpResponse(exports.statistics_xlsx(scope, stats), content_type=XLSX)
    else:
        response = HttpResponse(papers.statistics_docx(scope, stats), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="thong-ke.{fmt}"'
    return response


@login_required
@require_GET
def statistics_export(request: HttpRequest) -> HttpResponse:
    return _immediate_file(request, "xlsx")


@login_required
@require_GET
def statistics_report(request: HttpRequest) -> HttpResponse:
    """The statistics as a report with its charts (DOCX, the documents engine's report paper)."""
    return _immediate_file(request, "docx")


@login_required
@require_POST
def province_job(request: HttpRequest) -> HttpResponse:
    """Starts the province's XLSX or DOCX as a job (the board, administrators and observers) and shows
    the job's page, which follows its progress and offers the file."""
    perms.require(reads_province(request.user))
    form, scope = scope_from_query(request.user, request.POST)
    files = ProvinceFilesForm(request.POST)
    if not files.is_valid():
        form_fail_messages(request, files)
    if scope is None or not _is_province(scope) or not files.is_valid():
        return render(request, "stats/statistics.html", {"form": form, "scope": None}, status=400)
    job = jobs.start_province_statistics(
        actor=request.user, scope=scope, fmt=files.cleaned_data["fmt"], language=request.LANGUAGE_CODE
    )
    return redirect("jobs:detail", job.pk)


@login_required
@require_GET
def form_export(request: HttpRequest, pk: int) -> HttpResponse:
    _form, scope = _scope(request)
    if scope is None:
        raise Http404
    version = get_object_or_404(FormVersion, pk=pk)
    scope = dataclasses.replace(scope, year_from=scope.year_to)  # an annual form: the last year
    computed = statutory.compute_form(version, scope)
    body = exports.form_xlsx(
        computed,
        reporting_unit=scope.label,
        receiving_unit=_("Department of Home Affairs"),
        year=scope.year_to,
    )
    response = HttpResponse(body, content_type=XLSX)
    name = version.code.split("/")[0].replace(".", "-")
    response["Content-Disposition"] = f'attachment; filename="bieu-{name}.xlsx"'
    return response
