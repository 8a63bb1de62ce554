"""Named audit actions. Each app declares the actions it records as a `TextChoices` in its
`audit_actions.py` (value: the stored action, such as "unit.create"; label: the sentence the audit
log shows) and registers it from its `AppConfig.ready()`; audit sits below every app, so the apps
come to it."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise

_LABELS: dict[str, str | Promise] = {}


def register(actions: type[models.TextChoices]) -> None:
    """Make the labels of `actions` known to the audit log."""
    for action in actions:
        _LABELS[action.value] = action.label


def describe(action: str) -> str:
    """The sentence for a stored action in the user's language; the action itself when no app has
    named it (older entries, or an app not converted yet)."""
    label = _LABELS.get(action)
    return str(label) if label is not None else action


def labels() -> dict[str, str]:
    """Every registered action and its sentence, in the user's language."""
    return {action: str(label) for action, label in _LABELS.items()}
