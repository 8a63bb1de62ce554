"""Whether the block year's Reports tab is open to the user (the board and the leader officer)."""

from __future__ import annotations

from django import template

from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.reports.permissions import can_write_reports

register = template.Library()


@register.filter
def reports_open_to(block_year: BlockYear, user: Actor) -> bool:
    return can_write_reports(user, block_year)
