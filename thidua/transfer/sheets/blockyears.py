"""The block years list: one row per block and year, with its leader, ordered deputies and members
(issue 12 item 9: a block's history brought in with one upload).

A row is saved with `blocks.services.set_block_year`, which holds the rules: R-BLK-01 (one leader, a
member; a deputy only where the block requires one, D13; the deputies keep the order of the cell,
Phó khối 1, 2, ...) and R-BLK-02 (rotation). Issue 12 item 2: a past year's leader may be unknown
(empty cell; the pages say "chưa rõ"); a current or future year needs one. The rules one row can
break on its own are checked before anything is written so that they are reported with every other
problem; the rotation rule needs the earlier years, so rows are written oldest first and a refusal
is reported on its row. A row equal to what thidua holds writes nothing (re-importing a file
changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.blocks import services as block_services
from thidua.blocks.models import Block, BlockKind, BlockYear
from thidua.orgs.models import Unit, UnitKind
from thidua.transfer.sheets.base import (
    Column,
    ImportResult,
    RowError,
    Sheet,
    parse_codes,
    parse_year,
)


@dataclass
class YearRow:
    number: int  # the Excel row
    block: Block
    year: int
    leader: Unit | None
    deputies: list[Unit]
    others: list[Unit]
    note: str | None  # None: the cell is empty, the note written on the page is kept

    @property
    def members(self) -> list[Unit]:
        found = [self.leader] if self.leader is not None else []
        return list({u.pk: u for u in [*found, *self.deputies, *self.others]}.values())


class BlockYearSheet(Sheet):
    kind = "blockyears"
    title = gettext_lazy("Block years")
    columns = [
        Column("block", gettext_lazy("Block code"), True, 16, as_text=True),
        Column("year", gettext_lazy("Year"), True, 8, parse=parse_year),
        Column("leader", gettext_lazy("Leader unit code"), False, 18, as_text=True),
        Column(
            "deputies", gettext_lazy("Deputy unit codes, in order"), False, 24, parse=parse_codes, empty=[]
        ),
        Column("others", gettext_lazy("Other member unit codes"), False, 40, parse=parse_codes, empty=[]),
        Column("note", gettext_lazy("Note"), False, 30, empty=None),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _(
                "One row per block (or cluster) and year. The members are the leader, the deputies and the other members."
            ),
            _(
                "Several unit codes go in one cell, separated by semicolons: SO-TC; SO-NV. Deputies keep the order written (Khối phó 1, Khối phó 2)."
            ),
            _(
                "Leave the leader empty when the records do not say (a past year only): thidua shows “chưa rõ”. A deputy is needed only where the block requires one."
            ),
            _(
                "A block year in the file replaces that year's members in thidua; other years are left as they are. An empty note keeps the note written on the page."
            ),
        ]

    def example(self) -> list[list[Any]]:
        return [
            ["KHOI-NC", 2019, "CA-T", "VKS-T; TAND-T", "STP; THA-T", ""],
            ["KHOI-NC", 2018, "", "", "CA-T; VKS-T; TAND-T; STP", _("Leader not in the records")],
        ]

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        for block_year in queryset.with_members().order_by("block__code", "year"):
            leader = block_year.leader
            deputies = block_year.deputies
            roles = {u.pk for u in deputies} | ({leader.pk} if leader else set())
            others = [m.unit for m in block_year.memberships.all() if m.unit_id not in roles]
            yield [
                block_year.block.code,
                block_year.year,
                leader.code if leader else "",
                "; ".join(u.code for u in deputies),
                "; ".join(u.code for u in others),
                block_year.note,
            ]

    def validate(
        self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor
    ) -> tuple[list[YearRow], list[RowError]]:
        errors: list[RowError] = []
        parsed = [(number, self.cells(number, row, errors)) for number, row in rows]
        blocks = {b.code: b for b in Block.objects.filter(code__in=[v.get("block") for _n, v in parsed])}
        codes = {
            code
            for _n, values in parsed
            for code in [values.get("leader", ""), *values.get("deputies", []), *values.get("others", [])]
            if code
        }
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        cleaned: list[YearRow] = []
        seen: dict[tuple[str, int], int] = {}
        for number, values in parsed:
            block = blocks.get(values.get("block", ""))
            if values.get("block") and block is None:
                errors.append(
                    RowError(
                        number,
                        self.header("block"),
                        _("No block has the code %(code)s.") % {"code": values["block"]},
                    )
                )
            found: dict[str, list[Unit]] = {}
            for name in ("leader", "deputies", "others"):
                if name not in values:
                    continue
                wanted = [values[name]] if name == "leader" else values[name]
                found[name] = self._units(number, name, [c for c in wanted if c], units, errors)
            if block is None or "year" not in values or len(found) < 3:
                continue
            key = (block.code, values["year"])
            if key in seen:
                errors.append(
                    RowError(
                        number,
                        self.header("year"),
                        _("This block and year are already on row %(row)s.") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = number
            row = YearRow(
                number=number,
                block=block,
                year=values["year"],
                leader=found["leader"][0] if found["leader"] else None,
                deputies=found["deputies"],
                others=found["others"],
                note=values.get("note"),
            )
            errors += self._check(row)
            cleaned.append(row)
        # Oldest first, so that the rotation rule of a later year sees the leader of an earlier one.
        return sorted(cleaned, key=lambda r: (r.block.code, r.year)), errors

    def _units(
        self, number: int, key: str, codes: list[str], units: dict[str, Unit], errors: list[RowError]
    ) -> list[Unit]:
        """The units of one cell; an unknown code, a sub-unit or a code written twice is an error."""
        found: list[Unit] = []
        for code in codes:
            unit = units.get(code)
            if unit is None:
                message = _("No unit has the code %(code)s.") % {"code": code}
            elif unit.kind == UnitKind.SUB_UNIT:
                message = _("Sub-units cannot be block members: %(units)s.") % {"units": f"{unit} ({code})"}
            elif unit in found:
                message = _("The unit %(code)s is written twice in this cell.") % {"code": code}
            else:
                found.append(unit)
                continue
            errors.append(RowError(number, self.header(key), message))
        return found

    def _check(self, row: YearRow) -> list[RowError]:
        """R-BLK-01 and issue 12 item 2 for one row (the service checks them again when writing)."""
        errors = []
        cluster = row.block.kind == BlockKind.CLUSTER
        if row.leader is None and row.year >= timezone.localdate().year:
            errors.append(
                RowError(
                    row.number,
                    self.header("leader"),
                    _("Only a past year's leader may be unknown: write the code of this year's leader."),
                )
            )
        if row.leader is not None and row.leader in row.deputies:
            errors.append(
                RowError(
                    row.number,
                    self.header("deputies"),
                    _("The cluster leader cannot also be a cluster deputy.")
                    if cluster
                    else _("The leader cannot also be a deputy."),
                )
            )
        if row.block.deputy_required and not row.deputies:
            errors.append(
                RowError(
                    row.number,
                    self.header("deputies"),
                    (
                        _("Cluster %(block)s in %(year)s needs at least one deputy (Cụm phó).")
                        if cluster
                        else _("Block %(block)s in %(year)s needs at least one deputy (Khối phó).")
                    )
                    % {"block": row.block.code, "year": row.year},
                )
            )
        if len(row.members) < 2:
            errors.append(
                RowError(
                    row.number,
                    self.header("others"),
                    _("A block year needs at least two members; write the other members' codes here."),
                )
            )
        return errors

    def apply(self, cleaned: list[YearRow], *, actor: Actor, result: ImportResult) -> None:
        existing = {
            (by.block_id, by.year): by
            for by in BlockYear.objects.filter(block__in=[r.block for r in cleaned]).with_members()
        }
        for row in cleaned:
            current = existing.get((row.block.pk, row.year))
            note = row.note if row.note is not None else (current.note if current is not None else "")
            if current is not None and _same(current, row, note):
                result.unchanged += 1
                continue
            try:
                block_services.set_block_year(
                    actor=actor,
                    block=row.block,
                    year=row.year,
                    members=row.members,
                    leader=row.leader,
                    deputies=row.deputies,
                    note=note,
                )
            except ValidationError as error:
                result.errors += self.service_errors(
                    error, row.number, {"leader": "leader", "deputies": "deputies", "members": "others"}
                )
                continue
            if current is None:
                result.created += 1
            else:
                result.updated += 1


def _same(current: BlockYear, row: YearRow, note: str) -> bool:
    """Whether thidua already holds the row: the same members, leader, deputies in order and note."""
    leader = current.leader
    return (
        current.note == note
        and (leader.pk if leader else None) == (row.leader.pk if row.leader else None)
        and [u.pk for u in current.deputies] == [u.pk for u in row.deputies]
        and {m.unit_id for m in current.memberships.all()} == {u.pk for u in row.members}
    )
