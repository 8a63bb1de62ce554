from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.accounts import permissions as perms


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not perms.is_board(request.user):
        raise PermissionDenied
    return render(request, "transfer/index.html", {})
