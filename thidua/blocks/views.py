"""Pages for blocks and block years."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts import permissions as perms
from thidua.blocks import services
from thidua.blocks.forms import BlockForm, BlockYearForm, FlagHandoverForm, PostedYearForm
from thidua.blocks.models import Block, BlockYear, Membership
from thidua.blocks.permissions import (
    can_manage_blocks,
    can_note_flag,
    get_block_for_user,
    get_block_year_for_user,
    leads,
)
from thidua.lib.forms import add_service_errors
from thidua.orgs.models import Unit


@login_required
def block_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    blocks = Block.objects.visible_to(request.user).search(query).select_related("managing_body")
    years: dict[int, list[int]] = {}
    for block_id, year in (
        BlockYear.objects.filter(block__in=blocks).values_list("block_id", "year").order_by("-year")
    ):
        years.setdefault(block_id, []).append(year)
    rows = [(block, years.get(block.pk, [])) for block in blocks]
    return render(
        request,
        "blocks/block_list.html",
        {"rows": rows, "query": query, "can_manage": can_manage_blocks(request.user)},
    )


@login_required
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The block's history across years: members, leaders, deputies, who joined and left."""
    block = get_block_for_user(request.user, pk)
    history = services.block_history(block)
    suggestion = services.suggest_next_leadership(history[-1].block_year) if history else None
    return render(
        request,
        "blocks/block_detail.html",
        {
            "blk": block,
            "history": list(reversed(history)),
            "suggestion": suggestion,
            "can_manage": can_manage_blocks(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_blocks(request.user):
        raise PermissionDenied
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            block = services.create_block(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Block %(name)s created.") % {"name": block})
            return redirect("blocks:block_detail", pk=block.pk)
    return render(request, "blocks/block_form.html", {"form": form, "blk": None})


@login_required
@require_http_methods(["GET", "POST"])
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_block_for_user(request.user, pk, write=True)
    form = BlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_block(actor=request.user, block=Block.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("blocks:block_detail", pk=pk)
    return render(request, "blocks/block_form.html", {"form": form, "blk": block})


@login_required
def block_year_detail(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = get_block_year_for_user(request.user, pk, year)
    years = list(BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True))
    return render(
        request,
        "blocks/block_year_detail.html",
        {
            "block_year": block_year,
            "blk": block_year.block,
            "memberships": block_year.members_with_roles,
            "years": years,
            "is_leader_officer": leads(request.user, block_year),
            "can_manage": can_manage_blocks(request.user),
            "can_note_flag": can_note_flag(request.user, block_year),
            "tab": "members",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_year_edit(request: HttpRequest, pk: int, year: int | None = None) -> HttpResponse:
    """Create a year (prefilled from the rotation suggestion) or change its members, leader, deputies."""
    block = get_block_for_user(request.user, pk, write=True)
    block_year = None
    initial: dict[str, object] = {}
    deputies: list[Unit] = []
    if year is not None:
        block_year = get_block_year_for_user(request.user, pk, year, write=True)
        initial = {
            "year": year,
            "members": [m.unit_id for m in block_year.memberships.all()],
            "leader": block_year.leader,
            "note": block_year.note,
        }
        deputies = block_year.deputies
    else:
        last = BlockYear.objects.filter(block=block).with_members().order_by("-year").first()
        if last is not None:
            suggestion = services.suggest_next_leadership(last)
            initial = {
                "year": suggestion.year,
                "members": [m.unit_id for m in last.memberships.all()],
                "leader": suggestion.leader,
            }
            deputies = [suggestion.deputy] if suggestion.deputy else []
    target_year = year or _posted_year(request) or initial.get("year") or timezone.localdate().year
    units = _candidate_units(block, int(str(target_year)))
    form = BlockYearForm(
        request.POST or None, units=units, initial=initial, kind=block.kind, deputies=deputies
    )
    if block_year is not None:
        form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.set_block_year(
                actor=request.user,
                block=block,
                year=year if year is not None else data["year"],
                members=data["members"],
                leader=data["leader"],
                deputies=data["deputies"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Block year %(year)s saved.") % {"year": saved.year})
            return redirect("blocks:block_year_detail", pk=pk, year=saved.year)
    return render(
        request,
        "blocks/block_year_form.html",
        {
            "form": form,
            "blk": block,
            "block_year": block_year,
            "block_unit_ids": set(
                Membership.objects.filter(block_year__block=block).values_list("unit_id", flat=True)
            ),
        },
    )


def _posted_year(request: HttpRequest) -> int | None:
    """The year being typed, to offer the units of that year; a wrong one is the year field's error."""
    form = PostedYearForm(request.POST)
    return form.cleaned_data["year"] if form.is_valid() else None


def _candidate_units(block: Block, year: int) -> QuerySet[Unit]:
    """Units that may join the block in `year`: not sub-units, active at some time in that year,
    the block's past and present members first."""
    been_member = Membership.objects.filter(unit=OuterRef("pk"), block_year__block=block)
    return (
        Unit.objects.top_level()
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=datetime.date(year, 12, 31)))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=datetime.date(year, 1, 1)))
        .annotate(been_member=Exists(been_member))
        .order_by("-been_member", "name_sort")
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_handover(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Note the handover of the traditional flag on the year (issue 12 item 10): the board or the
    year's leader officer."""
    block_year = get_block_year_for_user(request.user, pk, year)
    perms.require(can_note_flag(request.user, block_year))
    units = (
        Unit.objects.filter(
            memberships__block_year__block_id=pk, memberships__block_year__year__in=[year, year + 1]
        )
        .distinct()
        .order_by("name_sort")
    )
    next_year = BlockYear.objects.filter(block_id=pk, year=year + 1).with_members().first()
    initial = {
        "flag_handed_by": block_year.flag_handed_by or block_year.leader,
        "flag_received_by": block_year.flag_received_by or (next_year.leader if next_year else None),
        "flag_handed_on": block_year.flag_handed_on,
        "flag_note": block_year.flag_note,
    }
    form = FlagHandoverForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_flag_handover(
                actor=request.user,
                block_year=block_year,
                handed_by=data["flag_handed_by"],
                received_by=data["flag_received_by"],
                handed_on=data["flag_handed_on"],
                note=data["flag_note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The handover of the traditional flag is noted."))
            return redirect("blocks:block_year_detail", pk=pk, year=year)
    return render(
        request,
        "blocks/flag_handover.html",
        {
            "form": form,
            "blk": block_year.block,
            "block_year": block_year,
            "years": list(
                BlockYear.objects.filter(block_id=pk).order_by("-year").values_list("year", flat=True)
            ),
            "tab": "members",
        },
    )
