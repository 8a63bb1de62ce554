"""Creating and reading notifications. A notification is the user's own inbox line, not a record of the
domain: creating and reading one is not audited (the reminder it echoes is kept by scoring.Reminder)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.types import Actor, user_or_none
from thidua.notices.models import Notification


@transaction.atomic
def notify(*, actor: Actor, users: Iterable[Any], text: str, url: str = "") -> list[Notification]:
    """One notification per user, with the same text and link; `actor` is who caused it (None for a
    scheduled run)."""
    return Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], url=url[:500]) for user in users]
    )


@transaction.atomic
def mark_all_read(*, actor: Actor) -> int:
    """The actor has seen its notifications: every unread one is marked read now."""
    return Notification.objects.filter(user=user_or_none(actor), read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user: Actor) -> int:
    if not isinstance(user, User):  # the system or an anonymous visitor
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
