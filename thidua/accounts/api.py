"""Token login for the API: POST username and password, get {"token": ...}."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts.audit_actions import AccountAction
from thidua.accounts.authentication import token_expired
from thidua.accounts.throttle import login_refusal
from thidua.accounts.twofactor import confirmed_device, two_factor_required
from thidua.audit.services import record


class TokenLoginSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        label="otp_token",
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=gettext_lazy("The current code of the authenticator app, for users with two-step login."),
    )


class TokenLoginView(ObtainAuthToken):
    """DRF's token view, with the same lockout and throttling as the login page (django-axes).

    A user with an authenticator gives its code in `otp_token`. An expired token is replaced by a
    new one; each issue is audited (never the token itself).
    """

    serializer_class = TokenLoginSerializer

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        username = str(request.data.get("username", ""))
        credentials = {"username": username}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response(
                {"detail": _("Too many failed logins for this account. Wait a while and try again.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        refusal = login_refusal(request._request, username)
        if refusal:
            return Response({"detail": refusal}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        device = confirmed_device(user)
        if device is not None:
            # TOTPDevice.verify_token throttles repeated failures itself; a missing code is no failure.
            code = str(request.data.get("otp_token", "")).strip()
            if not code or not device.verify_token(code):
                if code:
                    record(actor=user, action=AccountAction.OTP_FAILED, obj=user)
                return Response(
                    {"otp_token": [_("Give the current code of your authenticator app in otp_token.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        elif two_factor_required(user):
            return Response(
                {"detail": _("Your role requires two-step login: turn it on in the web pages first.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
            created = True
        record(actor=user, action=AccountAction.TOKEN_ISSUED, obj=user, after={"new": created})
        return Response({"token": token.key})
