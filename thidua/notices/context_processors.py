from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thidua.notices.services import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    """The unread notifications' count for the navigation bar's bell (one query, logged-in users)."""
    return {"nav_unread": unread_count(request.user)}
