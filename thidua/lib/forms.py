"""Form helpers shared by the apps' views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: field by field where it names a form field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def fail_messages(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal as error messages on the next page (views that redirect after a POST)."""
    for message in exc.messages:
        messages.error(request, message)


def form_fail_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form's errors as messages that name the field."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


class NextPageForm(forms.Form):
    """The page to go back to after a form (`next`), kept only when it is one of ours: any other
    address (another site, a scheme such as javascript:) falls back to the view's own page."""

    next = forms.CharField(required=False, max_length=2000, strip=True)

    def target(self, request: HttpRequest, *, default: str) -> str:
        if not self.is_valid():
            return default
        target = self.cleaned_data["next"]
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return str(target)
        return default
