"""The award history list: one row per award, imported from XLSX or CSV and exported to both, with
the framework of `thidua.transfer.sheets` (headings checked, every bad row reported by its row and
column, nothing written unless every row is good, writes through the services so they are audited).

A row names a person by national ID number (matched exactly), or by full name (and date of birth
and unit code when given): several people matching is reported, never guessed. A row with a unit
code and no person is an award to that collective.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.awards import services
from thidua.awards.models import AwardRecord, AwardType, CommendationType
from thidua.lib.cells import csv_row, csv_unescape
from thidua.lib.vietnamese import search_key
from thidua.orgs import permissions as org_perms
from thidua.orgs.models import Person, Unit
from thidua.orgs.permissions import current_unit_id, shows_personal_ids
from thidua.transfer.sheets.base import (
    MAX_ROWS,
    Column,
    ImportResult,
    RowError,
    RowProblem,
    Sheet,
    check_headings,
    clean_text,
    date_text,
    is_empty,
    parse_date,
    parse_national_id,
    parse_year,
)

CSV_MAX_BYTES = 10 * 1024 * 1024


def parse_award(value: Any) -> AwardType:
    """A title or form by its code (CSTDCS) or its name, accents and case optional; the province's own
    entries too (a local name resolves to its legal title or form when the record is saved)."""
    key = search_key(clean_text(value))
    for award_type in _award_types():
        if key in (
            search_key(award_type.code),
            search_key(award_type.name),
            search_key(award_type.name_en),
            search_key(award_type.short_name),
        ):
            return award_type
    raise RowProblem(
        _("“%(value)s” is not a title or form; write its code, e.g. %(codes)s.")
        % {"value": clean_text(value), "codes": ", ".join(t.code for t in _award_types()[:6])}
    )


def _award_types() -> list[AwardType]:
    return list(AwardType.objects.select_related("legal_form").order_by("position"))


class AwardHistorySheet(Sheet):
    kind = "awards"
    title = gettext_lazy("Award history")
    columns = [
        Column(
            "national_id",
            gettext_lazy("National ID number"),
            False,
            16,
            parse=parse_national_id,
            as_text=True,
        ),
        Column("full_name", gettext_lazy("Full name"), False, 26, max_length=150),
        Column("birth_date", gettext_lazy("Date of birth"), False, 14, parse=parse_date, empty=None),
        Column("unit", gettext_lazy("Unit code"), False, 16, as_text=True),
        Column("award_type", gettext_lazy("Title or form"), True, 24, parse=parse_award),
        Column("year", gettext_lazy("Year"), True, 8, parse=parse_year),
        Column("commendation_type", gettext_lazy("Commendation type"), False, 18, choices=CommendationType),
        Column("decision_number", gettext_lazy("Decision number"), False, 18, max_length=60),
        Column("decision_date", gettext_lazy("Decision date"), False, 14, parse=parse_date, empty=None),
        Column("decision_authority", gettext_lazy("Decided by"), False, 26, max_length=200),
        Column("note", gettext_lazy("Note"), False, 24, max_length=300),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _(
                "One row per award. A person is found by national ID number, or else by full name (with date of birth and unit code when several people share the name)."
            ),
            _("An award to a collective: leave the person's columns empty and write the unit code."),
            _(
                "Title or form: its code (LDTT, CSTDCS, CSTD_TINH, TTLDXS, BK_TINH, ...) or its name. Commendation type: empty means emulation movement."
            ),
        ]

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        records = queryset.select_related("award_type", "awarded_as", "person", "unit").prefetch_related(
            "person__positions"
        )
        for record in records:
            person = record.person
            # A block leader officer reads its members' people, but not their ID numbers and birth dates.
            shown = person is not None and shows_personal_ids(viewer, person)
            yield [
                (person.national_id or "") if shown else "",
                person.full_name if person else "",
                date_text(person.birth_date) if shown else "",
                record.unit.code if record.unit else "",
                record.shown_award.code,
                record.year,
                record.get_commendation_type_display(),
                record.decision_number,
                date_text(record.decision_date),
                record.decision_authority,
                record.note,
            ]

    def export_csv(self, queryset: Any, *, viewer: Actor) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(csv_row(str(c.header) for c in self.columns))
        writer.writerows(csv_row(row) for row in self.export_rows(queryset, viewer=viewer))
        # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    # -- reading

    def parse_and_validate(self, upload: Any, *, actor: Actor) -> tuple[Any, list[RowError]]:
        if getattr(upload, "name", "").lower().endswith(".csv"):
            rows, errors = read_csv_rows(upload, self.columns)
            if errors:
                return None, errors
            if not rows:
                return None, [RowError(2, "", _("The file has no data rows."))]
            cleaned, errors = self.validate(rows, actor=actor)
            return cleaned, sorted(errors, key=lambda e: e.row)
        return super().parse_and_validate(upload, actor=actor)

    def validate(self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor) -> tuple[Any, list[RowError]]:
        errors: list[RowError] = []
        parsed = [(number, self.cells(number, row, errors)) for number, row in rows]
        ids = [v["national_id"] for _n, v in parsed if v.get("national_id")]
        by_id = {p.national_id: p for p in Person.objects.filter(national_id__in=ids) if p.national_id}
        units = {
            u.code: u
            for u in Unit.objects.filter(code__in=[v.get("unit") for _n, v in parsed if v.get("unit")])
        }
        keys = [
            search_key(v["full_name"]) for _n, v in parsed if v.get("full_name") and not v.get("national_id")
        ]
        by_name: dict[str, list[Person]] = {}
        for person in Person.objects.filter(name_search__in=keys).prefetch_related("positions__unit"):
            by_name.setdefault(person.name_search, []).append(person)
        seen: dict[tuple[Any, ...], int] = {}
        cleaned = []
        for number, values in parsed:
            if "award_type" not in values or "year" not in values:
                continue
            owner = self._owner(number, values, by_id, by_name, units, actor, errors)
            if owner is None:
                continue
            award_type: AwardType = values["award_type"]
            # A local name counts as its legal title or form (issue 12 item 7): duplicates are the legal one's.
            legal = award_type.legal_form or award_type
            if isinstance(owner, Unit) and not award_type.for_collectives:
                errors.append(
                    RowError(
                        number,
                        self.header("award_type"),
                        _("%(award)s is awarded to individuals, not to a unit.") % {"award": award_type},
                    )
                )
                continue
            if isinstance(owner, Person) and not award_type.for_individuals:
                errors.append(
                    RowError(
                        number,
                        self.header("award_type"),
                        _("%(award)s is awarded to collectives, not to a person.") % {"award": award_type},
                    )
                )
                continue
            ctype = values.get("commendation_type") or CommendationType.MOVEMENT
            key = (legal.pk, type(owner).__name__, owner.pk, values["year"], ctype)
            if key in seen:
                errors.append(
                    RowError(number, "", _("The same award is already on row %(row)s.") % {"row": seen[key]})
                )
                continue
            seen[key] = number
            owner_field = "person" if isinstance(owner, Person) else "unit"
            if AwardRecord.objects.filter(
                award_type=legal, year=values["year"], commendation_type=ctype, **{owner_field: owner}
            ).exists():
                errors.append(
                    RowError(
                        number,
                        self.header("award_type"),
                        _("%(owner)s already has %(award)s for %(year)s in thidua; remove this row.")
                        % {"owner": owner, "award": award_type.short_name, "year": values["year"]},
                    )
                )
                continue
            values["commendation_type"] = ctype
            cleaned.append((number, owner_field, owner, values))
        return cleaned, errors

    def _owner(
        self,
        number: int,
        values: dict[str, Any],
        by_id: dict[str, Person],
        by_name: dict[str, list[Person]],
        units: dict[str, Unit],
        actor: Actor,
        errors: list[RowError],
    ) -> Person | Unit | None:
        national_id, name, code = values.get("national_id"), values.get("full_name"), values.get("unit")
        unit = units.get(code) if code else None
        if code and unit is None:
            errors.append(
                RowError(number, self.header("unit"), _("No unit has the code %(code)s.") % {"code": code})
            )
            return None
        if national_id:
            person = by_id.get(national_id)
            if person is None:
                errors.append(
                    RowError(
                        number,
                        self.header("national_id"),
                        _(
                            "No person has this national ID number; add the person first (Import / export, People)."
                        ),
                    )
                )
                return None
            if name and search_key(name) != person.name_search:
                errors.append(
                    RowError(
                        number,
                        self.header("full_name"),
                        (
                            _("This national ID number belongs to %(name)s, not to “%(written)s”.")
                            % {"name": person, "written": name}
                            if org_perms.can_read_person(actor, person)
                            # The holder of a typed number is named only to whoever may read them.
                            else _("This national ID number belongs to another person, not to “%(written)s”.")
                            % {"written": name}
                        ),
                    )
                )
                return None
            return self._check_person(number, person, actor, errors)
        if name:
            matches = by_name.get(search_key(name), [])
            if values.get("birth_date"):
                matches = [p for p in matches if p.birth_date == values["birth_date"]]
            if unit is not None:
                matches = [p for p in matches if any(pos.unit_id == unit.pk for pos in p.positions.all())]
            if not matches:
                errors.append(
                    RowError(
                        number,
                        self.header("full_name"),
                        _(
                            "No person named “%(name)s” matches; check the name, date of birth and unit, or add the national ID number."
                        )
                        % {"name": name},
                    )
                )
                return None
            if len(matches) > 1:
                # The birth dates tell the matches apart, but only where the pages would show them.
                described = "; ".join(
                    f"{p} ({(date_text(p.birth_date) if shows_personal_ids(actor, p) else '') or '—'})"
                    for p in matches[:5]
                )
                errors.append(
                    RowError(
                        number,
                        self.header("full_name"),
                        _("Several people match: %(people)s. Add the national ID number to say which.")
                        % {"people": described},
                    )
                )
                return None
            return self._check_person(number, matches[0], actor, errors)
        if unit is None:
            errors.append(
                RowError(number, "", _("Give a person (national ID number or full name) or a unit code."))
            )
            return None
        if not org_perms.can_write_unit(actor, unit.pk):
            errors.append(
                RowError(
                    number,
                    self.header("unit"),
                    _(
                        "You may record awards only for your own sub-units; ask the emulation board to import this row."
                    ),
                )
            )
            return None
        return unit

    def _check_person(
        self, number: int, person: Person, actor: Actor, errors: list[RowError]
    ) -> Person | None:
        if not org_perms.can_write_people_of(actor, current_unit_id(person)):
            named = org_perms.can_read_person(actor, person)
            errors.append(
                RowError(
                    number,
                    "",
                    _(
                        "You may record awards only for the people of your own unit: %(name)s is not one of them."
                    )
                    % {"name": person}
                    if named
                    # Whoever holds a typed number is named only to those who may read them.
                    else _(
                        "You may record awards only for the people of your own unit: the person of this row is "
                        "not one of them."
                    ),
                )
            )
            return None
        return person

    def apply(self, cleaned: Any, *, actor: Actor, result: ImportResult) -> None:
        fields = [
            "award_type",
            "year",
            "commendation_type",
            "decision_number",
            "decision_date",
            "decision_authority",
            "note",
        ]
        for number, owner_field, owner, values in cleaned:
            try:
                services.add_history_record(
                    actor=actor,
                    model=AwardRecord,
                    **{owner_field: owner},
                    **{name: values[name] for name in fields},
                )
            except ValidationError as error:
                result.errors += self.service_errors(error, number)
            else:
                result.created += 1


def read_csv_rows(
    upload: Any, columns: list[Column]
) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """The data rows of a CSV file (UTF-8, comma or semicolon) as (line number, {column key: cell})."""
    raw = upload.read(CSV_MAX_BYTES + 1)
    if len(raw) > CSV_MAX_BYTES:
        return [], [RowError(0, "", _("The file is larger than 10 MB."))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [
            RowError(0, "", _("The CSV file is not UTF-8 text; save it as “CSV UTF-8” and try again."))
        ]
    # Excel writes ";" where the comma is the decimal separator (as in Vietnamese settings); the
    # headings themselves contain commas, so count the separators of the first line.
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", "\t", ","), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    errors = check_headings(list(header), columns)
    if errors:
        return [], errors
    data: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(reader, start=2):
        if all(is_empty(c) for c in cells):
            continue
        if len(data) >= MAX_ROWS:
            return [], [
                RowError(number, "", _("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})
            ]
        cells = list(cells)[: len(columns)] + [""] * max(0, len(columns) - len(cells))
        cells = [csv_unescape(cell) for cell in cells]
        data.append((number, {c.key: (cells[i] if cells[i] != "" else None) for i, c in enumerate(columns)}))
    return data, []


def export_queryset(user: Actor) -> Any:
    """The award records the user may export: what it may read."""
    return AwardRecord.objects.visible_to(user).order_by("year", "id")


SHEET = AwardHistorySheet()
