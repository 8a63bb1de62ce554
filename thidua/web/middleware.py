from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class VietnameseFirstMiddleware:
    """Vietnamese is the default whatever the browser asks for; English only when the user switches.

    Django's LocaleMiddleware would follow the browser's Accept-Language; officers' browsers are
    often set to English, so the header is ignored and only the language cookie (set by the
    switch) or LANGUAGE_CODE decides.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A request whose body is larger than THIDUA_MAX_REQUEST_MB is answered 413 before it is read
    (issue 11, bounded work per request); gunicorn has no limit of its own on bodies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.THIDUA_MAX_REQUEST_BYTES
        if length > limit:
            message = _("The request is larger than %(n)s MB; send a smaller file.") % {
                "n": limit // (1024 * 1024)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
