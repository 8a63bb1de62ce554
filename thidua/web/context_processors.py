from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thidua.accounts import permissions as perms
from thidua.orgs.models import Unit


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar shows for this user."""
    user = request.user
    return {
        "nav_is_board": perms.is_board(user),
        # Unit officers import and export the people of their own unit (thidua.transfer.permissions).
        "nav_can_transfer": perms.is_board(user) or perms.is_unit_officer(user),
        "nav_can_see_people": Unit.objects.people_readable_ids(user) != set(),
    }
