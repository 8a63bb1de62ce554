"""Helpers shared by the scoring API's viewsets."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from thidua.orgs.api import as_drf_error

BLOCK_YEAR_FILTER = OpenApiParameter(
    "block_year", int, description="Only this block year (its id in `block-years`)."
)


def body_id(request: Request, name: str) -> int | None:
    """An id sent in the body, read before validation so that the door answers 404/403 first."""
    value = request.data.get(name) if hasattr(request.data, "get") else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return None


def is_write(request: Request) -> bool:
    return request.method not in ("GET", "HEAD", "OPTIONS")


def call_service(call: Any, **kwargs: Any) -> Any:
    """Run a service; its ValidationError becomes the API's 400 with the same words."""
    try:
        return call(**kwargs)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc
