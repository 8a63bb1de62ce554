"""The audit actions of accounts (registered with the audit log in `apps.py`): logins, second
factors, API tokens and the administrators' changes to user accounts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountAction(models.TextChoices):
    LOGIN = "auth.login", _("Logged in")
    LOGIN_FAILED = "auth.login_failed", _("Failed to log in")
    LOCKED_OUT = "auth.locked_out", _("Account locked after too many failed logins")
    PASSWORD_CHANGED = "auth.password_changed", _("Changed a password")
    OTP_ENROLLED = "auth.otp_enrolled", _("Turned on two-step login")
    OTP_VERIFIED = "auth.otp_verified", _("Entered a correct two-step login code")
    OTP_FAILED = "auth.otp_failed", _("Entered a wrong two-step login code")
    TOKEN_ISSUED = "auth.token_issued", _("Received an API token")
    USER_CREATE = "user.create", _("Created a user account")
    USER_UPDATE = "user.update", _("Changed a user account")
    USER_DELETE = "user.delete", _("Deleted a user account")
