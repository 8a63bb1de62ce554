"""The start page's "Việc cần làm" card (issue 15 item 5), included by templates/web/home.html."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.notices.stages import Stage, stages_for
from thidua.notices.todo import tasks_for

register = template.Library()


@register.inclusion_tag("notices/_todo.html", takes_context=True)
def todo_card(context: dict[str, Any]) -> dict[str, Any]:
    """The user's next steps with their deadlines."""
    return {"tasks": tasks_for(context["request"].user)}


@register.simple_tag
def year_stages(block_year: Any) -> list[Stage]:
    """The block year's stages in order with where it stands."""
    return stages_for(block_year)
