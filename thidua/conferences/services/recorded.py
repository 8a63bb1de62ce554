"""A year's results recorded from the paper minutes of a conference held outside thidua (issue 12
item 1): the standings, the approved award proposals and next year's leader and deputies, in one
transaction, flowing on like a published vote (standings, next year's block year, award candidates).

The page and the API give the rows as text, one a line, so that an error names its line:

- standings: ``unit; rank; votes`` (votes empty or ``?`` = not in the minutes, shown "không rõ");
- proposals: ``award code; unit or person; yes; no; abstain`` (counts empty = not in the minutes; a
  person by national ID or exact full name, among the people of the member units);
- proposals given only as numbers: ``award code; number`` ("2 units for the province's flag");
- next year's deputies: one unit a line, in the order of the minutes (Phó khối 1, 2, ...).

A unit is named by its code or its exact name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record
from thidua.awards.models import AwardType
from thidua.blocks.models import BlockKind, BlockYear, StandingSource
from thidua.blocks.services import record_standings, set_block_year
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.models import (
    AwardCandidate,
    MinutesScan,
    RecordedCount,
    RecordedMinutes,
)
from thidua.conferences.services.meeting import close_unrun_conferences
from thidua.lib.uploads import store_upload
from thidua.orgs.models import Person, Unit
from thidua.orgs.permissions import shows_personal_ids

UNKNOWN = {"", "?", "không rõ", "chưa rõ", "unknown"}


@dataclass
class StandingRow:
    unit: Unit
    rank: int
    votes: int | None


@dataclass
class ProposalRow:
    award_type: AwardType
    unit: Unit | None
    yes: int | None
    no: int | None
    abstain: int | None
    person: Person | None = None  # an individual proposal names a person, not a unit

    @property
    def candidate(self) -> Unit | Person:
        found = self.unit if self.unit is not None else self.person
        assert found is not None
        return found


@dataclass
class CountRow:
    """An approved proposal the minutes give only as a number (nobody named)."""

    award_type: AwardType
    count: int


@dataclass
class Parsed:
    standings: list[StandingRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)
    deputies: list[Unit] = field(default_factory=list)
    counts: list[CountRow] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [
        (number, [cell.strip() for cell in line.split(";")])
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _count(value: str) -> int | None:
    """A count from the minutes; None when unknown. Raises ValueError on anything else."""
    cleaned = value.strip().lower().replace(".", "")
    if cleaned in UNKNOWN:
        return None
    number = int(cleaned)
    if number < 0:
        raise ValueError(value)
    return number


def _unit_lookup(block_year: BlockYear) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for membership in block_year.memberships.select_related("unit"):
        found[membership.unit.code.lower()] = membership.unit
        found[membership.unit.name.lower()] = membership.unit
    return found


def people_of(block_year: BlockYear) -> Any:
    """The people who may be proposed by name: those holding a position in a member or its sub-units."""
    units: set[int] = set()
    for member in block_year.memberships.values_list("unit_id", flat=True):
        units |= Unit.objects.tree_ids(member)
    return Person.objects.filter(positions__unit_id__in=units).distinct()


def find_person(block_year: BlockYear, text: str, viewer: Actor = None) -> Person | None:
    """A person of the member units by national ID or exact full name; None when nobody matches.
    Raises ValueError when several people share the name (give the national ID). A national ID
    matches only a person whose number `viewer` may see (`orgs.permissions.shows_personal_ids`;
    None: the system): typing numbers must not tell a leader officer whose they are."""
    people = people_of(block_year)
    cleaned = " ".join(text.split())
    by_id = people.filter(national_id=cleaned).first() if cleaned.isdecimal() else None
    if by_id is not None and (viewer is None or shows_personal_ids(viewer, by_id)):
        return cast("Person | None", by_id)
    named = list(people.filter(full_name__iexact=cleaned)[:2])
    if len(named) > 1:
        raise ValueError(cleaned)
    return named[0] if named else None


def parse_minutes(
    *,
    block_year: BlockYear,
    standings: str,
    proposals: str = "",
    deputies: str = "",
    counts: str = "",
    viewer: Actor = None,
) -> Parsed:
    """The rows of the minutes as given on the page or in the API, each error naming its line;
    people typed by national ID are found only as `viewer` may see them (`find_person`)."""
    units = _unit_lookup(block_year)
    parsed = Parsed()

    def unit_of(name: str, where: str, number: int) -> Unit | None:
        unit = units.get(name.strip().lower())
        if unit is None:
            parsed.errors.setdefault(where, []).append(
                _(
                    'Line %(line)s: "%(name)s" is not a member of the block in %(year)s (give its code or exact name).'
                )
                % {"line": number, "name": name, "year": block_year.year}
            )
        return unit

    for number, cells in _lines(standings):
        if len(cells) < 2:
            parsed.errors.setdefault("standings", []).append(
                _("Line %(line)s: write the unit and its rank, e.g. SO-TC; 1; 12.") % {"line": number}
            )
            continue
        unit = unit_of(cells[0], "standings", number)
        try:
            rank = int(cells[1])
            if rank < 1:
                raise ValueError(cells[1])
        except ValueError:
            parsed.errors.setdefault("standings", []).append(
                _('Line %(line)s: the rank "%(value)s" is not a whole number from 1.')
                % {"line": number, "value": cells[1]}
            )
            continue
        try:
            votes = _count(cells[2]) if len(cells) > 2 else None
        except ValueError:
            parsed.errors.setdefault("standings", []).append(
                _(
                    'Line %(line)s: the votes "%(value)s" are not a number (leave empty or write ? if unknown).'
                )
                % {"line": number, "value": cells[2]}
            )
            continue
        if unit is not None:
            parsed.standings.append(StandingRow(unit=unit, rank=rank, votes=votes))

    award_types = {a.code.lower(): a for a in AwardType.objects.all()}
    for number, cells in _lines(proposals):
        if len(cells) < 2:
            parsed.errors.setdefault("proposals", []).append(
                _("Line %(line)s: write the award's code and the unit, e.g. CO_TD_TINH; SO-TC; 10; 0; 0.")
                % {"line": number}
            )
            continue
        award_type = award_types.get(cells[0].lower())
        if award_type is None:
            parsed.errors.setdefault("proposals", []).append(
                _('Line %(line)s: "%(code)s" is not a title or form of the catalogue.')
                % {"line": number, "code": cells[0]}
            )
        unit = units.get(cells[1].strip().lower())
        person = None
        if unit is None:
            try:
                person = find_person(block_year, cells[1], viewer)
            except ValueError:
                parsed.errors.setdefault("proposals", []).append(
                    _('Line %(line)s: several people are named "%(name)s"; give the national ID instead.')
                    % {"line": number, "name": cells[1]}
                )
                continue
            if person is None:
                parsed.errors.setdefault("proposals", []).append(
                    _(
                        "Line %(line)s: \"%(name)s\" is neither a member of the block in %(year)s nor a person of its members (give a unit's code or name, or a person's national ID or full name)."
                    )
                    % {"line": number, "name": cells[1], "year": block_year.year}
                )
        tallies: list[int | None] = []
        try:
            tallies = [_count(cells[i]) if len(cells) > i else None for i in (2, 3, 4)]
        except ValueError:
            parsed.errors.setdefault("proposals", []).append(
                _("Line %(line)s: the counts (in favour; against; abstaining) must be numbers or empty.")
                % {"line": number}
            )
            continue
        if award_type is not None and (unit is not None or person is not None):
            parsed.proposals.append(
                ProposalRow(
                    award_type=award_type,
                    unit=unit,
                    person=person,
                    yes=tallies[0],
                    no=tallies[1],
                    abstain=tallies[2],
                )
            )

    for number, cells in _lines(counts):
        award_type = award_types.get(cells[0].lower())
        if award_type is None:
            parsed.errors.setdefault("counts", []).append(
                _('Line %(line)s: "%(code)s" is not a title or form of the catalogue.')
                % {"line": number, "code": cells[0]}
            )
            continue
        try:
            count = _count(cells[1]) if len(cells) > 1 else None
        except ValueError:
            count = None
        if not count:
            parsed.errors.setdefault("counts", []).append(
                _("Line %(line)s: write the award's code and how many were approved, e.g. CO_TD_TINH; 2.")
                % {"line": number}
            )
            continue
        parsed.counts.append(CountRow(award_type=award_type, count=count))

    for number, cells in _lines(deputies):
        unit = unit_of(cells[0], "next_deputies", number)
        if unit is not None:
            parsed.deputies.append(unit)
    return parsed


def _label(minutes: RecordedMinutes) -> str:
    parts = [str(_("Recorded from the minutes"))]
    if minutes.minutes_number:
        parts.append(minutes.minutes_number)
    if minutes.held_on:
        parts.append(minutes.held_on.strftime("%d/%m/%Y"))
    return ", ".join(parts)[:255]


@transaction.atomic
def record_minutes(
    *,
    actor: Actor,
    block_year: BlockYear,
    standings: list[StandingRow],
    proposals: list[ProposalRow] | None = None,
    next_leader: Unit | None = None,
    next_deputies: list[Unit] | None = None,
    minutes_number: str = "",
    held_on: datetime.date | None = None,
    place: str = "",
    chair: str = "",
    by_acclamation: bool = False,
    note: str = "",
    counts: list[CountRow] | None = None,
) -> RecordedMinutes:
    """Record what a paper conference decided, in one transaction (nothing changes on any error).

    The standings go through `blocks.services.record_standings(source=RECORDED)` (Law Art 26(1),
    R-BLK-05: the leading unit; the block's `leading_units_max` setting allows several); each approved
    proposal becomes an award candidate as a published proposals poll would make it; next year's
    leader and ordered deputies create or update next year's block year through `set_block_year`
    (R-BLK-01, R-BLK-02: the rotation rule is checked). A year already decided by a conference in
    thidua, or already recorded, is refused.
    """
    proposals = proposals or []
    next_deputies = next_deputies or []
    counts = counts or []
    errors: dict[str, list[str]] = {}
    if RecordedMinutes.objects.filter(block_year=block_year).exists():
        errors.setdefault("__all__", []).append(
            _("This year's results are already recorded from the minutes.")
        )
    if block_year.standings.filter(
        source__in=[StandingSource.CONFERENCE, StandingSource.ACCLAMATION]
    ).exists():
        errors.setdefault("__all__", []).append(
            _("This year's results come from a conference held in thidua; they cannot be recorded again.")
        )
    if (
        not standings
        and not proposals
        and not counts
        and next_leader is None
        and held_on is None
        and not note
    ):
        errors.setdefault("__all__", []).append(
            _("Nothing to record: give the standings, the approved proposals or next year's leader.")
        )
    if next_deputies and next_leader is None:
        errors.setdefault("next_leader", []).append(
            _("Next year's deputies are given without a leader: give the leader as well.")
        )
    if held_on is not None and held_on > timezone.localdate():
        errors.setdefault("held_on", []).append(_("The conference's date cannot be in the future."))
    seen: set[int] = set()
    for counted in counts:
        if counted.award_type.pk in seen:
            errors.setdefault("counts", []).append(
                _("%(award)s is counted twice: give one number per title or form.")
                % {"award": counted.award_type}
            )
        seen.add(counted.award_type.pk)
        if counted.count < 1:
            errors.setdefault("counts", []).append(_("A number of approved proposals is at least 1."))
    named: set[tuple[int, str, int]] = set()
    for proposal in proposals:
        key = (
            proposal.award_type.pk,
            "unit" if proposal.unit is not None else "person",
            proposal.candidate.pk,
        )
        if key in named:
            errors.setdefault("proposals", []).append(
                _("%(award)s for %(who)s is given twice.")
                % {"award": proposal.award_type, "who": proposal.candidate}
            )
        named.add(key)
    if errors:
        raise ValidationError(errors)

    minutes = RecordedMinutes.objects.create(
        block_year=block_year,
        minutes_number=minutes_number,
        held_on=held_on,
        place=place,
        chair=chair,
        by_acclamation=by_acclamation,
        note=note,
        recorded_by=user_of(actor),
        recorded_at=timezone.now(),
    )
    try:
        if standings:
            record_standings(
                actor=actor,
                block_year=block_year,
                ranks=[(row.unit, row.rank) for row in standings],
                source=StandingSource.RECORDED,
                basis=_label(minutes),
                votes={row.unit.pk: row.votes for row in standings if row.votes is not None},
            )
    except ValidationError as exc:
        raise ValidationError({"standings": exc.messages}) from exc
    now = timezone.now()
    for row in proposals:
        AwardCandidate.objects.create(
            block_year=block_year,
            award_type=row.award_type,
            unit=row.unit,
            person=row.person,
            recorded=minutes,
            yes=row.yes,
            no=row.no,
            abstain=row.abstain,
            approved_at=now,
        )
    RecordedCount.objects.bulk_create(
        RecordedCount(minutes=minutes, award_type=c.award_type, count=c.count, position=position)
        for position, c in enumerate(counts, start=1)
    )
    close_unrun_conferences(actor=actor, block_year=block_year, held_on=held_on)
    next_year = None
    if next_leader is not None:
        try:
            next_year = _next_year(
                actor=actor,
                block_year=block_year,
                leader=next_leader,
                deputies=next_deputies,
                minutes=minutes,
            )
        except ValidationError as exc:
            raise ValidationError({"next_leader": exc.messages}) from exc
    record(
        actor=actor,
        action=ConferenceAction.MINUTES_RECORD,
        obj=block_year,
        after=_snapshot(minutes, standings, proposals, next_year, counts),
    )
    return minutes


def _next_year(
    *, actor: Actor, block_year: BlockYear, leader: Unit, deputies: list[Unit], minutes: RecordedMinutes
) -> BlockYear:
    """Next year's block year with the recorded leader and deputies, as `effects.apply_election` makes
    it: an existing year keeps its members; a new one takes this year's continuing members."""
    next_year = block_year.year + 1
    existing = BlockYear.objects.filter(block=block_year.block, year=next_year).first()
    if existing is not None:
        existing = BlockYear.objects.with_members().get(pk=existing.pk)
        members = [m.unit for m in existing.memberships.all()]
        note = existing.note
    else:
        first_day = datetime.date(next_year, 1, 1)
        members = [
            m.unit
            for m in block_year.memberships.select_related("unit")
            if m.unit.active_to is None or m.unit.active_to >= first_day
        ]
        note = (
            _("Cluster leader recorded from the minutes of %(year)s: %(label)s.")
            if block_year.block.kind == BlockKind.CLUSTER
            else _("Leader recorded from the minutes of %(year)s: %(label)s.")
        ) % {
            "year": block_year.year,
            "label": _label(minutes),
        }
    for unit in [leader, *deputies]:
        if unit.pk not in {u.pk for u in members}:
            members.append(unit)
    return set_block_year(
        actor=actor,
        block=block_year.block,
        year=next_year,
        members=members,
        leader=leader,
        deputies=deputies,
        note=note,
    )


def _snapshot(
    minutes: RecordedMinutes,
    standings: list[StandingRow],
    proposals: list[ProposalRow],
    next_year: BlockYear | None,
    counts: list[CountRow],
) -> dict[str, Any]:
    return {
        "minutes_number": minutes.minutes_number,
        "held_on": minutes.held_on.isoformat() if minutes.held_on else None,
        "by_acclamation": minutes.by_acclamation,
        "standings": [[r.unit.pk, r.rank, r.votes] for r in standings],
        "proposals": [
            [
                p.award_type.code,
                p.unit.pk if p.unit else None,
                p.person.pk if p.person else None,
                p.yes,
                p.no,
                p.abstain,
            ]
            for p in proposals
        ],
        "counts": [[c.award_type.code, c.count] for c in counts],
        "next_year": next_year.year if next_year else None,
    }


@transaction.atomic
def attach_scan(*, actor: Actor, minutes: RecordedMinutes, name: str, content: Any) -> MinutesScan:
    """Attach the scanned paper minutes (PDF or a scan, checked by content, lib.uploads) to a year
    recorded from them, afterwards (the results sheet cannot carry a file). Audited."""
    scan = MinutesScan(minutes=minutes)
    store_upload(scan, actor=actor, name=name, content=content)
    scan.full_clean()
    scan.save()
    record(
        actor=actor,
        action=ConferenceAction.MINUTES_SCAN,
        obj=minutes.block_year,
        after={"file": scan.original_name, "sha256": scan.sha256, "size": scan.size},
    )
    return scan
