"""Who may see and change what: the data scopes behind every page and endpoint.

- Board officers and administrators see and change everything.
- Observers see everything and change nothing; personal identifiers are hidden from them.
- A unit officer sees and changes its own unit and its sub-units (and their people); it sees the
  blocks its unit belongs to and their member units.
- A block leader officer is a unit officer whose unit leads a block year: it also sees that block
  year's member units and their people (read-only).
- A delegate sees the blocks its unit belongs to and their member units; no people.
- Anonymous users see nothing.

Views and API views never filter on their own: they call `visible_to(user)` querysets or the
`get_<thing>_for_user` helpers in each app's permissions module, which return 404 for what is not
visible and 403 for what is visible but read-only.

This module holds the role predicates only; accounts sits below orgs and blocks, so the scope
queries are named querysets there: `Unit.objects.tree_ids(unit_id)`, `Unit.objects.own_ids(user)`,
`Unit.objects.people_readable_ids(user)`, `Unit.objects.member_block_ids(user)`,
`BlockYear.objects.led_ids(user)`; the write checks on units and people are in `orgs.permissions`.
"""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied

from thidua.accounts.models import Role, User
from thidua.accounts.types import Actor


def is_authenticated(user: Actor) -> TypeGuard[User]:
    """An active, signed-in user (never the system or an anonymous visitor): the role predicates
    below and the callers read the user's fields only past this check."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_board(user: Actor) -> TypeGuard[User]:
    """Board officers and administrators: full read and write on every record."""
    return is_authenticated(user) and (
        user.is_superuser or user.role in (Role.BOARD_OFFICER, Role.ADMINISTRATOR)
    )


def sees_everything(user: Actor) -> TypeGuard[User]:
    return is_board(user) or (is_authenticated(user) and user.role == Role.OBSERVER)


def is_unit_officer(user: Actor) -> TypeGuard[User]:
    return is_authenticated(user) and user.role == Role.UNIT_OFFICER and user.unit_id is not None


def require(condition: bool) -> None:
    """403 when the object is visible but the change is not allowed."""
    if not condition:
        raise PermissionDenied
