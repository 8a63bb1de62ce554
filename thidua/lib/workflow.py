"""The one helper every workflow model's services use to change a status through its transitions table.

Each workflow model declares beside its status choices one table `{to: {from, ...}}` (STYLE.md: one
table of allowed transitions; only services change `status`). A service names the step and the
Vietnamese refusal for a record in any other state; the helper keeps the check and the assignment
together so that no service can set a status the table does not allow.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from django.core.exceptions import ValidationError


def allowed(transitions: Mapping[str, Set[str]], current: str, to: str) -> bool:
    """Whether the table lets a record in `current` move to `to`."""
    return current in transitions.get(to, frozenset())


def move(obj: Any, to: str, transitions: Mapping[str, Set[str]], refusal: str) -> None:
    """Set `obj.status` to `to` (not saved) if the table allows it; else refuse with `refusal`."""
    if not allowed(transitions, obj.status, to):
        raise ValidationError(refusal)
    obj.status = to
