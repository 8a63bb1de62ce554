"""Copying validated values onto a model instance, refusing fields a service does not own."""

from __future__ import annotations

from typing import Any


def apply_fields(obj: Any, values: dict[str, Any], allowed: list[str]) -> None:
    """Set each value on `obj`; an unknown name is a programming error, not user input."""
    for name, value in values.items():
        if name not in allowed:
            raise ValueError(f"{type(obj).__name__} has no editable field {name!r}")
        setattr(obj, name, value)
