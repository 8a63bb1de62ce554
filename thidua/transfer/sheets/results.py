"""The results-from-minutes list (issue 12 items 1 and 9): what a past summary conference decided, as
its paper minutes record it, one row per unit of a block year, without replaying a vote.

A row gives the unit's rank (shared places: the same rank on several rows), the titles or forms the
conference voted it (a catalogue code or name, several separated by semicolons; "Dẫn đầu" for the
leading unit), its votes where the minutes give them, and its role next year (Khối trưởng, Khối phó in
the order of the rows). An individual proposal names the person (national ID or full name) on a row
of the person's unit; a proposal the minutes give only as a number ("2 units for the province's
flag") leaves the unit empty and writes the number beside the title. The minutes' number, date,
place and chair may be written on any row of the block year, and must agree where written twice.
The scanned minutes cannot travel in a sheet: they are attached afterwards on the page of the
recorded minutes.

Each block year is written with `conferences.recorded.record_minutes`, the service of the page and the
API (one transaction, audited, marked as recorded from the minutes): the standings through
`blocks.services.record_standings(source=RECORDED)` (Law Art 26(1), R-BLK-05; R-COL-03 reads them;
the block's `leading_units_max` setting allows several leading units), the voted titles as award
candidates, next year's leader and ordered deputies through `set_block_year` (R-BLK-01, R-BLK-02).
Block years are written oldest first, so a year's next leader creates the next year of the same
file. A block year already recorded with the same results is left as it is (re-importing the file
changes nothing); recorded with other results, it is refused (nothing is replaced silently).

The layer contract puts transfer below conferences and awards; this module alone imports them (an
exception declared in pyproject.toml), as the import page lists every sheet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.awards.models import AwardType, RecipientKind
from thidua.blocks.models import Block, BlockKind, BlockYear, MemberRole, StandingSource, role_title
from thidua.conferences import services
from thidua.conferences.models import RecordedMinutes
from thidua.lib.vietnamese import search_key
from thidua.orgs.models import Person, Unit
from thidua.orgs.permissions import shows_personal_ids
from thidua.transfer.sheets.base import (
    Column,
    ImportResult,
    RowError,
    RowProblem,
    Sheet,
    clean_text,
    date_text,
    parse_choice,
    parse_count,
    parse_date,
    parse_rank,
    parse_year,
    parse_yes,
)
from thidua.transfer.sheets.memberships import ROLE_ALIASES

LEADING = {"dan dau", "don vi dan dau", "leading", "leading unit", "leader of the block"}
# The columns that belong to the block year as a whole: they must agree where written twice.
YEAR_KEYS = ("minutes_number", "held_on", "place", "chair", "by_acclamation")


def parse_titles(value: Any) -> list[str]:
    """Several titles in one cell, separated by semicolons or line breaks (names may hold commas)."""
    parts = str(value).replace("\n", ";").split(";")
    return [title for title in (" ".join(part.split()) for part in parts) if title]


def parse_next_role(value: Any) -> tuple[str, int]:
    """Khối trưởng, Khối phó or Thành viên (Cụm trưởng, Cụm phó), a deputy optionally numbered as the
    minutes number them ("Khối phó 2"); (role, number), the number 0 when not written."""
    text = clean_text(value)
    head, _space, tail = text.rpartition(" ")
    number = 0
    if head and tail.isdecimal():
        text, number = head, int(tail)
    role = parse_choice(text, MemberRole, ROLE_ALIASES)
    if number and role != MemberRole.DEPUTY:
        raise RowProblem(
            _("Only a deputy is numbered (Khối phó 1, Khối phó 2); write “%(value)s” without the number.")
            % {"value": text}
        )
    return role, number


@dataclass
class UnitRow:
    number: int
    unit: Unit
    rank: int | None
    awards: list[AwardType]
    votes: int | None
    next_role: str
    deputy_number: int = 0  # "Khối phó 2" in the minutes; 0 = in the order of the rows
    person: Person | None = None  # an individual proposal: the titles are the person's


@dataclass
class CountLine:
    """A proposal the minutes give only as a number: no unit, one title, how many."""

    number: int
    award: AwardType
    count: int


@dataclass
class YearGroup:
    """The rows of one block year."""

    block: Block
    year: int
    rows: list[UnitRow] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # every Excel row of the group
    minutes_number: str = ""
    held_on: datetime.date | None = None
    place: str = ""
    chair: str = ""
    by_acclamation: bool = False
    counts: list[CountLine] = field(default_factory=list)

    @property
    def first_row(self) -> int:
        return self.numbers[0]

    def row_of(self, test: Any) -> int:
        return next((r.number for r in self.rows if test(r)), self.first_row)

    def standings(self) -> list[services.StandingRow]:
        return [
            services.StandingRow(unit=r.unit, rank=r.rank, votes=r.votes)
            for r in self.rows
            if r.rank is not None and r.person is None
        ]

    def proposals(self) -> list[services.ProposalRow]:
        """The voted titles in the order of the rows; the votes are the title's when the row has no rank."""
        return [
            services.ProposalRow(
                award_type=award,
                unit=r.unit if r.person is None else None,
                person=r.person,
                yes=r.votes if r.rank is None else None,
                no=None,
                abstain=None,
            )
            for r in self.rows
            for award in r.awards
        ]

    def count_rows(self) -> list[services.CountRow]:
        return [services.CountRow(award_type=c.award, count=c.count) for c in self.counts]

    def next_leader(self) -> Unit | None:
        return next((r.unit for r in self.rows if r.next_role == MemberRole.LEADER), None)

    def next_deputies(self) -> list[Unit]:
        """Next year's deputies: numbered ones by their number, the others after them in row order."""
        deputies = [r for r in self.rows if r.next_role == MemberRole.DEPUTY]
        return [r.unit for r in sorted(deputies, key=lambda r: r.deputy_number or len(self.rows) + 1)]


