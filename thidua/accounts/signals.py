"""Audit entries for logins, failed logins, lockouts and password changes; tokens die with a password.

Connected in AccountsConfig.ready(). Passwords and one-time codes are never recorded.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from thidua.accounts.audit_actions import AccountAction
from thidua.accounts.models import User
from thidua.audit.services import record


def _client(request: Any) -> dict[str, Any]:
    if request is None:
        return {}
    return {"ip": get_client_ip_address(request)}


@receiver(user_logged_in, dispatch_uid="thidua.audit_login")
def audit_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    record(actor=user, action=AccountAction.LOGIN, obj=user, after=_client(request))


@receiver(user_login_failed, dispatch_uid="thidua.audit_login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already replaced the password in `credentials` by stars; only the name is kept.
    username = str(credentials.get("username", ""))[:150]
    record(
        actor=None,
        action=AccountAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=username,
        after={"username": username, **_client(request)},
    )


@receiver(user_locked_out, dispatch_uid="thidua.audit_lockout")
def audit_lockout(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    record(
        actor=None,
        action=AccountAction.LOCKED_OUT,
        object_type="accounts.user",
        object_repr=str(username or "")[:150],
        after={"username": username, "ip": ip_address},
    )


@receiver(post_save, sender=User, dispatch_uid="thidua.password_changed")
def password_changed(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    """A new password (set_password leaves the raw value on `_password` until save) revokes the
    account's API tokens and is audited. A hash upgrade at login does not count."""
    if created or getattr(instance, "_password", None) is None:
        return
    from rest_framework.authtoken.models import Token

    revoked, _ = Token.objects.filter(user=instance).delete()
    record(
        actor=getattr(instance, "_password_changed_by", None),
        action=AccountAction.PASSWORD_CHANGED,
        obj=instance,
        after={"tokens_revoked": revoked},
    )
