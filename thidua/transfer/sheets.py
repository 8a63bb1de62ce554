"""XLSX templates, exports and all-or-nothing imports of units, people and block memberships.

Each sheet declares its columns once; the same columns make the downloadable template, the export
(which can be imported back) and the import's validation. An import first validates every row and
reports each problem with its Excel row number and column; only a file without any problem is
written, in one transaction, through the same services as the pages (so every change is audited).
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.blocks import services as block_services
from thidua.blocks.models import Block, BlockYear, MemberRole
from thidua.lib.vietnamese import search_key
from thidua.orgs import services as org_services
from thidua.orgs.models import Gender, Person, Unit, UnitKind, UnitLevel

MAX_ROWS = 20000


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowProblem(Exception):
    """A problem with one cell, raised by the cell parsers."""


@dataclass
class Column:
    key: str
    header: Any  # lazy translation: the template speaks the user's language
    required: bool = False
    width: int = 18


# -- cell parsers -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_date(value: Any) -> datetime.date | None:
    """An Excel date cell, or text written dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowProblem(
        _("“%(value)s” is not a date; write it as dd/mm/yyyy, e.g. 03/04/2026.") % {"value": text}
    )


def _choice(value: Any, choices: Iterable[tuple[str, Any]], extra: dict[str, str] | None = None) -> str:
    """A choice given by its code or its label in Vietnamese or English, accents optional."""
    text = search_key(_text(value))
    options: dict[str, str] = {}
    for code, label in choices:
        options[search_key(code)] = code
        options[search_key(str(label))] = code
    for alias, code in (extra or {}).items():
        options[search_key(alias)] = code
    if text in options:
        return options[text]
    allowed = ", ".join(str(label) for _code, label in choices)
    raise RowProblem(
        _("“%(value)s” is not allowed; use one of: %(allowed)s.")
        % {"value": _text(value), "allowed": allowed}
    )


def _all_choices(choices: Any) -> list[tuple[str, Any]]:
    """Choices with labels in both languages, so that either language's file imports."""
    from django.utils import translation

    pairs: list[tuple[str, Any]] = []
    for language in ("vi", "en"):
        with translation.override(language):
            pairs += [(code, str(label)) for code, label in choices]
    return pairs


def _yes(value: Any) -> bool:
    return search_key(_text(value)) in {"x", "co", "yes", "y", "1", "true", "dung"}


# -- reading and writing workbooks ----------------------------------------------------------------


def read_rows(upload: Any, columns: list[Column]) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """The data rows of the first sheet as (Excel row number, {column key: value}); empty rows skipped."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged or foreign file
        return [], [
            RowError(
                0,
                "",
                _("The file cannot be read as an Excel workbook (.xlsx). Save it as .xlsx and try again."),
            )
        ]
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    expected = [str(c.header) for c in columns]
    if header is None or len([h for h in header if h not in (None, "")]) < len(columns):
        return [], [
            RowError(
                1,
                "",
                _(
                    "Row 1 must hold the template's headings: %(headings)s. Download the template and copy your data into it."
                )
                % {"headings": ", ".join(expected)},
            )
        ]
    data: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(data) >= MAX_ROWS:
            return [], [
                RowError(number, "", _("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})
            ]
        padded = list(values) + [None] * len(columns)
        data.append((number, {c.key: padded[i] for i, c in enumerate(columns)}))
    workbook.close()
    return data, []


def write_workbook(title: str, columns: list[Column], rows: Iterable[list[Any]], notes: list[str]) -> bytes:
    """One sheet of data with bold headings (required ones marked), and a second sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([str(c.header) for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Guide")[:31])
    for line in notes:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _date_text(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# -- the three sheets -----------------------------------------------------------------------------


class Sheet:
    """A list that can be exported, offered as a template and imported."""

    kind: str
    title: Any
    columns: list[Column]

    def notes(self) -> list[str]:
        return [
            _("Fill one row per record from row 2; do not change row 1."),
            _("Highlighted headings are required. Dates are written dd/mm/yyyy."),
            _(
                "Nothing is imported unless every row is correct; each problem is reported with its row number."
            ),
        ]

    def export_rows(self, queryset: Any) -> Iterable[list[Any]]:
        raise NotImplementedError

    def template(self) -> bytes:
        return write_workbook(str(self.title), self.columns, [], self.notes())

    def export(self, queryset: Any) -> bytes:
        return write_workbook(str(self.title), self.columns, self.export_rows(queryset), self.notes())

    def validate(self, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[Any], list[RowError]]:
        raise NotImplementedError

    def apply(self, cleaned: list[Any], actor: Any, result: ImportResult) -> None:
        raise NotImplementedError

    def import_file(self, upload: Any, actor: Any) -> ImportResult:
        """Validate everything, then write everything in one transaction, or nothing."""
        rows, errors = read_rows(upload, self.columns)
        result = ImportResult(errors=errors)
        if errors:
            return result
        if not rows:
            result.errors.append(RowError(2, "", _("The file has no data rows.")))
            return result
        cleaned, result.errors = self.validate(rows)
        if result.errors:
            return result
        try:
            with transaction.atomic():
                self.apply(cleaned, actor, result)
                if result.errors:
                    raise _Rollback
        except _Rollback:
            result.created = result.updated = 0
        return result

    def _cells(
        self,
        number: int,
        row: dict[str, Any],
        errors: list[RowError],
        parsers: dict[str, Callable[[Any], Any]],
    ) -> dict[str, Any]:
        """Parse each cell; a missing required cell or a parser's RowProblem becomes a RowError."""
        values: dict[str, Any] = {}
        for column in self.columns:
            raw = row.get(column.key)
            if column.required and _text(raw) == "" and not isinstance(raw, datetime.date):
                errors.append(RowError(number, str(column.header), _("This cell is required.")))
                continue
            parser = parsers.get(column.key, _text)
            try:
                values[column.key] = (
                    parser(raw)
                    if _text(raw) != "" or isinstance(raw, datetime.date)
                    else parser_empty(parser)
                )
            except RowProblem as problem:
                errors.append(RowError(number, str(column.header), str(problem)))
        return values

    def header(self, key: str) -> str:
        return next(str(c.header) for c in self.columns if c.key == key)


class _Rollback(Exception):
    pass


def parser_empty(parser: Callable[[Any], Any]) -> Any:
    return None if parser is parse_date else ""


class UnitSheet(Sheet):
    kind = "units"
    title = gettext_lazy("Units")
    columns = [
        Column("code", gettext_lazy("Code"), True, 16),
        Column("name", gettext_lazy("Name"), True, 48),
        Column("short_name", gettext_lazy("Short name"), False, 16),
        Column("kind", gettext_lazy("Kind"), True, 26),
        Column("level", gettext_lazy("Level"), True, 14),
        Column("parent", gettext_lazy("Parent unit code"), False, 16),
        Column("place_name", gettext_lazy("Place name on documents"), False, 18),
        Column("active_from", gettext_lazy("Active from"), False, 14),
        Column("active_to", gettext_lazy("Active until"), False, 14),
    ]

    def notes(self) -> list[str]:
        kinds = "; ".join(f"{label}" for _code, label in UnitKind.choices)
        levels = "; ".join(f"{label}" for _code, label in UnitLevel.choices)
        return [
            *super().notes(),
            _("A code that already exists updates that unit; a new code creates a unit."),
            _("Kinds: %(kinds)s.") % {"kinds": kinds},
            _("Levels: %(levels)s.") % {"levels": levels},
            _("The parent unit code may be a unit already in thidua or one further up or down in this file."),
        ]

    def export_rows(self, queryset: Any) -> Iterable[list[Any]]:
        for unit in queryset.select_related("parent"):
            yield [
                unit.code,
                unit.name,
                unit.short_name,
                unit.get_kind_display(),
                unit.get_level_display(),
                unit.parent.code if unit.parent else "",
                unit.place_name,
                _date_text(unit.active_from),
                _date_text(unit.active_to),
            ]

    def validate(self, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[Any], list[RowError]]:
        errors: list[RowError] = []
        kinds, levels = _all_choices(UnitKind.choices), _all_choices(UnitLevel.choices)
        parsers = {
            "kind": lambda v: _choice(v, kinds),
            "level": lambda v: _choice(v, levels),
            "active_from": parse_date,
            "active_to": parse_date,
        }
        cleaned: list[tuple[int, dict[str, Any]]] = []
        seen: dict[str, int] = {}
        for number, row in rows:
            values = self._cells(number, row, errors, parsers)
            code = values.get("code", "")
            if code:
                if len(code) > 40:
                    errors.append(
                        RowError(number, self.header("code"), _("The code is longer than 40 characters."))
                    )
                if code in seen:
                    errors.append(
                        RowError(
                            number,
                            self.header("code"),
                            _("Code %(code)s is already on row %(row)s.") % {"code": code, "row": seen[code]},
                        )
                    )
                seen[code] = number
            start, end = values.get("active_from"), values.get("active_to")
            if start and end and end < start:
                errors.append(
                    RowError(
                        number, self.header("active_to"), _("The end date must not be before the start date.")
                    )
                )
            cleaned.append((number, values))
        existing = set(
            Unit.objects.filter(
                code__in=[v.get("parent") for _n, v in cleaned if v.get("parent")]
            ).values_list("code", flat=True)
        )
        for number, values in cleaned:
            parent = values.get("parent")
            if parent and parent not in seen and parent not in existing:
                errors.append(
                    RowError(
                        number,
                        self.header("parent"),
                        _("No unit has the code %(code)s; check it or add that unit to the file.")
                        % {"code": parent},
                    )
                )
            if parent and parent == values.get("code"):
                errors.append(RowError(number, self.header("parent"), _("A unit cannot be its own parent.")))
        return cleaned, errors

    def apply(self, cleaned: list[Any], actor: Any, result: ImportResult) -> None:
        by_code = {u.code: u for u in Unit.objects.filter(code__in=[v["code"] for _n, v in cleaned])}
        pending = list(cleaned)
        # Parents first: a row waits until its parent exists (in the database or created above).
        while pending:
            progressed = False
            for number, values in list(pending):
                parent_code = values.get("parent") or ""
                parent = by_code.get(parent_code) or (
                    Unit.objects.filter(code=parent_code).first() if parent_code else None
                )
                if parent_code and parent is None:
                    continue
                fields = {
                    k: values[k]
                    for k in (
                        "code",
                        "name",
                        "short_name",
                        "kind",
                        "level",
                        "place_name",
                        "active_from",
                        "active_to",
                    )
                }
                try:
                    existing = by_code.get(values["code"])
                    if existing is not None:
                        by_code[values["code"]] = org_services.update_unit(
                            actor=actor, unit=existing, parent=parent, **fields
                        )
                        result.updated += 1
                    else:
                        by_code[values["code"]] = org_services.create_unit(
                            actor=actor, parent=parent, **fields
                        )
                        result.created += 1
                except ValidationError as exc:
                    result.errors.append(RowError(number, "", " ".join(exc.messages)))
                pending.remove((number, values))
                progressed = True
            if not progressed:
                for number, _values in pending:
                    result.errors.append(
                        RowError(number, self.header("parent"), _("The parent units form a loop."))
                    )
                return


class PersonSheet(Sheet):
    kind = "people"
    title = gettext_lazy("People")
    columns = [
        Column("full_name", gettext_lazy("Full name"), True, 28),
        Column("gender", gettext_lazy("Gender"), True, 10),
        Column("birth_date", gettext_lazy("Date of birth"), False, 14),
        Column("national_id", gettext_lazy("National ID number"), False, 16),
        Column("civil_servant_code", gettext_lazy("Civil-servant code"), False, 16),
        Column("unit", gettext_lazy("Unit code"), True, 16),
        Column("position_title", gettext_lazy("Position"), True, 26),
        Column("position_start", gettext_lazy("In this position since"), True, 16),
        Column("confirmed", gettext_lazy("Checked: a different person (x)"), False, 16),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _("Each row adds a new person with their current position. Gender: Nam or Nữ."),
            _(
                "National ID numbers have 12 digits; write them as text so that Excel keeps the leading zeros."
            ),
            _(
                "A row that looks like a person already recorded (same name and date of birth, or same civil-servant code) is refused; put x in the last column after checking that it is a different person."
            ),
        ]

    def export_rows(self, queryset: Any) -> Iterable[list[Any]]:
        for person in queryset.prefetch_related("positions__unit"):
            current = next((p for p in person.positions.all() if p.end is None), None)
            yield [
                person.full_name,
                person.get_gender_display(),
                _date_text(person.birth_date),
                person.national_id or "",
                person.civil_servant_code,
                current.unit.code if current else "",
                current.title if current else "",
                _date_text(current.start) if current else "",
                "",
            ]

    def validate(self, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[Any], list[RowError]]:
        errors: list[RowError] = []
        genders = _all_choices(Gender.choices)
        parsers = {
            "gender": lambda v: _choice(v, genders, {"nu": "female", "f": "female", "m": "male"}),
            "birth_date": parse_date,
            "position_start": parse_date,
            "confirmed": _yes,
            "national_id": _national_id,
        }
        cleaned = []
        units = {u.code: u for u in Unit.objects.filter(code__in=[_text(r.get("unit")) for _n, r in rows])}
        ids_in_file: dict[str, int] = {}
        names_in_file: dict[tuple[str, Any], int] = {}
        for number, row in rows:
            values = self._cells(number, row, errors, parsers)
            code = values.get("unit")
            if code and code not in units:
                errors.append(
                    RowError(
                        number, self.header("unit"), _("No unit has the code %(code)s.") % {"code": code}
                    )
                )
            national_id = values.get("national_id") or None
            if national_id:
                if national_id in ids_in_file:
                    errors.append(
                        RowError(
                            number,
                            self.header("national_id"),
                            _("This national ID number is already on row %(row)s.")
                            % {"row": ids_in_file[national_id]},
                        )
                    )
                ids_in_file[national_id] = number
                owner = Person.objects.filter(national_id=national_id).first()
                if owner is not None:
                    errors.append(
                        RowError(
                            number,
                            self.header("national_id"),
                            _("%(name)s already has this national ID number in thidua.") % {"name": owner},
                        )
                    )
            name = values.get("full_name")
            if name and not values.get("confirmed"):
                key = (search_key(name), values.get("birth_date"))
                if values.get("birth_date") and key in names_in_file:
                    errors.append(
                        RowError(
                            number,
                            self.header("full_name"),
                            _(
                                "Same name and date of birth as row %(row)s; if it is a different person, put x in the last column."
                            )
                            % {"row": names_in_file[key]},
                        )
                    )
                names_in_file[key] = number
                hints = [
                    h
                    for h in org_services.find_likely_duplicates(
                        full_name=name,
                        birth_date=values.get("birth_date"),
                        civil_servant_code=values.get("civil_servant_code", ""),
                    )
                    if not national_id or h.person.national_id != national_id
                ]
                if hints:
                    errors.append(
                        RowError(
                            number,
                            self.header("full_name"),
                            _(
                                "This person may already be recorded: %(names)s. If it is a different person, put x in the last column."
                            )
                            % {"names": "; ".join(f"{h.person} ({h.reason})" for h in hints)},
                        )
                    )
            values["unit_obj"] = units.get(code) if code else None
            cleaned.append((number, values))
        return cleaned, errors

    def apply(self, cleaned: list[Any], actor: Any, result: ImportResult) -> None:
        for number, values in cleaned:
            try:
                org_services.create_person(
                    actor=actor,
                    unit=values["unit_obj"],
                    position_title=values["position_title"],
                    position_start=values["position_start"],
                    allow_duplicate=True,  # duplicates were checked, row by row, in validate()
                    full_name=values["full_name"],
                    gender=values["gender"],
                    birth_date=values.get("birth_date"),
                    national_id=values.get("national_id") or None,
                    civil_servant_code=values.get("civil_servant_code", ""),
                )
                result.created += 1
            except ValidationError as exc:
                result.errors.append(RowError(number, "", " ".join(exc.messages)))


def _national_id(value: Any) -> str:
    text = _text(value).replace(" ", "")
    if text and (not text.isdigit() or len(text) != 12):
        raise RowProblem(
            _("The national ID number must have exactly 12 digits; “%(value)s” has %(n)s.")
            % {"value": text, "n": len(text)}
        )
    return text


class MembershipSheet(Sheet):
    kind = "memberships"
    title = gettext_lazy("Block memberships")
    columns = [
        Column("block", gettext_lazy("Block code"), True, 16),
        Column("year", gettext_lazy("Year"), True, 8),
        Column("unit", gettext_lazy("Unit code"), True, 16),
        Column("role", gettext_lazy("Role"), True, 22),
    ]

    def notes(self) -> list[str]:
        return [
            *super().notes(),
            _(
                "One row per member unit. Each block and year needs exactly one leader (Khối trưởng) and at least one deputy (Khối phó)."
            ),
            _(
                "A block year in the file replaces that year's members in thidua; other years are left as they are."
            ),
            _("Roles: Khối trưởng, Khối phó, Thành viên."),
        ]

    def export_rows(self, queryset: Any) -> Iterable[list[Any]]:
        for block_year in queryset.with_members().order_by("block__code", "year"):
            for membership in block_year.memberships.all():
                yield [
                    block_year.block.code,
                    block_year.year,
                    membership.unit.code,
                    membership.get_role_display(),
                ]

    def validate(self, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[Any], list[RowError]]:
        errors: list[RowError] = []
        roles = _all_choices(MemberRole.choices)
        aliases = {
            "Khối trưởng": "leader",
            "Cụm trưởng": "leader",
            "Khối phó": "deputy",
            "Cụm phó": "deputy",
            "Thành viên": "member",
        }
        parsers = {"role": lambda v: _choice(v, roles, aliases), "year": _year}
        blocks = {b.code: b for b in Block.objects.filter(code__in=[_text(r.get("block")) for _n, r in rows])}
        units = {u.code: u for u in Unit.objects.filter(code__in=[_text(r.get("unit")) for _n, r in rows])}
        groups: dict[tuple[str, int], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for number, row in rows:
            values = self._cells(number, row, errors, parsers)
            if values.get("block") and values["block"] not in blocks:
                errors.append(
                    RowError(
                        number,
                        self.header("block"),
                        _("No block has the code %(code)s.") % {"code": values["block"]},
                    )
                )
            if values.get("unit") and values["unit"] not in units:
                errors.append(
                    RowError(
                        number,
                        self.header("unit"),
                        _("No unit has the code %(code)s.") % {"code": values["unit"]},
                    )
                )
            if values.get("block") and values.get("year"):
                groups[(values["block"], values["year"])].append((number, values))
        cleaned = []
        for (block_code, year), members in groups.items():
            first = members[0][0]
            seen: dict[str, int] = {}
            for number, values in members:
                if values.get("unit") in seen:
                    errors.append(
                        RowError(
                            number,
                            self.header("unit"),
                            _("This unit is already on row %(row)s for the same block and year.")
                            % {"row": seen[values["unit"]]},
                        )
                    )
                seen[values.get("unit", "")] = number
            leaders = [n for n, v in members if v.get("role") == "leader"]
            deputies = [n for n, v in members if v.get("role") == "deputy"]
            if len(leaders) != 1:
                errors.append(
                    RowError(
                        leaders[1] if len(leaders) > 1 else first,
                        self.header("role"),
                        _(
                            "Block %(block)s in %(year)s needs exactly one leader (Khối trưởng); the file gives %(n)s."
                        )
                        % {"block": block_code, "year": year, "n": len(leaders)},
                    )
                )
            if not deputies:
                errors.append(
                    RowError(
                        first,
                        self.header("role"),
                        _("Block %(block)s in %(year)s needs at least one deputy (Khối phó).")
                        % {"block": block_code, "year": year},
                    )
                )
            cleaned.append((block_code, year, members, blocks.get(block_code), units))
        return cleaned, errors

    def apply(self, cleaned: list[Any], actor: Any, result: ImportResult) -> None:
        for block_code, year, members, block, units in cleaned:
            existed = BlockYear.objects.filter(block=block, year=year).exists()
            by_role = defaultdict(list)
            for _number, values in members:
                by_role[values["role"]].append(units[values["unit"]])
            try:
                block_services.set_block_year(
                    actor=actor,
                    block=block,
                    year=year,
                    members=[units[v["unit"]] for _n, v in members],
                    leader=by_role["leader"][0],
                    deputies=by_role["deputy"],
                )
            except ValidationError as exc:
                result.errors.append(
                    RowError(
                        members[0][0],
                        "",
                        _("Block %(block)s in %(year)s: %(problem)s")
                        % {"block": block_code, "year": year, "problem": " ".join(exc.messages)},
                    )
                )
                continue
            if existed:
                result.updated += 1
            else:
                result.created += 1


def _year(value: Any) -> int:
    text = _text(value)
    if not text.isdigit() or not 1945 <= int(text) <= 2100:
        raise RowProblem(_("“%(value)s” is not a year such as 2025.") % {"value": text})
    return int(text)


SHEETS: dict[str, Sheet] = {sheet.kind: sheet for sheet in (UnitSheet(), PersonSheet(), MembershipSheet())}