class ResultSheet(Sheet):
    kind = "results"
    title = gettext_lazy("Results from the minutes")
    columns = [
        Column("block", gettext_lazy("Block code"), True, 14, as_text=True),
        Column("year", gettext_lazy("Year"), True, 8, parse=parse_year),
        Column("unit", gettext_lazy("Unit code"), False, 14, as_text=True),
        Column("rank", gettext_lazy("Rank"), False, 8, parse=parse_rank, empty=None),
        Column("titles", gettext_lazy("Titles voted"), False, 30, parse=parse_titles, empty=[]),
        Column("votes", gettext_lazy("Votes"), False, 8, parse=parse_count, empty=None),
        Column(
            "next_role",
            gettext_lazy("Role next year"),
            False,
            18,
            parse=parse_next_role,
            empty=(MemberRole.MEMBER, 0),
        ),
        Column("minutes_number", gettext_lazy("Minutes number"), False, 16, max_length=60, as_text=True),
        Column("held_on", gettext_lazy("Date of the conference"), False, 14, parse=parse_date, empty=None),
        Column("place", gettext_lazy("Place of the conference"), False, 24, max_length=255),
        Column("chair", gettext_lazy("Chair"), False, 24, max_length=255),
        Column("by_acclamation", gettext_lazy("By acclamation"), False, 10, parse=parse_yes, empty=False),
        Column("person", gettext_lazy("Person proposed"), False, 24, max_length=150, as_text=True),
        Column("count", gettext_lazy("Number approved"), False, 10, parse=parse_count, empty=None),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _(
                "One row per unit of a block year, as the paper minutes of its summary conference record it. "
                "The block year and its members must already be in thidua (the block years sheet)."
            ),
            _(
                "Rank: 1 is the leading unit; shared places repeat the rank (2, 2). A unit honoured without a rank leaves it empty."
            ),
            _(
                "Titles voted: the code or the name of a title or form of the catalogue (e.g. CO_TD_TINH), "
                "several separated by semicolons; “Dẫn đầu” marks the leading unit (rank 1)."
            ),
            _(
                "Votes: as the minutes give them; empty or ? when they do not. They are the rank's votes, "
                "or the title's votes in favour on a row without a rank."
            ),
            _(
                "Role next year: Khối trưởng (Cụm trưởng) and Khối phó (Cụm phó) elected for next year, the deputies in the order of the rows; "
                "a unit with only a role next year may be a new member."
            ),
            _(
                "Minutes number, date, place, chair and “By acclamation” (x) may be written on one row of the block year or on each."
            ),
            _(
                "Person proposed: for an individual title, the person's national ID or full name, on a row of the person's unit "
                "with the titles voted (individual titles only) and no rank or role."
            ),
            _(
                "Number approved: when the minutes give only numbers (e.g. 2 units for the province's flag), leave the unit empty "
                "and write one title and its number."
            ),
            _(
                "The scanned minutes cannot be carried by a sheet: attach them on the page of the recorded minutes."
            ),
            _(
                "A block year already recorded with the same results is left as it is; one recorded with other results is refused."
            ),
        ]

    def example(self) -> list[list[Any]]:
        return [
            [
                "KHOI-NC",
                2019,
                "CA-T",
                1,
                "Dẫn đầu; CO_TD_TINH",
                12,
                "",
                "05/BB-KNC",
                "20/12/2019",
                "",
                "",
                "",
                "",
                "",
            ],
            ["KHOI-NC", 2019, "VKS-T", 2, "", 9, "Khối trưởng", "", "", "", "", "", "", ""],
            ["KHOI-NC", 2019, "TAND-T", 2, "", "?", "Khối phó", "", "", "", "", "", "", ""],
            ["KHOI-NC", 2019, "STP", "", "BK_TINH", "", "", "", "", "", "", "", "", ""],
            ["KHOI-NC", 2019, "STP", "", "CSTDCS", "", "", "", "", "", "", "", "Nguyễn Văn An", ""],
            ["KHOI-NC", 2019, "", "", "BK_TINH", "", "", "", "", "", "", "", "", 3],
        ]

    # -- export

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        """Each block year recorded from minutes, a row per unit: ranked units first, then honoured
        ones, then next year's leader and deputies not already listed. The file imports back unchanged."""
        minutes_list = (
            RecordedMinutes.objects.filter(block_year__in=queryset)
            .select_related("block_year__block")
            .order_by("block_year__block__code", "block_year__year")
        )
        for minutes in minutes_list:
            block_year = minutes.block_year
            lines = [
                [unit.code, rank, "; ".join(titles), votes, role, person, None]
                for unit, rank, titles, votes, role, person in _export_lines(minutes, viewer)
            ]
            lines += [
                ["", None, count.award_type.code, None, "", "", count.count]
                for count in minutes.counts.select_related("award_type")
            ]
            for index, (unit_code, rank, titles, votes, role, person, count) in enumerate(lines):
                head = index == 0
                yield [
                    block_year.block.code,
                    block_year.year,
                    unit_code,
                    rank,
                    titles,
                    votes,
                    role,
                    minutes.minutes_number if head else "",
                    date_text(minutes.held_on) if head else "",
                    minutes.place if head else "",
                    minutes.chair if head else "",
                    "x" if head and minutes.by_acclamation else "",
                    person,
                    count,
                ]

    # -- import

    def validate(
        self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor
    ) -> tuple[list[YearGroup], list[RowError]]:
        errors: list[RowError] = []
        parsed = [(number, self.cells(number, row, errors)) for number, row in rows]
        blocks = {b.code: b for b in Block.objects.filter(code__in=[v.get("block") for _n, v in parsed])}
        units = {u.code: u for u in Unit.objects.filter(code__in=[v.get("unit") for _n, v in parsed])}
        awards = _AwardFinder()
        groups: dict[tuple[str, int], YearGroup] = {}
        for number, values in parsed:
            block, unit = blocks.get(values.get("block", "")), units.get(values.get("unit", ""))
            if values.get("block") and block is None:
                errors.append(
                    RowError(
                        number,
                        self.header("block"),
                        _("No block has the code %(code)s.") % {"code": values["block"]},
                    )
                )
            if values.get("unit") and unit is None:
                errors.append(
                    RowError(
                        number,
                        self.header("unit"),
                        _("No unit has the code %(code)s.") % {"code": values["unit"]},
                    )
                )
            if values.get("count") is not None or (not values.get("unit") and "count" in values):
                if block is not None and "year" in values:
                    group = groups.setdefault((block.code, values["year"]), YearGroup(block, values["year"]))
                    group.numbers.append(number)
                    errors += self._year_cells(group, number, values)
                    errors += self._count_line(group, number, values, awards)
                continue
            person = None
            if values.get("person") and unit is not None:
                try:
                    person = _find_person(unit, values["person"])
                except RowProblem as problem:
                    errors.append(RowError(number, self.header("person"), str(problem)))
                    continue
            found: list[AwardType] = []
            leading = False
            for text in values.get("titles", []):
                if search_key(text) in LEADING and person is None:
                    leading = True
                    continue
                try:
                    found.append(awards.find(text, individual=person is not None))
                except RowProblem as problem:
                    errors.append(RowError(number, self.header("titles"), str(problem)))
            rank = values.get("rank")
            if leading and rank not in (None, 1):
                errors.append(
                    RowError(
                        number,
                        self.header("rank"),
                        _("“Dẫn đầu” is the leading unit, rank 1; this row gives rank %(rank)s.")
                        % {"rank": rank},
                    )
                )
            elif leading:
                rank = 1
            if not values.get("unit") and "unit" in values:
                errors.append(RowError(number, self.header("unit"), _("This cell is required.")))
            if block is None or unit is None or "year" not in values:
                continue
            group = groups.setdefault((block.code, values["year"]), YearGroup(block, values["year"]))
            group.numbers.append(number)
            errors += self._year_cells(group, number, values)
            if person is not None:
                errors += self._person_line(number, values, found)
                if not any(e.row == number for e in errors):
                    group.rows.append(
                        UnitRow(number, unit, None, found, values.get("votes"), MemberRole.MEMBER, 0, person)
                    )
                continue
            if any(r.unit.pk == unit.pk and r.person is None for r in group.rows):
                first = next(r.number for r in group.rows if r.unit.pk == unit.pk and r.person is None)
                errors.append(
                    RowError(
                        number,
                        self.header("unit"),
                        _(
                            "This unit is already on row %(row)s for the same block and year; write its titles in one cell."
                        )
                        % {"row": first},
                    )
                )
                continue
            if (
                "rank" not in values
                or "titles" not in values
                or "votes" not in values
                or "next_role" not in values
            ):
                continue
            role, deputy_number = values["next_role"]
            row = UnitRow(number, unit, rank, found, values["votes"], role, deputy_number)
            if row.rank is None and not row.awards and row.next_role == MemberRole.MEMBER and not leading:
                errors.append(
                    RowError(
                        number,
                        self.header("rank"),
                        _(
                            "This row records nothing: write the unit's rank, a title voted or its role next year."
                        ),
                    )
                )
            elif row.votes is not None and row.rank is None and not row.awards:
                errors.append(
                    RowError(
                        number,
                        self.header("votes"),
                        _("Votes need a rank or a title on the same row: write what the votes were for."),
                    )
                )
            group.rows.append(row)
        ordered = sorted(groups.values(), key=lambda g: (g.block.code, g.year))
        following = {(g.block.code, g.year + 1) for g in ordered if g.next_leader() is not None}
        for group in ordered:
            errors += self._check_group(group, made_by_file=(group.block.code, group.year) in following)
        return ordered, errors

    def _count_line(
        self, group: YearGroup, number: int, values: dict[str, Any], awards: _AwardFinder
    ) -> list[RowError]:
        """A proposal given only as a number: no unit, person, rank, role or votes; one title and a
        number from 1; one number per title in the block year."""
        errors: list[RowError] = []
        if values.get("unit") or values.get("person"):
            errors.append(
                RowError(
                    number,
                    self.header("count"),
                    _(
                        "A number approved stands for units or people the minutes do not name: leave the unit and the person empty."
                    ),
                )
            )
        if (
            values.get("rank") is not None
            or values.get("votes") is not None
            or values.get("next_role", (MemberRole.MEMBER, 0))[0] != MemberRole.MEMBER
        ):
            errors.append(
                RowError(
                    number,
                    self.header("count"),
                    _(
                        "A row with a number approved gives only the title and the number: leave rank, votes and role empty."
                    ),
                )
            )
        count = values.get("count")
        if count is None or count < 1:
            errors.append(
                RowError(
                    number,
                    self.header("count" if "count" in values and count is not None else "unit"),
                    _(
                        "Write the unit, or leave it empty and give the number approved (from 1) beside one title."
                    ),
                )
            )
        titles = values.get("titles", [])
        if len(titles) != 1:
            errors.append(
                RowError(
                    number,
                    self.header("titles"),
                    _("A row with a number approved names exactly one title or form."),
                )
            )
        elif not errors:
            try:
                award = awards.find(titles[0], individual=None)
            except RowProblem as problem:
                errors.append(RowError(number, self.header("titles"), str(problem)))
            else:
                if any(c.award.pk == award.pk for c in group.counts):
                    errors.append(
                        RowError(
                            number,
                            self.header("titles"),
                            _(
                                "This block year already gives a number for %(award)s; write one number per title."
                            )
                            % {"award": award.name},
                        )
                    )
                else:
                    assert count is not None
                    group.counts.append(CountLine(number, award, count))
        return errors

    def _person_line(self, number: int, values: dict[str, Any], found: list[AwardType]) -> list[RowError]:
        """A person's row gives individual titles only: no rank, no role next year."""
        errors: list[RowError] = []
        if (
            values.get("rank") is not None
            or values.get("next_role", (MemberRole.MEMBER, 0))[0] != MemberRole.MEMBER
        ):
            errors.append(
                RowError(
                    number,
                    self.header("person"),
                    _(
                        "A person's row gives only the titles voted for the person: leave the rank and the role next year empty."
                    ),
                )
            )
        if not values.get("titles"):
            errors.append(
                RowError(number, self.header("titles"), _("Write the title or form voted for this person."))
            )
        return errors

    def _year_cells(self, group: YearGroup, number: int, values: dict[str, Any]) -> list[RowError]:
        """The minutes' number, date, place, chair and acclamation: given once or the same everywhere."""
        errors = []
        for key in YEAR_KEYS:
            if key not in values:
                continue
            value, current = values[key], getattr(group, key)
            empty = {"held_on": None, "by_acclamation": False}.get(key, "")
            if value == empty:
                continue
            if current not in (empty, value):
                shown = date_text(current) if key == "held_on" else ("x" if current is True else current)
                errors.append(
                    RowError(
                        number,
                        self.header(key),
                        _(
                            "An earlier row of this block year gives “%(value)s”; a block year has one set of minutes."
                        )
                        % {"value": shown},
                    )
                )
                continue
            setattr(group, key, value)
        return errors

    def _member_errors(self, group: YearGroup, block_year: BlockYear) -> list[RowError]:
        """A ranked or honoured unit must be a member of the year (a unit only elected for next year
        need not be)."""
        members = set(block_year.memberships.values_list("unit_id", flat=True))
        return [
            RowError(
                row.number,
                self.header("unit"),
                _("%(unit)s is not a member of block %(block)s in %(year)s.")
                % {"block": group.block.code, "year": group.year, "unit": f"{row.unit} ({row.unit.code})"},
            )
            for row in group.rows
            if (row.rank is not None or row.awards) and row.unit.pk not in members
        ]

    def _check_group(self, group: YearGroup, *, made_by_file: bool) -> list[RowError]:
        """What can be checked before writing: the year exists (or an earlier row makes it), the
        ranked and honoured units are its members, R-BLK-05's number of leading units, one next leader,
        and whether the year is already decided."""
        errors: list[RowError] = []
        names = {"block": group.block.code, "year": group.year}
        cluster = group.block.kind == BlockKind.CLUSTER
        block_year = BlockYear.objects.filter(block=group.block, year=group.year).first()
        if block_year is None and not made_by_file:
            errors.append(
                RowError(
                    group.first_row,
                    self.header("year"),
                    _(
                        "Block %(block)s has no year %(year)s in thidua: import its members first (the block years sheet)."
                    )
                    % names,
                )
            )
        if block_year is not None:
            errors += self._member_errors(group, block_year)
            if block_year.standings.filter(
                source__in=[StandingSource.CONFERENCE, StandingSource.ACCLAMATION]
            ).exists():
                errors.append(
                    RowError(
                        group.first_row,
                        "",
                        _(
                            "Block %(block)s in %(year)s: this year's results come from a conference held in thidua; they cannot be recorded again."
                        )
                        % names,
                    )
                )
        leading = [r.number for r in group.rows if r.rank == 1]
        allowed = group.block.leading_units_max
        if len(leading) > allowed:
            errors.append(
                RowError(
                    leading[allowed],
                    self.header("rank"),
                    _(
                        "Block %(block)s allows at most %(n)s leading units (rank 1) a year; the file gives %(given)s."
                    )
                    % {**names, "n": allowed, "given": len(leading)},
                )
            )
        leaders = [r.number for r in group.rows if r.next_role == MemberRole.LEADER]
        if len(leaders) > 1:
            errors.append(
                RowError(
                    leaders[1],
                    self.header("next_role"),
                    (
                        _(
                            "Only one cluster leader (Cụm trưởng) can be elected for next year; the file gives %(n)s."
                        )
                        if cluster
                        else _(
                            "Only one leader (Khối trưởng) can be elected for next year; the file gives %(n)s."
                        )
                    )
                    % {"n": len(leaders)},
                )
            )
        numbers: dict[int, int] = {}
        for row in group.rows:
            if row.next_role != MemberRole.DEPUTY or not row.deputy_number:
                continue
            if row.deputy_number in numbers:
                errors.append(
                    RowError(
                        row.number,
                        self.header("next_role"),
                        _("Row %(row)s already gives deputy number %(n)s for next year.")
                        % {"row": numbers[row.deputy_number], "n": row.deputy_number},
                    )
                )
            numbers.setdefault(row.deputy_number, row.number)
        if not leaders and group.next_deputies():
            errors.append(
                RowError(
                    group.row_of(lambda r: r.next_role == MemberRole.DEPUTY),
                    self.header("next_role"),
                    _("Next year's deputies are given without a leader: give the leader as well."),
                )
            )
        if group.held_on is not None and group.held_on > timezone.localdate():
            errors.append(
                RowError(
                    group.row_of(lambda r: True),
                    self.header("held_on"),
                    _("The conference's date cannot be in the future."),
                )
            )
        return errors

    def apply(self, cleaned: list[YearGroup], *, actor: Actor, result: ImportResult) -> None:
        for group in cleaned:
            block_year = BlockYear.objects.filter(block=group.block, year=group.year).first()
            if block_year is None:  # the previous year's next leader was refused
                continue
            late = self._member_errors(group, block_year)  # a year this file made: checked now
            if late:
                result.errors += late
                continue
            minutes = RecordedMinutes.objects.filter(block_year=block_year).first()
            if minutes is not None:
                if _same(minutes, group):
                    result.unchanged += 1
                else:
                    result.errors.append(
                        RowError(
                            group.first_row,
                            "",
                            _(
                                "Block %(block)s in %(year)s is already recorded from the minutes with other results; "
                                "nothing was changed. Check the block year's page."
                            )
                            % {"block": group.block.code, "year": group.year},
                        )
                    )
                continue
            try:
                services.record_minutes(
                    actor=actor,
                    block_year=block_year,
                    standings=group.standings(),
                    proposals=group.proposals(),
                    next_leader=group.next_leader(),
                    next_deputies=group.next_deputies(),
                    minutes_number=group.minutes_number,
                    held_on=group.held_on,
                    place=group.place,
                    chair=group.chair,
                    by_acclamation=group.by_acclamation,
                    counts=group.count_rows(),
                )
            except ValidationError as error:
                result.errors += self._refusal(group, error)
                continue
            result.created += 1

    def _refusal(self, group: YearGroup, error: ValidationError) -> list[RowError]:
        """The service's reasons, each on the row and column it concerns."""
        places = {
            "standings": (group.row_of(lambda r: r.rank is not None), self.header("rank")),
            "next_leader": (
                group.row_of(lambda r: r.next_role == MemberRole.LEADER),
                self.header("next_role"),
            ),
            "held_on": (group.first_row, self.header("held_on")),
        }
        messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        found = []
        for name, texts in messages.items():
            row, column = places.get(name, (group.first_row, ""))
            for text in texts:
                problem = {"block": group.block.code, "year": group.year, "problem": text}
                found.append(RowError(row, column, _("Block %(block)s in %(year)s: %(problem)s") % problem))
        return found


