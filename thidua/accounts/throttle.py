"""Login throttling per client address and per account, on top of django-axes' lockout.

Axes locks a (username, address) pair after AXES_FAILURE_LIMIT failures, so that someone elsewhere
cannot lock an officer out by typing wrong passwords under the officer's name. Two further limits,
counted from axes' own failure records (in the database, so all workers see the same numbers):

- per address: more than LOGIN_THROTTLE_PER_ADDRESS failures from one address, on any accounts,
  within AXES_COOLOFF_TIME, and that address may not try again until they age out;
- per account: more than LOGIN_THROTTLE_PER_ACCOUNT failures on one account from all addresses
  together (a distributed guess) stops attempts on that account from addresses that have never
  logged in to it; the addresses the officer has used before (axes' access log) keep working.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _


def _recent_failures(**filters: Any) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(attempt_time__gte=since, **filters).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return int(total or 0)


def login_refusal(request: Any, username: str) -> str | None:
    """Why this login attempt is refused before any password check, or None to let it through."""
    address = get_client_ip_address(request)
    if address and _recent_failures(ip_address=address) >= settings.LOGIN_THROTTLE_PER_ADDRESS:
        return _("Too many failed logins from this computer. Wait a while and try again.")
    if username and _recent_failures(username=username) >= settings.LOGIN_THROTTLE_PER_ACCOUNT:
        known = AccessLog.objects.filter(username=username, ip_address=address).exists()
        if not known:
            return _(
                "This account is under attack by many failed logins. Log in from a computer you have "
                "used before, or wait a while."
            )
    return None
