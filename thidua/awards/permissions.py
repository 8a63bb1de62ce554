"""Who may read and record award history, check eligibility and run batches.

- The board (Ban TĐKT) and administrators record and read the history of everyone and run batches
  for any unit, block or the whole province.
- Observers read everything (history, catalogue, batches) and change nothing.
- A unit officer reads and records the history of its own unit's people and sub-units (a block
  leader officer also reads the history of its members' people and units); it runs batches for its
  own unit.
- Delegates see no people: the awards pages refuse them (403), except the catalogue.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor, user_of
from thidua.awards.models import EvaluationJob
from thidua.orgs import permissions as org_perms
from thidua.orgs.models import Person, Unit
from thidua.orgs.permissions import current_unit_id, get_person_for_user, get_unit_for_user


def reads_history(user: Actor) -> bool:
    return Unit.objects.people_readable_ids(user) != set()


def history_unit_ids(user: Actor) -> set[int] | None:
    """Units whose own history the user may read; None means all."""
    return Unit.objects.people_readable_ids(user)


def writes_person_history(user: Actor, person: Person) -> bool:
    return org_perms.can_write_people_of(user, current_unit_id(person))


def writes_unit_history(user: Actor, unit: Unit) -> bool:
    """The board for every unit; a unit officer for its sub-units (its own unit's awards are decided above it)."""
    return org_perms.can_write_unit(user, unit.pk)


def get_person_history_for_user(user: Actor, pk: int, *, write: bool = False) -> Person:
    """404 when the person is not visible; 403 when `write` and the user may only read."""
    perms.require(reads_history(user))
    person = get_person_for_user(user, pk)
    if write:
        perms.require(writes_person_history(user, person))
    return person


def get_unit_history_for_user(user: Actor, pk: int, *, write: bool = False) -> Unit:
    """404 when the unit's history is not visible to the user; 403 when `write` is refused."""
    perms.require(reads_history(user))
    unit = get_unit_for_user(user, pk)
    ids = history_unit_ids(user)
    if ids is not None and unit.pk not in ids:
        raise Http404
    if write:
        perms.require(writes_unit_history(user, unit))
    return unit


def can_run_batch(user: Actor, *, unit: Unit | None = None, block: Any = None) -> bool:
    if perms.is_board(user):
        return True
    return (
        perms.is_unit_officer(user)
        and unit is not None
        and block is None
        and unit.pk in Unit.objects.own_ids(user)
    )


def jobs_visible_to(user: Actor) -> models.QuerySet[EvaluationJob]:
    if perms.sees_everything(user):
        return EvaluationJob.objects.all()
    if not reads_history(user):
        return EvaluationJob.objects.none()
    return EvaluationJob.objects.filter(created_by=user_of(user))


def get_job_for_user(user: Actor, pk: int) -> EvaluationJob:
    perms.require(reads_history(user))
    return get_object_or_404(
        jobs_visible_to(user).select_related("unit", "block", "award_type", "created_by"), pk=pk
    )
