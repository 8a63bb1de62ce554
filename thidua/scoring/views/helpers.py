"""Small helpers shared by the scoring pages."""

from __future__ import annotations

import datetime
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


def _date(text: str) -> datetime.date | None:
    """A date typed dd/mm/yyyy (or yyyy-mm-dd from a date picker)."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text:
        raise ValidationError(_("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": text})
    return None


def _tree(scoring_table: ScoringTable) -> list[Criterion]:
    """Groups followed by their criteria, then stand-alone, bonus and penalty items."""
    everything = list(scoring_table.criteria.order_by("position", "code"))
    ordered: list[Criterion] = []
    for item in (c for c in everything if c.parent_id is None):
        ordered.append(item)
        ordered.extend(c for c in everything if c.parent_id == item.pk)
    return ordered
