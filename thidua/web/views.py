from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.blocks.models import Block, BlockYear
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