def _same(minutes: RecordedMinutes, group: YearGroup) -> bool:
    """Whether the block year is already recorded as the file gives it (a re-imported file)."""
    block_year = minutes.block_year
    if (minutes.minutes_number, minutes.held_on, minutes.place, minutes.chair, minutes.by_acclamation) != (
        group.minutes_number,
        group.held_on,
        group.place,
        group.chair,
        group.by_acclamation,
    ):
        return False
    standings = {(s.unit_id, s.rank, s.votes) for s in block_year.standings.all()}
    if standings != {(s.unit.pk, s.rank, s.votes) for s in group.standings()}:
        return False
    candidates = sorted(
        (c.award_type_id, c.unit_id or 0, c.person_id or 0, -1 if c.yes is None else c.yes)
        for c in minutes.candidates.all()
    )
    given = sorted(
        (
            p.award_type.pk,
            p.unit.pk if p.unit else 0,
            p.person.pk if p.person else 0,
            -1 if p.yes is None else p.yes,
        )
        for p in group.proposals()
    )
    if candidates != given:
        return False
    counts = [(c.award_type_id, c.count) for c in minutes.counts.all()]
    if counts != [(c.award.pk, c.count) for c in group.counts]:
        return False
    leader = group.next_leader()
    if leader is None:
        return True
    following = (
        BlockYear.objects.with_members().filter(block=block_year.block, year=block_year.year + 1).first()
    )
    return (
        following is not None
        and following.leader is not None
        and following.leader.pk == leader.pk
        and [u.pk for u in following.deputies] == [u.pk for u in group.next_deputies()]
    )


def _find_person(unit: Unit, text: str) -> Person:
    """A person of `unit` (or its sub-units) by national ID or exact full name."""
    people = Person.objects.filter(positions__unit_id__in=Unit.objects.tree_ids(unit.pk)).distinct()
    cleaned = " ".join(str(text).split())
    found = list(people.filter(national_id=cleaned)[:1]) if cleaned.isdecimal() else []
    if not found:
        found = list(people.filter(full_name__iexact=cleaned)[:2])
    if len(found) > 1:
        raise RowProblem(
            _("Several people of %(unit)s are named “%(name)s”; write the national ID instead.")
            % {"unit": unit, "name": cleaned}
        )
    if not found:
        raise RowProblem(
            _(
                "No person of %(unit)s has the national ID or full name “%(name)s”; check the unit or add the person first."
            )
            % {"unit": unit, "name": cleaned}
        )
    return found[0]


def _person_unit(person: Person, block_year: BlockYear) -> Unit | None:
    """The member of the year the person works in (directly or in a sub-unit)."""
    places = set(person.positions.values_list("unit_id", flat=True))
    for membership in block_year.memberships.select_related("unit"):
        if places & Unit.objects.tree_ids(membership.unit_id):
            return membership.unit
    return None


def _export_lines(
    minutes: RecordedMinutes, viewer: Actor = None
) -> list[tuple[Unit, int | None, list[str], int | None, str, str]]:
    """(unit, rank, titles' codes, votes, role next year, person) for each unit and person the
    recorded year names; a person by national ID number only when `viewer` may see it
    (`orgs.permissions.shows_personal_ids`, as every export), else by full name (the import takes
    both)."""
    block_year = minutes.block_year
    kind = block_year.block.kind
    following = (
        BlockYear.objects.with_members().filter(block=block_year.block, year=block_year.year + 1).first()
    )
    roles: dict[int, tuple[Unit, str]] = {}
    if following is not None:
        labelled = following.labelled_deputies  # "Khối phó 1", "Khối phó 2" when there are several
        roles = {u.pk: (u, label) for label, u in labelled}
        if following.leader is not None:
            roles[following.leader.pk] = (following.leader, role_title(kind, MemberRole.LEADER))
    lines: dict[int, list[Any]] = {}  # unit id -> [unit, rank, titles, votes]
    for standing in block_year.standings.select_related("unit").order_by("rank", "unit__name_sort"):
        lines[standing.unit_id] = [standing.unit, standing.rank, [], standing.votes]
    people: dict[int, list[Any]] = {}  # person id -> [unit, person, titles, votes]
    for candidate in minutes.candidates.select_related("unit", "award_type", "person").order_by("id"):
        if candidate.person is not None:
            unit = _person_unit(candidate.person, block_year)
            if unit is None:
                continue
            line = people.setdefault(candidate.person.pk, [unit, candidate.person, [], None])
            line[2].append(candidate.award_type.code)
            if candidate.yes is not None:
                line[3] = candidate.yes
            continue
        if candidate.unit is None:
            continue
        entry = lines.setdefault(candidate.unit.pk, [candidate.unit, None, [], None])
        entry[2].append(candidate.award_type.code)
        if entry[1] is None and candidate.yes is not None:
            entry[3] = candidate.yes
    # Next year's leader first, then its deputies in their order.
    for unit_id, (unit, _role) in sorted(
        roles.items(), key=lambda item: item[1][1] != role_title(kind, MemberRole.LEADER)
    ):
        lines.setdefault(unit_id, [unit, None, [], None])
    return [
        *(
            (unit, rank, titles, votes, roles.get(pk, (unit, ""))[1], "")
            for pk, (unit, rank, titles, votes) in lines.items()
        ),
        *(
            (
                unit,
                None,
                titles,
                votes,
                "",
                (person.national_id if shows_personal_ids(viewer, person) else "") or person.full_name,
            )
            for unit, person, titles, votes in people.values()
        ),
    ]


