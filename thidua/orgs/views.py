"""Pages for units and people. Thin: permission door, form, one service call, redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.lib.forms import add_service_errors
from thidua.orgs import permissions as org_perms
from thidua.orgs import services
from thidua.orgs.forms import LineageForm, MoveForm, NewPersonForm, PersonForm, UnitForm
from thidua.orgs.models import Person, Position, Unit, UnitKind
from thidua.orgs.permissions import current_unit_id, get_person_for_user, get_unit_for_user

PAGE_SIZE = 50


def _writable_units(user: Actor) -> Any:
    """Units under which the user may create sub-units or people."""
    if perms.is_board(user):
        return Unit.objects.all()
    return (
        Unit.objects.filter(id__in=Unit.objects.own_ids(user))
        if perms.is_unit_officer(user)
        else Unit.objects.none()
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.visible_to(request.user).select_related("parent")
    query = request.GET.get("q", "")
    units = units.search(query)
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = perms.is_board(request.user) or perms.is_unit_officer(request.user)
    return render(
        request,
        "orgs/unit_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": UnitKind.choices, "can_create": can_create},
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    people_units = Unit.objects.people_readable_ids(request.user)
    show_people = people_units is None or unit.pk in people_units
    people = Person.objects.in_unit(unit.pk).order_by("name_sort")[:200] if show_people else []
    # The unit's block memberships through the reverse relation (blocks sit above orgs).
    memberships = (
        unit.memberships.all()
        .select_related("block_year__block")
        .order_by("-block_year__year", "block_year__block__name_sort")
    )
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.all(),
            "people": people,
            "show_people": show_people,
            "memberships": memberships,
            "history": services.lineage_chain(unit),
            "successors": unit.successor_links.select_related("successor"),
            "can_edit": org_perms.can_write_unit(request.user, unit.pk),
            "can_add_people": org_perms.can_write_people_of(request.user, unit.pk),
            "is_board": perms.is_board(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    parents = _writable_units(request.user)
    if not parents.exists():
        raise PermissionDenied
    form = UnitForm(request.POST or None, parents=parents, initial={"parent": request.GET.get("parent")})
    if not perms.is_board(request.user):
        form.fields["parent"].required = True
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items()}
        if not perms.is_board(request.user):
            values["kind"] = UnitKind.SUB_UNIT
        try:
            unit = services.create_unit(actor=request.user, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit})
            return redirect("orgs:unit_detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    form = UnitForm(
        request.POST or None, instance=unit, parents=_writable_units(request.user).exclude(pk=unit.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(actor=request.user, unit=Unit.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("orgs:unit_detail", pk=pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def lineage_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that this unit succeeds others (merger, split, rename). Board only."""
    unit = get_unit_for_user(request.user, pk)
    perms.require(perms.is_board(request.user))
    form = LineageForm(request.POST or None, units=Unit.objects.exclude(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_lineage(
                actor=request.user,
                predecessors=list(form.cleaned_data["predecessors"]),
                successor=unit,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                decision=form.cleaned_data["decision"],
                inherits_history=form.cleaned_data["inherits_history"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lineage recorded."))
            return redirect("orgs:unit_detail", pk=pk)
    return render(request, "orgs/lineage_form.html", {"form": form, "unit": unit})


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.visible_to(request.user)
    if Unit.objects.people_readable_ids(request.user) == set():
        raise PermissionDenied
    query = request.GET.get("q", "")
    people = people.search(query)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdecimal():
        people = people.in_unit(int(unit_id))
    page = Paginator(people.order_by("name_sort", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    current = {
        p.person_id: p
        for p in Position.objects.filter(person_id__in=[p.pk for p in page.object_list], end__isnull=True)
        .select_related("unit")
        .order_by("start")
    }
    rows = [(person, current.get(person.pk)) for person in page.object_list]
    return render(
        request,
        "orgs/person_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "can_create": _writable_units(request.user).exists(),
            # Birth dates in the list only for the board; officers see them on their own people's pages.
            "show_ids": perms.is_board(request.user),
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    return render(
        request,
        "orgs/person_detail.html",
        {
            "person": person,
            "positions": person.positions.select_related("unit"),
            "can_edit": org_perms.can_write_people_of(request.user, current_unit_id(person)),
            "show_ids": org_perms.can_see_personal_ids(request.user, current_unit_id(person)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    units = _writable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = NewPersonForm(request.POST or None, units=units, initial={"unit": request.GET.get("unit")})
    duplicates: list[services.DuplicateHint] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            person = services.create_person(
                actor=request.user,
                unit=unit,
                position_title=data.pop("position_title"),
                position_start=data.pop("position_start"),
                allow_duplicate=data.pop("allow_duplicate"),
                **data,
            )
        except services.LikelyDuplicate as exc:
            duplicates = services.readable_hints(exc.hints, request.user)
            # The officer confirms by sending the form again, this time with the flag on.
            confirmed = request.POST.copy()
            confirmed["allow_duplicate"] = "on"
            form = NewPersonForm(confirmed, units=units)
            form.is_valid()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person})
            return redirect("orgs:person_detail", pk=person.pk)
    return render(request, "orgs/person_form.html", {"form": form, "person": None, "duplicates": duplicates})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=Person.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("orgs:person_detail", pk=pk)
    return render(request, "orgs/person_form.html", {"form": form, "person": person, "duplicates": []})


@login_required
@require_http_methods(["GET", "POST"])
def person_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A new position for the person (transfer, promotion); the current one ends the day before."""
    person = get_person_for_user(request.user, pk, write=True)
    units = Unit.objects.all() if perms.is_board(request.user) else _writable_units(request.user)
    form = MoveForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_person(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("New position recorded."))
            return redirect("orgs:person_detail", pk=pk)
    return render(request, "orgs/person_move.html", {"form": form, "person": person})
