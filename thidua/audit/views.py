from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from thidua.accounts import permissions as perms
from thidua.audit.actions import labels
from thidua.audit.models import AuditEntry


def _parse_day(text: str) -> datetime.date | None:
    text = text.strip()
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return parse_date(text) if text else None


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, filtered by actor, action, object type and dates. Board only."""
    if not perms.is_board(request.user):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor__unit")
    filters = {
        key: request.GET.get(key, "").strip()
        for key in ("actor", "unit", "action", "object_type", "since", "until")
    }
    if filters["actor"]:
        entries = entries.filter(actor_name__icontains=filters["actor"])
    if filters["unit"]:
        entries = entries.filter(actor__unit__name__icontains=filters["unit"])
    if filters["action"]:
        entries = entries.filter(action__startswith=filters["action"])
    if filters["object_type"]:
        entries = entries.filter(object_type=filters["object_type"])
    since = _parse_day(filters["since"])
    until = _parse_day(filters["until"])
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/entry_list.html",
        {
            "page": page,
            "filters": filters,
            "labels": labels(),
            "actions": AuditEntry.objects.order_by().values_list("action", flat=True).distinct(),
            "object_types": AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct(),
        },
    )
