"""The block memberships list: one row per member unit of a block in a year.

The rows of one block and year are one group, saved with `set_block_year`, which holds the rules
(R-BLK-01 one leader, and a deputy where the block requires one (D13); R-BLK-02 rotation). The rules that one group can
break on its own are checked before anything is written so that they are reported with every
other problem; the rotation rule needs the earlier years, so groups are written oldest first and a
refusal is reported on the row it concerns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.blocks import services as block_services
from thidua.blocks.models import Block, BlockKind, BlockYear, MemberRole, role_title
from thidua.orgs.models import Unit, UnitKind
from thidua.transfer.sheets.base import Column, ImportResult, RowError, Sheet, parse_year

ROLE_ALIASES = (
    ("Khối trưởng", MemberRole.LEADER),
    ("Cụm trưởng", MemberRole.LEADER),
    ("Trưởng khối", MemberRole.LEADER),
    ("Khối phó", MemberRole.DEPUTY),
    ("Cụm phó", MemberRole.DEPUTY),
    ("Phó khối", MemberRole.DEPUTY),
    ("Thành viên", MemberRole.MEMBER),
)


@dataclass
class Group:
    """The rows of one block and year."""

    block: Block
    year: int
    rows: list[tuple[int, Unit, str]]  # (Excel row, unit, role)

    @property
    def first_row(self) -> int:
        return self.rows[0][0]

    def row_of(self, role: str) -> int:
        return next((n for n, _u, r in self.rows if r == role), self.first_row)

    def units(self, role: str | None = None) -> list[Unit]:
        return [u for _n, u, r in self.rows if role is None or r == role]


class MembershipSheet(Sheet):
    kind = "memberships"
    title = gettext_lazy("Block memberships")
    columns = [
        Column("block", gettext_lazy("Block code"), True, 16, as_text=True),
        Column("year", gettext_lazy("Year"), True, 8, parse=parse_year),
        Column("unit", gettext_lazy("Unit code"), True, 16, as_text=True),
        Column("role", gettext_lazy("Role"), True, 22, choices=MemberRole, aliases=ROLE_ALIASES),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _(
                "One row per member unit. Each block and year needs exactly one leader (Khối trưởng); a deputy (Khối phó) only where the block requires one."
            ),
            _("Deputies are numbered in the order of their rows (Khối phó 1, Khối phó 2)."),
            _(
                "A block year in the file replaces that year's members in thidua; other years are left as they are."
            ),
            _("Roles: Khối trưởng, Khối phó, Thành viên (for a cluster: Cụm trưởng, Cụm phó)."),
        ]

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        for block_year in queryset.with_members().order_by("block__code", "year"):
            for membership in block_year.memberships.all():
                yield [
                    block_year.block.code,
                    block_year.year,
                    membership.unit.code,
                    role_title(block_year.block.kind, membership.role),  # Cụm trưởng for a cluster
                ]

    def validate(
        self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor
    ) -> tuple[list[Group], list[RowError]]:
        errors: list[RowError] = []
        parsed = [(number, self.cells(number, row, errors)) for number, row in rows]
        blocks = {b.code: b for b in Block.objects.filter(code__in=[v.get("block") for _n, v in parsed])}
        units = {u.code: u for u in Unit.objects.filter(code__in=[v.get("unit") for _n, v in parsed])}
        groups: dict[tuple[str, int], Group] = {}
        seen: dict[tuple[str, int, str], int] = {}
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
            elif unit is not None and unit.kind == UnitKind.SUB_UNIT:
                errors.append(
                    RowError(
                        number,
                        self.header("unit"),
                        _("Sub-units cannot be block members: %(units)s.")
                        % {"units": f"{unit} ({unit.code})"},
                    )
                )
            if block is None or unit is None or "year" not in values or "role" not in values:
                continue
            key = (block.code, values["year"], unit.code)
            if key in seen:
                errors.append(
                    RowError(
                        number,
                        self.header("unit"),
                        _("This unit is already on row %(row)s for the same block and year.")
                        % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = number
            group = groups.setdefault((block.code, values["year"]), Group(block, values["year"], []))
            group.rows.append((number, unit, values["role"]))
        for group in groups.values():
            errors += self._check_group(group)
        # Oldest first, so that the rotation rule of a later year sees the leader of an earlier one.
        return sorted(groups.values(), key=lambda g: (g.block.code, g.year)), errors

    def _check_group(self, group: Group) -> list[RowError]:
        """R-BLK-01 for one group (the service checks it again when writing).

        A deputy is asked for only where the block's `deputy_required` says so (D13, [U]): five of
        ten real blocks elected a leader alone.
        """
        errors = []
        names = {"block": group.block.code, "year": group.year}
        cluster = group.block.kind == BlockKind.CLUSTER  # a cụm says Cụm trưởng, Cụm phó (issue 12 item 5)
        leaders = [n for n, _u, role in group.rows if role == MemberRole.LEADER]
        if len(leaders) != 1:
            errors.append(
                RowError(
                    leaders[1] if len(leaders) > 1 else group.first_row,
                    self.header("role"),
                    (
                        _(
                            "Cluster %(block)s in %(year)s needs exactly one leader (Cụm trưởng); the file gives %(n)s."
                        )
                        if cluster
                        else _(
                            "Block %(block)s in %(year)s needs exactly one leader (Khối trưởng); the file gives %(n)s."
                        )
                    )
                    % {**names, "n": len(leaders)},
                )
            )
        if group.block.deputy_required and not group.units(MemberRole.DEPUTY):
            errors.append(
                RowError(
                    group.first_row,
                    self.header("role"),
                    (
                        _("Cluster %(block)s in %(year)s needs at least one deputy (Cụm phó).")
                        if cluster
                        else _("Block %(block)s in %(year)s needs at least one deputy (Khối phó).")
                    )
                    % names,
                )
            )
        if len(group.rows) < 2:
            errors.append(
                RowError(
                    group.first_row,
                    self.header("unit"),
                    _("Block %(block)s in %(year)s: %(problem)s")
                    % {**names, "problem": _("A block year needs at least two members.")},
                )
            )
        return errors

    def apply(self, cleaned: list[Group], *, actor: Actor, result: ImportResult) -> None:
        existing = {
            (by.block_id, by.year): by
            for by in BlockYear.objects.filter(block__in=[g.block for g in cleaned]).with_members()
        }
        for group in cleaned:
            current = existing.get((group.block.pk, group.year))
            wanted = {(u.pk, role) for _n, u, role in group.rows}
            if current is not None and wanted == {(m.unit_id, m.role) for m in current.memberships.all()}:
                result.unchanged += 1
                continue
            try:
                block_services.set_block_year(
                    actor=actor,
                    block=group.block,
                    year=group.year,
                    members=group.units(),
                    leader=group.units(MemberRole.LEADER)[0],
                    deputies=group.units(MemberRole.DEPUTY),
                    # The file has no note column; keep the note written on the page.
                    note=current.note if current is not None else "",
                )
            except ValidationError as error:
                result.errors += self._refusal(group, error)
                continue
            if current is None:
                result.created += 1
            else:
                result.updated += 1

    def _refusal(self, group: Group, error: ValidationError) -> list[RowError]:
        """The service's reasons, each on the row it concerns: the leader's, a deputy's or the first."""
        rows = {
            "leader": group.row_of(MemberRole.LEADER),
            "deputies": group.row_of(MemberRole.DEPUTY),
        }
        messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        found = []
        for name, texts in messages.items():
            row = rows.get(name, group.first_row)
            column = self.header("role") if name in rows else ""
            for text in texts:
                problem = {"block": group.block.code, "year": group.year, "problem": text}
                found.append(RowError(row, column, _("Block %(block)s in %(year)s: %(problem)s") % problem))
        return found
