from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
