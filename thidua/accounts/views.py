from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from thidua.accounts.forms import LoginNameForm
from thidua.accounts.throttle import login_refusal


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Check both (passwords are case-sensitive) and try again; "
            "after %(limit)s failed attempts the account is locked for a while."
        ),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"] % {"limit": settings.AXES_FAILURE_LIMIT},
            code="invalid_login",
        )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        refusal = login_refusal(request, LoginNameForm(request.POST).name())
        if refusal:
            # An unbound form: checking this one's password would count another failure.
            form = self.get_form_class()(request)
            return self.render_to_response(self.get_context_data(form=form, refusal=refusal), status=429)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def form_valid(self, form: forms.Form) -> HttpResponse:
        # The audit entry written on save (signals.password_changed) names who changed it.
        form.user._password_changed_by = self.request.user  # type: ignore[attr-defined]
        return super().form_valid(form)
