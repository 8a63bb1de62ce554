"""State changes of units and people. Each is atomic and writes an audit entry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.lib.fields import apply_fields
from thidua.lib.vietnamese import search_key
from thidua.orgs import permissions as org_perms
from thidua.orgs.audit_actions import OrgAction
from thidua.orgs.models import LineageKind, Person, Position, Unit, UnitLineage

UNIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "place_name",
    "active_from",
    "active_to",
]
PERSON_FIELDS = ["full_name", "gender", "birth_date", "national_id", "civil_servant_code", "email", "phone"]


@transaction.atomic
def create_unit(*, actor: Actor, **values: Any) -> Unit:
    unit = Unit()
    apply_fields(unit, values, UNIT_FIELDS)
    unit.full_clean()
    unit.save()
    record(actor=actor, action=OrgAction.UNIT_CREATE, obj=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def update_unit(*, actor: Actor, unit: Unit, **values: Any) -> Unit:
    before = snapshot(unit)
    apply_fields(unit, values, UNIT_FIELDS)
    if unit.parent_id is not None and unit.pk in _ancestor_ids(unit.parent_id):
        raise ValidationError({"parent": _("A unit cannot be placed under one of its own sub-units.")})
    unit.full_clean()
    unit.save()
    record(actor=actor, action=OrgAction.UNIT_UPDATE, obj=unit, before=before, after=snapshot(unit))
    return unit


def _ancestor_ids(unit_id: int) -> set[int]:
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in found:
        found.add(current)
        current = Unit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return found


@transaction.atomic
def add_lineage(
    *,
    actor: Actor,
    predecessors: list[Unit],
    successor: Unit,
    kind: str,
    date: datetime.date,
    decision: str = "",
    inherits_history: bool = False,
    close_predecessors: bool = True,
) -> list[UnitLineage]:
    """Record a merger, split or rename on `date`; the predecessors stop being active the day before.

    A rename carries history automatically; a merger or split only when `inherits_history` (law.md D6).
    """
    if not predecessors:
        raise ValidationError(_("Choose at least one predecessor unit."))
    if kind == LineageKind.RENAME and len(predecessors) != 1:
        raise ValidationError(_("A rename has exactly one predecessor."))
    links = []
    for predecessor in predecessors:
        if predecessor.pk == successor.pk:
            raise ValidationError(_("A unit cannot be its own predecessor."))
        link = UnitLineage(
            predecessor=predecessor,
            successor=successor,
            kind=kind,
            date=date,
            decision=decision,
            inherits_history=inherits_history or kind == LineageKind.RENAME,
        )
        link.full_clean()
        link.save()
        links.append(link)
        record(actor=actor, action=OrgAction.UNIT_LINEAGE, obj=link, after=snapshot(link))
        if close_predecessors and predecessor.pk != successor.pk and predecessor.active_to is None:
            update_unit(actor=actor, unit=predecessor, active_to=date - datetime.timedelta(days=1))
    # A unit formed by the change starts on its date; an existing unit that absorbs others keeps its
    # own history (it was a block member, had people) and so its start date.
    has_history = successor.memberships.exists() or successor.positions.exists()
    if not has_history and (successor.active_from is None or successor.active_from > date):
        update_unit(actor=actor, unit=successor, active_from=date)
    return links


def lineage_chain(unit: Unit, *, history_only: bool = False) -> list[UnitLineage]:
    """Every link before `unit`, newest first (its predecessors, their predecessors, ...)."""
    chain: list[UnitLineage] = []
    seen = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        links = list(
            UnitLineage.objects.filter(successor_id__in=frontier).select_related("predecessor", "successor")
        )
        frontier = []
        for link in links:
            if history_only and not link.carries_history:
                continue
            chain.append(link)
            if link.predecessor_id not in seen:
                seen.add(link.predecessor_id)
                frontier.append(link.predecessor_id)
    chain.sort(key=lambda link: (link.date, link.pk), reverse=True)
    return chain


@dataclass
class DuplicateHint:
    person: Person
    reason: str
    # False when the actor may not read that person: the hint then says "a person of another unit",
    # without a name or a link (a typed civil-servant code must not tell whose it is).
    readable: bool = True


def readable_hints(hints: list[DuplicateHint], actor: Actor) -> list[DuplicateHint]:
    """The hints as `actor` may see them: each marked readable or not."""
    ids = set(
        Person.objects.visible_to(actor)
        .filter(pk__in=[h.person.pk for h in hints])
        .values_list("pk", flat=True)
    )
    return [DuplicateHint(person=h.person, reason=h.reason, readable=h.person.pk in ids) for h in hints]


def find_likely_duplicates(
    *,
    full_name: str,
    birth_date: datetime.date | None,
    national_id: str | None = None,
    civil_servant_code: str = "",
    exclude_pk: int | None = None,
) -> list[DuplicateHint]:
    """People who may be the same person: same ID, same civil-servant code, or same name and birth date."""
    hints: list[DuplicateHint] = []
    query = Q(name_search=search_key(full_name), birth_date=birth_date) if birth_date else Q(pk__in=[])
    if national_id:
        query |= Q(national_id=national_id)
    if civil_servant_code:
        query |= Q(civil_servant_code=civil_servant_code)
    candidates = Person.objects.filter(query)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    for person in candidates[:10]:
        if national_id and person.national_id == national_id:
            reason = _("same national ID number")
        elif civil_servant_code and person.civil_servant_code == civil_servant_code:
            reason = _("same civil-servant code")
        else:
            reason = _("same name and date of birth")
        hints.append(DuplicateHint(person=person, reason=reason))
    return hints


def national_id_taken_message(holder: Person, actor: Actor, *, in_thidua: bool = False) -> str:
    """Why a national ID number is refused because someone holds it. The holder is named only to an
    actor who may read that person: typing numbers must not tell a unit officer whose number is whose
    (personal data, Decree 13/2023 on personal data protection)."""
    if org_perms.can_read_person(actor, holder):
        if in_thidua:
            return _("%(name)s already has this national ID number in thidua.") % {"name": holder}
        return _("%(name)s already has this national ID number.") % {"name": holder}
    return _(
        "Another person in thidua already has this national ID number. Check the number; if it is the same "
        "person, ask the emulation board to add the new position to their record."
    )


@transaction.atomic
def create_person(
    *,
    actor: Actor,
    unit: Unit,
    position_title: str,
    position_start: datetime.date,
    allow_duplicate: bool = False,
    **values: Any,
) -> Person:
    """Create a person with their first position. Refuses a likely duplicate unless `allow_duplicate`."""
    person = Person()
    apply_fields(person, values, PERSON_FIELDS)
    if person.national_id == "":
        person.national_id = None
    hints = find_likely_duplicates(
        full_name=person.full_name,
        birth_date=person.birth_date,
        national_id=person.national_id,
        civil_servant_code=person.civil_servant_code,
    )
    same_id = [h for h in hints if person.national_id and h.person.national_id == person.national_id]
    if same_id:
        raise ValidationError({"national_id": national_id_taken_message(same_id[0].person, actor)})
    if hints and not allow_duplicate:
        # Named only to whoever may read them (the API's message too).
        raise LikelyDuplicate(readable_hints(hints, actor))
    person.full_clean()
    person.save()
    position = Position(person=person, unit=unit, title=position_title, start=position_start)
    position.full_clean()
    position.save()
    record(
        actor=actor,
        action=OrgAction.PERSON_CREATE,
        obj=person,
        after={**snapshot(person), "unit_id": unit.pk},
    )
    return person


class LikelyDuplicate(ValidationError):
    """A new person looks like one already recorded; the caller may confirm and retry."""

    def __init__(self, hints: list[DuplicateHint]) -> None:
        self.hints = hints
        other = _("a person of another unit")
        names = "; ".join(f"{h.person if h.readable else other} ({h.reason})" for h in hints)
        super().__init__(_("This person may already be recorded: %(names)s.") % {"names": names})


@transaction.atomic
def update_person(*, actor: Actor, person: Person, **values: Any) -> Person:
    before = snapshot(person)
    apply_fields(person, values, PERSON_FIELDS)
    if person.national_id == "":
        person.national_id = None
    person.full_clean()
    person.save()
    record(actor=actor, action=OrgAction.PERSON_UPDATE, obj=person, before=before, after=snapshot(person))
    return person


@transaction.atomic
def move_person(
    *, actor: Actor, person: Person, unit: Unit, title: str, start: datetime.date, end_previous: bool = True
) -> Position:
    """Start a new position; the current ones end the day before (a transfer or promotion)."""
    if end_previous:
        for current in person.positions.filter(end__isnull=True):
            if current.start >= start:
                raise ValidationError(
                    _("The new position must start after the current one (%(date)s).")
                    % {"date": current.start.strftime("%d/%m/%Y")}
                )
            current.end = start - datetime.timedelta(days=1)
            current.save(update_fields=["end"])
    position = Position(person=person, unit=unit, title=title, start=start)
    position.full_clean()
    position.save()
    record(actor=actor, action=OrgAction.PERSON_MOVE, obj=person, after=snapshot(position))
    return position
