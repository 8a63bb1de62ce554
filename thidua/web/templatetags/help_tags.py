"""The short help box of a page (issue 15 item 7), keyed by the page's URL name; base.html renders it."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.web.help import help_text, page_help_for

register = template.Library()


@register.inclusion_tag("web/help/_page_help.html", takes_context=True)
def page_help(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"help": None}
    match = getattr(request, "resolver_match", None)
    # The navigation's context already knows whether the user leads a block year: no second query.
    found = page_help_for(match.view_name if match else None, user, leads=bool(context.get("nav_led")))
    if found is None:
        return {"help": None}
    item, guide, section = found
    return {"help": {"text": help_text(item, _block_kind(context))}, "guide": guide, "section": section}


def _block_kind(context: template.Context) -> str | None:
    block = context.get("block") or context.get("blk")  # the block page names it `blk`
    if block is None and context.get("block_year") is not None:
        block = getattr(context.get("block_year"), "block", None)
    return getattr(block, "kind", None)
