"""Who reads the statistics (the only door is `get_scope_for_user`).

- The board, administrators and observers: the province, any block, any unit.
- A unit officer: its own unit and the blocks its unit was a member of; not the province (403).
- Delegates and anonymous users: nothing (403 / login).
"""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.models import User
from thidua.accounts.types import Actor
from thidua.blocks.models import Block
from thidua.orgs.models import Unit
from thidua.stats.forms import StatisticsFilter
from thidua.stats.queries import Scope


def reads_statistics(user: Actor) -> TypeGuard[User]:
    return perms.sees_everything(user) or perms.is_unit_officer(user)


def reads_province(user: Actor) -> bool:
    """The board, administrators and observers: the only ones who may ask for the province's figures."""
    return perms.sees_everything(user)


def get_scope_for_user(
    user: Actor, *, year_from: int, year_to: int, unit_id: int | None = None, block_id: int | None = None
) -> Scope:
    """The scope asked for: 403 when the user reads no statistics or asks for the province without
    being the board or an observer; 404 when the unit or block is not visible to the user."""
    if not reads_statistics(user):
        raise PermissionDenied
    if block_id is not None:
        block = get_object_or_404(Block.objects.visible_to(user), pk=block_id)
        return Scope(year_from=year_from, year_to=year_to, block=block)
    if unit_id is not None:
        units = Unit.objects.all() if perms.sees_everything(user) else Unit.objects.filter(users=user)
        unit = get_object_or_404(units, pk=unit_id)
        return Scope(year_from=year_from, year_to=year_to, unit=unit)
    perms.require(reads_province(user))
    return Scope(year_from=year_from, year_to=year_to)


def scope_from_query(user: Actor, query: QueryDict) -> tuple[StatisticsFilter, Scope | None]:
    """The page's and the API's filters: the last ten years by default, and for a unit officer who
    names neither a block nor a unit, their own unit. The scope is None when the filters are invalid
    (the form says what to fix)."""
    if not reads_statistics(user):
        raise PermissionDenied
    data = query.copy()
    for key, value in StatisticsFilter.defaults().items():
        data.setdefault(key, str(value))
    if not perms.sees_everything(user) and not data.get("block") and not data.get("unit"):
        data["unit"] = str(user.unit_id)
    form = StatisticsFilter(data, user=user)
    if not form.is_valid():
        return form, None
    block = form.cleaned_data.get("block")
    unit = form.cleaned_data.get("unit")
    scope = get_scope_for_user(
        user,
        year_from=form.cleaned_data["year_from"],
        year_to=form.cleaned_data["year_to"],
        block_id=block.pk if block else None,
        unit_id=unit.pk if unit else None,
    )
    return form, scope
