"""Who may see and run the council: the only door for its views and the API.

- Board officers (and administrators) keep the councils: members, sessions, attendance, counts and
  the minutes. They are the only ones who change anything here.
- Observers read the councils and sessions and change nothing.
- Unit officers, delegates and anonymous users have no council pages (403; an id they guess is the
  same 403, so nothing is told about what exists).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.council.models import Council, CouncilSession


def can_read(user: Actor) -> bool:
    return perms.sees_everything(user)


def can_run(user: Actor) -> bool:
    """The board runs the council (the same `is_board` the proposals' receiver door asks)."""
    return perms.is_board(user)


def require_read(user: Actor) -> None:
    perms.require(can_read(user))


def get_council_for_user(user: Actor, pk: int, *, write: bool = False) -> Council:
    """403 for those who have no council pages (or may not change it when `write`); 404 when absent."""
    require_read(user)
    council = get_object_or_404(Council.objects.select_related("body"), pk=pk)
    if write:
        perms.require(can_run(user))
    return council


def sessions_visible_to(user: Actor) -> Any:
    if not can_read(user):
        return CouncilSession.objects.none()
    return CouncilSession.objects.select_related("council__body")


def get_session_for_user(user: Actor, pk: int, *, write: bool = False) -> CouncilSession:
    require_read(user)
    session = get_object_or_404(CouncilSession.objects.select_related("council__body"), pk=pk)
    if write:
        perms.require(can_run(user))
    return session
