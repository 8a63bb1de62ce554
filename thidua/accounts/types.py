"""Types at the seams between the apps."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from thidua.accounts.models import User

# The user a service acts for, as views and the API hand it over (`request.user`), or None when
# the system acts (the demo loader, management commands, a vote's own effects). The audit entry
# keeps the user, or "system" for None and an anonymous user. The doors (`<app>.permissions`) and the
# `visible_to(user)` querysets take the same type: None and an anonymous user see nothing, and
# `accounts.permissions.is_authenticated` (and the role predicates on it) narrow it to a `User`.
Actor: TypeAlias = User | AnonymousUser | None


def user_of(actor: Actor) -> User:
    """The user a required `..._by` foreign key stores; a change such a key records needs a user."""
    if not isinstance(actor, User):
        raise PermissionDenied
    return actor


def user_or_none(actor: Actor) -> User | None:
    """The user an optional `..._by` foreign key stores: None when the system acts."""
    return actor if isinstance(actor, User) else None
