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
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from thidua.accounts.models import Role


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_board(user: Any) -> bool:
    """Board officers and administrators: full read and write on every record."""
    return is_authenticated(user) and (
        user.is_superuser or user.role in (Role.BOARD_OFFICER, Role.ADMINISTRATOR)
    )


def sees_everything(user: Any) -> bool:
    return is_board(user) or (is_authenticated(user) and user.role == Role.OBSERVER)


def is_unit_officer(user: Any) -> bool:
    return is_authenticated(user) and user.role == Role.UNIT_OFFICER and user.unit_id is not None


def unit_tree_ids(unit_id: int) -> set[int]:
    """The unit and all its sub-units, however deep."""
    from thidua.orgs.models import Unit

    found = {unit_id}
    frontier = {unit_id}
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def own_unit_ids(user: Any) -> set[int]:
    """The user's unit and its sub-units (empty for roles without a unit)."""
    if (
        not is_authenticated(user)
        or user.unit_id is None
        or user.role not in (Role.UNIT_OFFICER, Role.DELEGATE)
    ):
        return set()
    cache = getattr(user, "_thidua_own_units", None)
    if cache is None:
        cache = unit_tree_ids(user.unit_id)
        user._thidua_own_units = cache
    return cache


def led_block_year_ids(user: Any) -> set[int]:
    """Block years whose leader is the user's unit (the user is then a block leader officer)."""
    if not is_unit_officer(user):
        return set()
    from thidua.blocks.models import MemberRole, Membership

    return set(
        Membership.objects.filter(unit_id=user.unit_id, role=MemberRole.LEADER).values_list(
            "block_year_id", flat=True
        )
    )


def is_leader_officer(user: Any) -> bool:
    return bool(led_block_year_ids(user))


def member_block_ids(user: Any) -> set[int]:
    """Blocks the user's unit has been a member of in any year."""
    if not own_unit_ids(user):
        return set()
    from thidua.blocks.models import Membership

    return set(Membership.objects.filter(unit_id=user.unit_id).values_list("block_year__block_id", flat=True))


def readable_people_unit_ids(user: Any) -> set[int] | None:
    """Units whose people the user may read; None means all."""
    if sees_everything(user):
        return None
    if not is_unit_officer(user):
        return set()
    from thidua.blocks.models import Membership

    led_units = set(
        Membership.objects.filter(block_year_id__in=led_block_year_ids(user)).values_list(
            "unit_id", flat=True
        )
    )
    return own_unit_ids(user) | led_units


def can_write_unit(user: Any, unit_id: int | None) -> bool:
    """Board writes every unit; a unit officer writes its own unit's sub-units (and creates them)."""
    if is_board(user):
        return True
    if not is_unit_officer(user) or unit_id is None:
        return False
    return unit_id in own_unit_ids(user) and unit_id != user.unit_id


def can_write_people_of(user: Any, unit_id: int | None) -> bool:
    """Board writes every person; a unit officer writes the people of its own unit and sub-units."""
    if is_board(user):
        return True
    return is_unit_officer(user) and unit_id is not None and unit_id in own_unit_ids(user)


def can_see_personal_ids(user: Any, unit_id: int | None = None) -> bool:
    """National ID numbers and birth dates: the board, and a unit officer for the people of its own
    unit and sub-units (not those of other members of a block it leads)."""
    if is_board(user):
        return True
    return is_unit_officer(user) and unit_id is not None and unit_id in own_unit_ids(user)


def require(condition: bool) -> None:
    """403 when the object is visible but the change is not allowed."""
    if not condition:
        raise PermissionDenied
