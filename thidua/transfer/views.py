"""Import and export pages: templates to download, lists to export, files to import. Board only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.blocks.models import BlockYear
from thidua.orgs.forms import ImportForm
from thidua.orgs.models import Person, Unit
from thidua.transfer.sheets import SHEETS, Sheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_for(request: HttpRequest, kind: str) -> Sheet:
    """The board manages these lists for the whole province; other roles may not use this page."""
    if not perms.is_board(request.user):
        raise PermissionDenied
    if kind not in SHEETS:
        raise Http404
    return SHEETS[kind]


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _queryset(kind: str, user: Any) -> Any:
    if kind == "units":
        return Unit.objects.visible_to(user).order_by("code")
    if kind == "people":
        return Person.objects.visible_to(user).order_by("name_sort", "id")
    return BlockYear.objects.visible_to(user)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not perms.is_board(request.user):
        raise PermissionDenied
    return render(
        request, "transfer/index.html", {"sheets": SHEETS.values(), "form": ImportForm(), "result": None}
    )


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = _sheet_for(request, kind)
    return _download(sheet.template(), f"thidua-mau-{kind}.xlsx")


@login_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = _sheet_for(request, kind)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _download(sheet.export(_queryset(kind, request.user)), f"thidua-{kind}-{stamp}.xlsx")


@login_required
@require_POST
def import_file(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = _sheet_for(request, kind)
    form = ImportForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        result = sheet.import_file(form.cleaned_data["file"], request.user)
        if result.ok:
            messages.success(
                request,
                _("%(title)s: %(created)s added, %(updated)s updated.")
                % {"title": sheet.title, "created": result.created, "updated": result.updated},
            )
    status = 200 if result is None or result.ok else 422
    if not form.is_valid():
        status = 422
    return render(
        request,
        "transfer/index.html",
        {"sheets": SHEETS.values(), "form": form, "result": result, "active": sheet},
        status=status,
    )
