"""The conferences list (issue 12 item 9): the meetings of past block years, one row each, with what the
papers say of their date, place, chair and secretary. Unknown is a value (issue 12 item 2): an empty
cell stays empty and the pages say "chưa rõ"; nothing is invented. A date without a time is kept at
00:00, as the conference page keeps it.

Rows are written with `conferences.services.create_conference` and `update_conference` (audited),
without a roll: who sat at a past meeting is not in the file. A row is matched to a conference of
thidua by its block year, kind and date, or, when the year has one conference of that kind and the
file one row for it, to that one (so a corrected date updates it instead of adding a second): a
re-imported file changes nothing.

The layer contract puts transfer below conferences; this module's import of it is declared in
pyproject.toml, as the import page lists every sheet.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.blocks.models import Block, BlockYear
from thidua.conferences import services as conference_services
from thidua.conferences.models import Conference, ConferenceKind, ConferenceStatus, RecordedMinutes
from thidua.orgs.models import Unit
from thidua.transfer.sheets.base import (
    Column,
    ImportResult,
    RowError,
    RowProblem,
    Sheet,
    clean_text,
    parse_date,
    parse_year,
)

KIND_ALIASES = (
    ("Tổng kết", ConferenceKind.SUMMARY),
    ("Hội nghị tổng kết", ConferenceKind.SUMMARY),
    ("Trù bị", ConferenceKind.PREPARATORY),
    ("Họp trù bị", ConferenceKind.PREPARATORY),
    ("Ký kết giao ước", ConferenceKind.COVENANT),
    ("Giao ước", ConferenceKind.COVENANT),
    ("Phiên họp hội đồng", ConferenceKind.COUNCIL),
)
FIELDS = ("title", "starts_at", "place", "chair", "secretary", "host")


def parse_moment(value: Any) -> datetime.datetime:
    """A date cell or text dd/mm/yyyy, with an optional time hh:mm; local time, 00:00 without one."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = clean_text(value)
        day, _space, time = text.partition(" ")
        date = parse_date(day if time else value)
        hour = minute = 0
        if time:
            try:
                parsed = datetime.datetime.strptime(time.replace("h", ":"), "%H:%M")
            except ValueError as exc:
                raise RowProblem(
                    _(
                        "“%(value)s” is not a date and time; write dd/mm/yyyy or dd/mm/yyyy hh:mm, e.g. 20/12/2019 08:00."
                    )
                    % {"value": text}
                ) from exc
            hour, minute = parsed.hour, parsed.minute
        moment = datetime.datetime(date.year, date.month, date.day, hour, minute)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def moment_text(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return (
        local.strftime("%d/%m/%Y")
        if (local.hour, local.minute) == (0, 0)
        else local.strftime("%d/%m/%Y %H:%M")
    )


@dataclass
class ConferenceRow:
    number: int
    block_year: BlockYear
    kind: str
    values: dict[str, Any]  # title, starts_at, place, chair, secretary, host (a unit or None)


class ConferenceSheet(Sheet):
    kind = "conferences"
    title = gettext_lazy("Conferences")
    columns = [
        Column("block", gettext_lazy("Block code"), True, 14, as_text=True),
        Column("year", gettext_lazy("Year"), True, 8, parse=parse_year),
        Column(
            "kind", gettext_lazy("Kind of meeting"), True, 30, choices=ConferenceKind, aliases=KIND_ALIASES
        ),
        Column("title", gettext_lazy("Title"), False, 40, max_length=255),
        Column("starts_at", gettext_lazy("Date (and time)"), False, 18, parse=parse_moment, empty=None),
        Column("place", gettext_lazy("Place of the conference"), False, 30, max_length=255),
        Column("chair", gettext_lazy("Chair"), False, 30, max_length=255),
        Column("secretary", gettext_lazy("Secretary"), False, 30, max_length=255),
        Column("host", gettext_lazy("Host unit code"), False, 14, as_text=True),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _(
                "One row per meeting of a block year held before thidua (the block year must already be in thidua)."
            ),
            _(
                "Leave a cell empty when the papers do not say: thidua shows “chưa rõ”. An empty title is made from the kind and the year."
            ),
            _("Date: dd/mm/yyyy, with the time when known (dd/mm/yyyy hh:mm)."),
            _(
                "A row updates the conference of the same block year, kind and date; or the year's only conference of that kind."
            ),
            _(
                "Host unit code: the member that hosted the meeting (đơn vị đăng cai) when it is not the leader; empty otherwise."
            ),
            _(
                "A summary conference of a year whose results are already recorded from the minutes is marked as held."
            ),
        ]

    def example(self) -> list[list[Any]]:
        return [
            [
                "KHOI-NC",
                2019,
                str(ConferenceKind.SUMMARY.label),
                "",
                "20/12/2019 08:00",
                "Hội trường Công an tỉnh",
                "Đại tá Nguyễn Văn A, Giám đốc Công an tỉnh",
                "",
                "CA-T",
            ],
            ["KHOI-NC", 2018, str(ConferenceKind.SUMMARY.label), "", "", "", "", "", ""],
        ]

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        conferences = (
            Conference.objects.filter(block_year__in=queryset)
            .select_related("block_year__block", "host")
            .order_by("block_year__block__code", "block_year__year", "starts_at", "id")
        )
        for conference in conferences:
            yield [
                conference.block_year.block.code,
                conference.block_year.year,
                conference.get_kind_display(),
                conference.title,
                moment_text(conference.starts_at),
                conference.place,
                conference.chair,
                conference.secretary,
                conference.host.code if conference.host is not None else "",
            ]

    def validate(
        self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor
    ) -> tuple[list[ConferenceRow], list[RowError]]:
        errors: list[RowError] = []
        parsed = [(number, self.cells(number, row, errors)) for number, row in rows]
        blocks = {b.code: b for b in Block.objects.filter(code__in=[v.get("block") for _n, v in parsed])}
        years = {(by.block_id, by.year): by for by in BlockYear.objects.filter(block__in=blocks.values())}
        cleaned: list[ConferenceRow] = []
        seen: dict[tuple[int, str, Any], int] = {}
        hosts = {
            u.code: u
            for u in Unit.objects.filter(code__in=[v.get("host") for _n, v in parsed if v.get("host")])
        }
        for number, values in parsed:
            if values.get("host"):
                host = hosts.get(values["host"])
                if host is None:
                    errors.append(
                        RowError(
                            number,
                            self.header("host"),
                            _("No unit has the code %(code)s.") % {"code": values["host"]},
                        )
                    )
                    values.pop("host")
                else:
                    values["host"] = host
            elif "host" in values:
                values["host"] = None
            block = blocks.get(values.get("block", ""))
            if values.get("block") and block is None:
                errors.append(
                    RowError(
                        number,
                        self.header("block"),
                        _("No block has the code %(code)s.") % {"code": values["block"]},
                    )
                )
            if block is None or "year" not in values:
                continue
            block_year = years.get((block.pk, values["year"]))
            if block_year is None:
                errors.append(
                    RowError(
                        number,
                        self.header("year"),
                        _(
                            "Block %(block)s has no year %(year)s in thidua: import its members first (the block years sheet)."
                        )
                        % {"block": block.code, "year": values["year"]},
                    )
                )
                continue
            if any(key not in values for key in ("kind", *FIELDS)):
                continue
            key = (block_year.pk, values["kind"], values["starts_at"])
            if key in seen:
                errors.append(
                    RowError(
                        number,
                        self.header("starts_at"),
                        _("Row %(row)s already gives this block year's meeting of this kind on this date.")
                        % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = number
            cleaned.append(ConferenceRow(number, block_year, values["kind"], {k: values[k] for k in FIELDS}))
        return cleaned, errors

    def apply(self, cleaned: list[ConferenceRow], *, actor: Actor, result: ImportResult) -> None:
        in_file = Counter((row.block_year.pk, row.kind) for row in cleaned)
        for row in cleaned:
            conference = self._match(row, alone=in_file[(row.block_year.pk, row.kind)] == 1)
            values = dict(row.values)
            if not values["title"]:
                values["title"] = (
                    conference.title
                    if conference is not None
                    else conference_services.default_title(row.kind, row.block_year.year)
                )
            try:
                if conference is None:
                    conference_services.create_conference(
                        actor=actor, block_year=row.block_year, seed_roll=False, kind=row.kind, **values
                    )
                    result.created += 1
                    minutes = RecordedMinutes.objects.filter(block_year=row.block_year).first()
                    if minutes is not None:  # the year's results are in: the meeting was held
                        conference_services.close_unrun_conferences(
                            actor=actor, block_year=row.block_year, held_on=minutes.held_on
                        )
                elif all(getattr(conference, name) == value for name, value in values.items()):
                    result.unchanged += 1
                elif conference.status == ConferenceStatus.CLOSED:
                    result.errors.append(
                        RowError(
                            row.number,
                            "",
                            _("This conference is closed in thidua (%(title)s); its details cannot change.")
                            % {"title": conference.title},
                        )
                    )
                else:
                    conference_services.update_conference(actor=actor, conference=conference, **values)
                    result.updated += 1
            except ValidationError as error:
                result.errors += self.service_errors(error, row.number)

    def _match(self, row: ConferenceRow, *, alone: bool) -> Conference | None:
        """The conference the row stands for: same year, kind and date; else the year's only one of the
        kind when the file has one row for it."""
        same_kind = list(Conference.objects.filter(block_year=row.block_year, kind=row.kind).order_by("id"))
        dated = [c for c in same_kind if c.starts_at == row.values["starts_at"]]
        if dated:
            return dated[0]
        if alone and len(same_kind) == 1:
            return same_kind[0]
        return None
