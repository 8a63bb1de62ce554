"""Small helpers shared by the scoring pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from thidua.blocks.models import BlockYear
from thidua.scoring.models import (
    Criterion,
    ScoringTable,
)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_refused(request: HttpRequest, form: forms.BaseForm) -> None:
    """One message per refused field, its label first."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        text = " ".join(str(message) for message in errors)
        messages.error(request, f"{field.label}: {text}" if field and field.label else text)


def _overview_url(block_year: BlockYear) -> str:
    from django.urls import reverse

    return reverse("scoring:overview", args=[block_year.block_id, block_year.year])


def _tree(scoring_table: ScoringTable) -> list[Criterion]:
    """Groups followed by their criteria, then stand-alone, bonus and penalty items."""
    everything = list(scoring_table.criteria.order_by("position", "code"))
    ordered: list[Criterion] = []
    for item in (c for c in everything if c.parent_id is None):
        ordered.append(item)
        ordered.extend(c for c in everything if c.parent_id == item.pk)
    return ordered
