"""Small helpers shared by the scoring pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thidua.blocks.models import BlockYear
from thidua.scoring.models import (
    Criterion,
    ScoringTable,
)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” is not a number; write e.g. 7,5.") % {"value": text}) from exc


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
