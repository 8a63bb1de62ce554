"""Token login for the API: POST username and password, get {"token": ...}."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response


class TokenLoginView(ObtainAuthToken):
    """DRF's token view, with the same lockout as the login page (django-axes)."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        credentials = {"username": request.data.get("username", "")}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response(
                {"detail": _("Too many failed logins for this account. Wait a while and try again.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return super().post(request, *args, **kwargs)
