from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.blocks.models import Block, BlockYear
from thidua.web import help as guides_help
from thidua.web.search import search_everything


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the blocks the user can see, each with its latest year, leader and deputies."""
    blocks = list(Block.objects.visible_to(request.user).select_related("managing_body"))
    latest: dict[int, BlockYear] = {}
    for block_year in BlockYear.objects.filter(block__in=blocks).with_members().order_by("year"):
        latest[block_year.block_id] = block_year
    led = BlockYear.objects.led_ids(request.user)
    rows = [(block, latest.get(block.pk)) for block in blocks]
    return render(
        request,
        "web/home.html",
        {"rows": rows, "led_ids": led, "unit": getattr(request.user, "unit", None)},
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search across units, people, blocks, conferences, dossiers and decisions (issue 15 item 6)."""
    text = request.GET.get("q", "").strip()[:200]
    groups = search_everything(request.user, text) if text else []
    return render(request, "web/search.html", {"q": text, "groups": groups})


@login_required
def help_index(request: HttpRequest) -> HttpResponse:
    """The guides of every role, the user's own first (issue 15 item 7)."""
    guides = guides_help.guides_for(request.user)
    return render(request, "web/help/index.html", {"guides": guides, "own": guides[0]})


@login_required
def help_guide(request: HttpRequest, slug: str) -> HttpResponse:
    """One role's guide, step by step with screenshots of the demo."""
    guide = guides_help.BY_SLUG.get(slug)
    if guide is None:
        raise Http404
    own = guides_help.guide_slug_for(request.user)
    return render(
        request,
        "web/help/guide.html",
        {
            "guide": guide,
            "is_own": guide.slug == own,
            "others": [g for g in guides_help.GUIDES if g is not guide],
        },
    )