class _AwardFinder:
    """A title or form of the catalogue by its code or name (Vietnamese, English or short), accents and
    case optional; the start of a name is enough when it names one award only."""

    def __init__(self) -> None:
        self.awards = list(AwardType.objects.order_by("position", "code"))
        self.keys: dict[str, AwardType] = {}
        for award in self.awards:
            for text in (award.code, award.name, award.name_en, award.short_name):
                self.keys.setdefault(search_key(text), award)

    def find(self, text: str, individual: bool | None = False) -> AwardType:
        """`individual`: True for a person's title, False for a unit's, None for either (a number)."""
        key = search_key(clean_text(text))
        award = self.keys.get(key)
        if award is None:
            starting = [
                a
                for a in self.awards
                if any(search_key(n).startswith(key) for n in (a.name, a.short_name, a.name_en))
            ]
            if len(starting) > 1:
                raise RowProblem(
                    _(
                        "“%(value)s” names several titles or forms: %(awards)s. Write the code of the one voted."
                    )
                    % {"value": text, "awards": "; ".join(f"{a.code} ({a.name})" for a in starting)}
                )
            if not starting:
                raise RowProblem(
                    _(
                        "“%(value)s” is not a title or form of the catalogue; write its code or its name as on the catalogue page, or “Dẫn đầu”."
                    )
                    % {"value": text}
                )
            award = starting[0]
        if individual is False and award.recipient == RecipientKind.INDIVIDUAL:
            raise RowProblem(_("%(award)s is awarded to individuals, not to a unit.") % {"award": award.name})
        if individual is True and award.recipient == RecipientKind.COLLECTIVE:
            raise RowProblem(
                _("%(award)s is awarded to collectives, not to a person.") % {"award": award.name}
            )
        return award
