"""The steps of a scoring year, one URL and one view per verb (as healthchecks' `hc/front/views.py`):
the door, a form, one service call, a message and a redirect back to the Scoring tab.

Those who run the year (the board and the year's leader officer) take every step but two, which are a
member's: registering its unit and signing the covenant.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.accounts.models import User
from thidua.accounts.types import user_of
from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.orgs.models import Unit
from thidua.scoring.forms import (
    CovenantAmendForm,
    CovenantForm,
    CovenantOpenForm,
    MovementForm,
    RegistrationForm,
    ReviewerForm,
    RulesForm,
    TableForm,
)
from thidua.scoring.models import Covenant, CovenantStatus, ScoringTable
from thidua.scoring.permissions import can_run_scoring
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.services.covenant import amend_covenant, create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.ranking import publish_ranking
from thidua.scoring.services.registration import add_movement, register
from thidua.scoring.services.reviews import assign_reviewer
from thidua.scoring.services.tables import copy_table_forward, create_table
from thidua.scoring.services.year import rules_for, update_rules
from thidua.scoring.views.helpers import _fail, _form_refused, _overview_url


def _year_to_run(request: HttpRequest, pk: int, year: int) -> BlockYear:
    """The block year, for those who run its scoring: 404 unless visible, 403 unless they run it."""
    block_year = get_block_year_for_user(request.user, pk, year)
    perms.require(can_run_scoring(request.user, block_year))
    return block_year


def _member_officer(request: HttpRequest) -> tuple[User, Unit]:
    """The acting unit officer and its unit (403 for anyone else): a member's steps are its officer's."""
    perms.require(perms.is_unit_officer(request.user))
    user = user_of(request.user)
    if user.unit is None:
        raise PermissionDenied
    return user, user.unit


@login_required
@require_POST
def table_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    form = TableForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the table a name and a total of at least 1 point."))
        return redirect(_overview_url(block_year))
    try:
        table = create_table(actor=request.user, block_year=block_year, **form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect(_overview_url(block_year))
    messages.success(request, _("The scoring table has been created; add its criteria."))
    return redirect("scoring:table", table_pk=table.pk)


@login_required
@require_POST
def table_copy(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    source = ScoringTable.objects.filter(
        block_year__block=block_year.block, block_year__year__lt=year
    ).first()
    if source is None:
        messages.error(request, _("No earlier year of this block has a scoring table to copy."))
        return redirect(_overview_url(block_year))
    try:
        table = copy_table_forward(actor=request.user, table=source, to_block_year=block_year)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect(_overview_url(block_year))
    messages.success(
        request,
        _("The scoring table of %(year)s has been copied; check it before freezing.")
        % {"year": source.block_year.year},
    )
    return redirect("scoring:table", table_pk=table.pk)


@login_required
@require_POST
def movement_add(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    form = MovementForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    try:
        add_movement(actor=request.user, block_year=block_year, **form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The movement has been added."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def registration_save(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A member's officer registers its unit's targets and the titles it aims for."""
    block_year = get_block_year_for_user(request.user, pk, year)
    user, unit = _member_officer(request)
    form = RegistrationForm(request.POST, block_year=block_year)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    try:
        register(
            actor=user,
            block_year=block_year,
            unit=unit,
            targets=form.cleaned_data["targets"],
            titles=form.cleaned_data["titles"],
            movements=list(form.cleaned_data["movements"]),
            title_counts=form.title_counts(),
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your unit's registration has been recorded."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def covenant_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The covenant and its targets, one per line, in one service call (one transaction)."""
    block_year = _year_to_run(request, pk, year)
    form = CovenantForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    try:
        create_covenant(
            actor=request.user,
            block_year=block_year,
            content=form.cleaned_data["content"],
            targets=form.cleaned_data["targets"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The covenant has been drafted."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def covenant_amend(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    form = CovenantAmendForm(request.POST, block_year=block_year)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    try:
        amend_covenant(
            actor=request.user, covenant=form.cleaned_data["covenant"], reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The amended covenant is a new draft; the members sign it again."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def covenant_open(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    form = CovenantOpenForm(request.POST, block_year=block_year)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    try:
        open_for_signing(
            actor=request.user, covenant=form.cleaned_data["covenant"], table=form.cleaned_data["table"]
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The covenant is open for the members to sign."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def covenant_sign(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A member's officer signs the covenant open for signing for its unit."""
    block_year = get_block_year_for_user(request.user, pk, year)
    user, unit = _member_officer(request)
    covenant = get_object_or_404(Covenant, block_year=block_year, status=CovenantStatus.SIGNING)
    try:
        sign_covenant(actor=user, covenant=covenant, unit=unit)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your unit has signed the covenant."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def rules_save(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    form = RulesForm(request.POST, instance=rules_for(block_year))
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    values = dict(form.cleaned_data)
    values["tie_breaks"] = values.pop("tie_break_text")
    values["bands"] = values.pop("band_text")
    try:
        update_rules(actor=request.user, rules=form.instance, values=values)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Changes saved."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def scorecards_open(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    try:
        open_scorecards(actor=request.user, block_year=block_year)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Every member's scorecard is open."))
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def reviewer_assign(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    form = ReviewerForm(request.POST, block_year=block_year)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(_overview_url(block_year))
    card, reviewer = form.cleaned_data["card"], form.cleaned_data["reviewer"]
    try:
        assign_reviewer(actor=request.user, card=card, reviewer=reviewer)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("%(reviewer)s reviews the scorecard of %(unit)s.") % {"reviewer": reviewer, "unit": card.unit},
        )
    return redirect(_overview_url(block_year))


@login_required
@require_POST
def ranking_publish(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    block_year = _year_to_run(request, pk, year)
    try:
        publish_ranking(actor=request.user, block_year=block_year)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect(_overview_url(block_year))
    messages.success(request, _("The ranking has been published."))
    return redirect("scoring:ranking", pk=pk, year=year)
