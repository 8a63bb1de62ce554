from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear, MemberRole, leader_title
from thidua.orgs.models import Unit


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar shows for this user."""
    user = request.user
    return {
        "nav_is_board": perms.is_board(user),
        # Unit officers import and export the people of their own unit (thidua.transfer.permissions).
        "nav_can_transfer": perms.is_board(user) or perms.is_unit_officer(user),
        "nav_can_see_people": Unit.objects.people_readable_ids(user) != set(),
        "nav_led": _led(user),
    }


def _led(user: Actor) -> list[tuple[str, str]]:
    """What a block leader officer leads, for the user menu: "Khối trưởng 2022 · Khối các cơ quan Đảng"
    (a unit officer whose unit leads a block year; issue 15 item 8), newest first."""
    if not perms.is_unit_officer(user) or not user.unit_id:
        return []
    years = (
        BlockYear.objects.filter(memberships__unit_id=user.unit_id, memberships__role=MemberRole.LEADER)
        .select_related("block")
        .order_by("-year")[:3]
    )
    return [(f"{leader_title(by.block.kind)} {by.year}", by.block.name) for by in years]
