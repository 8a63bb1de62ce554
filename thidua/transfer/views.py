"""Import and export pages: templates to download, lists to export, files to import.

Board officers use all three lists; unit officers the people of their own unit (see permissions).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import permissions as perms
from thidua.audit.services import record_export
from thidua.orgs.forms import ImportForm
from thidua.transfer.permissions import export_queryset, get_sheet_for_user, sheets_for_user
from thidua.transfer.sheets import ImportResult, Sheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file with thousands of bad rows would make an unreadable page; the first ones say what is wrong.
ERRORS_SHOWN = 200


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(
    request: HttpRequest,
    *,
    form: ImportForm | None = None,
    active: Sheet | None = None,
    result: ImportResult | None = None,
    status: int = 200,
) -> HttpResponse:
    sheets = sheets_for_user(request.user)
    perms.require(bool(sheets))
    context: dict[str, Any] = {
        "sheets": sheets,
        "form": form or ImportForm(),
        "active": active,
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
        "own_people_only": not perms.is_board(request.user),
    }
    return render(request, "transfer/index.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = get_sheet_for_user(request.user, kind)
    return _download(sheet.template(), f"thidua-mau-{kind}.xlsx")


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = get_sheet_for_user(request.user, kind)
    stamp = timezone.localdate().strftime("%Y%m%d")
    queryset = export_queryset(request.user, kind)
    content = sheet.export(queryset, viewer=request.user)
    record_export(actor=request.user, kind=kind, rows=queryset.count(), file_format="xlsx")
    return _download(content, f"thidua-{kind}-{stamp}.xlsx")


@login_required
@require_POST
def import_file(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = get_sheet_for_user(request.user, kind)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, active=sheet, status=422)
    result = sheet.import_file(form.cleaned_data["file"], actor=request.user)
    if not result.ok:
        # A file refused as a whole (unreadable, too big, a bomb) is a bad request; bad rows are 422.
        status = 400 if any(e.row == 0 for e in result.errors) else 422
        return _page(request, form=form, active=sheet, result=result, status=status)
    summary = _("%(title)s: %(created)s added, %(updated)s updated.") % {
        "title": sheet.title,
        "created": result.created,
        "updated": result.updated,
    }
    if result.unchanged:
        summary += " " + _("%(n)s already up to date.") % {"n": result.unchanged}
    messages.success(request, summary)
    return redirect("transfer:index")
