"""How the API answers bad input (issue 11, item 6): never a server error.

`REST_FRAMEWORK["EXCEPTION_HANDLER"]` points here. A service's Django `ValidationError` (raised
where a view did not convert it) becomes a 400 with its messages by field; a number too large for
the database (beyond 64 bits) a 400; the rest is DRF's own handling, whose messages our catalogue
translates (DRF's Vietnamese catalogue has 20 of them; `thidua.web.drf_messages` lists the others).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


def as_validation_error(exc: DjangoValidationError) -> ValidationError:
    """Django's error as DRF's: messages by field, a model-wide one under "non_field_errors"."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({"non_field_errors": exc.messages})
    return ValidationError(
        {
            ("non_field_errors" if key == NON_FIELD_ERRORS else key): value
            for key, value in exc.message_dict.items()
        }
    )


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_validation_error(exc)
    elif isinstance(exc, OverflowError):
        # SQLite refuses integers beyond 64 bits in a query (an id, a filter, a field).
        exc = ValidationError({"non_field_errors": [_("A number in the request is too large.")]})
    return exception_handler(exc, context)
