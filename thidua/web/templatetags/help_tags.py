"""The short help box of a page (issue 15 item 7), keyed by the page's URL name; base.html renders it."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.blocks.models import BlockKind
from thidua.web.help import page_help_for

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
    return {"help": {"text": _cluster_words(str(item.text), context)}, "guide": guide, "section": section}


# A cluster (cụm) speaks as a cluster on its pages (issue 12 item 5): the block's words become the cluster's.
_CLUSTER_WORDS = [
    ("Khối trưởng", "Cụm trưởng"),
    ("Khối phó", "Cụm phó"),
    ("khối trưởng", "cụm trưởng"),
    ("khối phó", "cụm phó"),
    ("Khối", "Cụm"),
    ("khối", "cụm"),
    ("block leader", "cluster leader"),
    ("Block leader", "Cluster leader"),
    ("block", "cluster"),
    ("Block", "Cluster"),
]


def _cluster_words(text: str, context: template.Context) -> str:
    block = context.get("block") or context.get("blk")  # the block page names it `blk`
    if block is None and context.get("block_year") is not None:
        block = getattr(context.get("block_year"), "block", None)
    if getattr(block, "kind", None) != BlockKind.CLUSTER:
        return text
    for block_word, cluster_word in _CLUSTER_WORDS:
        text = text.replace(block_word, cluster_word)
    return text
