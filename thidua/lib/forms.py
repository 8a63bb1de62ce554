"""Form helpers shared by the apps' views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
