"""Two-factor login with TOTP codes (django-otp): optional for everyone, required by a setting for
administrators and board officers (settings.TWO_FACTOR_REQUIRED, THIDUA_REQUIRE_2FA; off in the demo).

After the password, a user with a confirmed authenticator is sent to the code page until the session
is verified; a user who must have one and has none is sent to the enrolment page. The API token
endpoint asks for the code in `otp_token` (accounts/api.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.audit_actions import AccountAction
from thidua.accounts.models import Role, User
from thidua.accounts.types import user_of
from thidua.audit.services import record
from thidua.lib.forms import NextPageForm

ISSUER = "thidua"


def two_factor_required(user: User) -> bool:
    """Whether this user must log in with a second factor (the province's setting)."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return bool(user.is_superuser or user.role in (Role.ADMINISTRATOR, Role.BOARD_OFFICER))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"].strip().replace(" ", "")
        # TOTPDevice.verify_token throttles repeated failures itself (a growing delay).
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "This code is wrong or has expired. Enter the code the app shows now (it changes every 30 seconds)."
                )
            )
        return cast("str", token)


def _next_url(request: HttpRequest) -> str:
    """The page asked for before the code (the form's hidden `next`, else the query's), if ours."""
    default = NextPageForm(request.GET).target(request, default=reverse(settings.LOGIN_REDIRECT_URL))
    return NextPageForm(request.POST).target(request, default=default)


@sensitive_post_parameters("otp_token")
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the code of the user's authenticator."""
    user = user_of(request.user)
    device = confirmed_device(user)
    if device is None:
        return redirect("accounts:otp_setup")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            record(actor=user, action=AccountAction.OTP_VERIFIED, obj=user)
            return redirect(_next_url(request))
        record(actor=user, action=AccountAction.OTP_FAILED, obj=user)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("otp_token")
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, then confirm with one code."""
    user = user_of(request.user)
    if confirmed_device(user) is not None and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ISSUER, confirmed=False)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        record(actor=user, action=AccountAction.OTP_ENROLLED, obj=user)
        messages.success(request, _("Two-step login is on: each login now asks for a code from the app."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr": qr, "secret": _grouped_secret(device), "required": two_factor_required(user)},
    )


def _grouped_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class TwoFactorMiddleware:
    """Keeps a password-only session on the code (or enrolment) page until it is verified.

    After django_otp.middleware.OTPMiddleware. Token-authenticated API calls are checked at token
    issue instead (request.user is anonymous here for them).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Any: django_otp's OTPMiddleware gives the user an is_verified() the User type does not declare.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            open_paths = (
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_setup"),
                reverse("accounts:logout"),
                # The token endpoint asks for the code itself (accounts/api.py).
                reverse("api-token"),
                settings.STATIC_URL,
                "/i18n/",
            )
            if not request.path.startswith(open_paths):
                if user_has_device(user):
                    return redirect(
                        reverse("accounts:otp_verify") + "?" + urlencode({"next": request.get_full_path()})
                    )
                if two_factor_required(user):
                    return redirect("accounts:otp_setup")
        return self.get_response(request)
