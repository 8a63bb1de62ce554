"""The only door through which views and the API load units and people."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.orgs.models import Person, Unit


def can_write_unit(user: Actor, unit_id: int | None) -> bool:
    """Board writes every unit; a unit officer writes its own unit's sub-units (and creates them)."""
    if perms.is_board(user):
        return True
    if not perms.is_unit_officer(user) or unit_id is None:
        return False
    return unit_id in Unit.objects.own_ids(user) and unit_id != user.unit_id


def can_write_people_of(user: Actor, unit_id: int | None) -> bool:
    """Board writes every person; a unit officer writes the people of its own unit and sub-units."""
    if perms.is_board(user):
        return True
    return perms.is_unit_officer(user) and unit_id is not None and unit_id in Unit.objects.own_ids(user)


def can_see_personal_ids(user: Actor, unit_id: int | None = None) -> bool:
    """National ID numbers and birth dates: the board, and a unit officer for the people of its own
    unit and sub-units (not those of other members of a block it leads)."""
    if perms.is_board(user):
        return True
    return perms.is_unit_officer(user) and unit_id is not None and unit_id in Unit.objects.own_ids(user)


def get_unit_for_user(user: Actor, pk: int, *, write: bool = False) -> Unit:
    """404 when the unit is not visible to the user; 403 when `write` and the user may only read it."""
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("parent"), pk=pk)
    if write:
        perms.require(can_write_unit(user, unit.pk))
    return unit


def current_unit_id(person: Person) -> int | None:
    position = person.positions.filter(end__isnull=True).order_by("-start").first()
    return position.unit_id if position else None


def shows_personal_ids(user: Actor, person: Person) -> bool:
    """Whether the user may read this person's national ID number and birth date, on a page, in the
    API or in an export: `can_see_personal_ids` for the unit of the current position. Uses the
    person's prefetched positions when there are (an export of thousands of people)."""
    if perms.is_board(user):
        return True
    current = [p for p in person.positions.all() if p.end is None]
    unit_id = max(current, key=lambda p: p.start).unit_id if current else None
    return can_see_personal_ids(user, unit_id)


def can_read_person(user: Actor, person: Person) -> bool:
    """Whether the user may read this person on the pages (`Person.objects.visible_to`): a message may
    name the person to that user, never to another (a typed ID number must not tell whose it is)."""
    return Person.objects.visible_to(user).filter(pk=person.pk).exists()


def get_person_for_user(user: Actor, pk: int, *, write: bool = False) -> Person:
    """404 when the person is not visible to the user; 403 when `write` and the user may only read."""
    person = get_object_or_404(Person.objects.visible_to(user), pk=pk)
    if write:
        perms.require(can_write_people_of(user, current_unit_id(person)))
    return person
