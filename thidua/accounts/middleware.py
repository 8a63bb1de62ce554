"""An idle session ends after settings.SESSION_IDLE_TIMEOUT without a request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

# The last-seen time is rewritten at most once a minute, not on every request (a session write each).
_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get("last_seen")
            if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                # The next page sends the user to the login page, as for any anonymous request.
                logout(request)
            elif last_seen is None or now - int(last_seen) >= _REFRESH_SECONDS:
                request.session["last_seen"] = now
        return self.get_response(request)
