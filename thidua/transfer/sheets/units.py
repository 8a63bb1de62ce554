"""The units list: a code that exists updates that unit, a new code creates one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.orgs import services as org_services
from thidua.orgs.models import Unit, UnitKind, UnitLevel
from thidua.transfer.sheets.base import Column, ImportResult, RowError, Sheet, date_text, parse_date

# Written by the import; `parent` is resolved from the parent code.
FIELDS = ["code", "name", "short_name", "kind", "level", "place_name", "active_from", "active_to"]


class UnitSheet(Sheet):
    kind = "units"
    title = gettext_lazy("Units")
    columns = [
        Column("code", gettext_lazy("Code"), True, 16, max_length=40, as_text=True),
        Column("name", gettext_lazy("Name"), True, 48, max_length=255),
        Column("short_name", gettext_lazy("Short name"), False, 16, max_length=100),
        Column("kind", gettext_lazy("Kind"), True, 30, choices=UnitKind),
        Column("level", gettext_lazy("Level"), True, 16, choices=UnitLevel),
        Column("parent", gettext_lazy("Parent unit code"), False, 16, max_length=40, as_text=True),
        Column("place_name", gettext_lazy("Place name on documents"), False, 18, max_length=100),
        Column("active_from", gettext_lazy("Active from"), False, 14, parse=parse_date, empty=None),
        Column("active_to", gettext_lazy("Active until"), False, 14, parse=parse_date, empty=None),
    ]

    def notes(self) -> list[str]:
        kinds = "; ".join(str(label) for _code, label in UnitKind.choices)
        levels = "; ".join(str(label) for _code, label in UnitLevel.choices)
        return [
            *super().notes(),
            _("A code that already exists updates that unit; a new code creates a unit."),
            _("Kinds: %(kinds)s.") % {"kinds": kinds},
            _("Levels: %(levels)s.") % {"levels": levels},
            _("The parent unit code may be a unit already in thidua or one further up or down in this file."),
        ]

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        for unit in queryset.select_related("parent"):
            yield [
                unit.code,
                unit.name,
                unit.short_name,
                unit.get_kind_display(),
                unit.get_level_display(),
                unit.parent.code if unit.parent else "",
                unit.place_name,
                date_text(unit.active_from),
                date_text(unit.active_to),
            ]

    def validate(
        self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor
    ) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
        errors: list[RowError] = []
        cleaned: list[tuple[int, dict[str, Any]]] = []
        in_file: dict[str, int] = {}
        for number, row in rows:
            values = self.cells(number, row, errors)
            code = values.get("code", "")
            if code in in_file:
                errors.append(
                    RowError(
                        number,
                        self.header("code"),
                        _("Code %(code)s is already on row %(row)s.") % {"code": code, "row": in_file[code]},
                    )
                )
            elif code:
                in_file[code] = number
            start, end = values.get("active_from"), values.get("active_to")
            if start and end and end < start:
                errors.append(
                    RowError(
                        number, self.header("active_to"), _("The end date must not be before the start date.")
                    )
                )
            cleaned.append((number, values))
        errors += self._check_parents(cleaned, in_file)
        return cleaned, errors

    def _check_parents(
        self, cleaned: list[tuple[int, dict[str, Any]]], in_file: dict[str, int]
    ) -> list[RowError]:
        """Each parent code names a unit of the file or of thidua, and no unit ends up under itself."""
        errors: list[RowError] = []
        # The parents as they will be after the import: the file's wins over the database's.
        parents: dict[str, str] = {
            code: parent or "" for code, parent in Unit.objects.values_list("code", "parent__code")
        }
        known = set(parents) | set(in_file)
        for _number, values in cleaned:
            if "code" in values and "parent" in values:
                parents[values["code"]] = values["parent"]
        for number, values in cleaned:
            parent = values.get("parent")
            if not parent:
                continue
            if parent == values.get("code"):
                errors.append(RowError(number, self.header("parent"), _("A unit cannot be its own parent.")))
            elif parent not in known:
                errors.append(
                    RowError(
                        number,
                        self.header("parent"),
                        _("No unit has the code %(code)s; check it or add that unit to the file.")
                        % {"code": parent},
                    )
                )
            elif _leads_back(values["code"], parents) and in_file.get(values.get("code", "")) == number:
                errors.append(RowError(number, self.header("parent"), _("The parent units form a loop.")))
        return errors

    def apply(self, cleaned: list[tuple[int, dict[str, Any]]], *, actor: Actor, result: ImportResult) -> None:
        by_code = {u.code: u for u in Unit.objects.filter(code__in=[v["code"] for _n, v in cleaned])}
        in_file = {values["code"] for _n, values in cleaned}
        done: set[str] = set()
        pending = list(cleaned)
        # Parents first: a row waits while its parent is a row of the file not yet written.
        while pending:
            ready = [
                (n, v)
                for n, v in pending
                if not v["parent"] or v["parent"] not in in_file or v["parent"] in done
            ]
            if not ready:  # validate() refuses loops; this only guards against an endless loop
                result.errors += [
                    RowError(n, self.header("parent"), _("The parent units form a loop."))
                    for n, _v in pending
                ]
                return
            for number, values in ready:
                pending.remove((number, values))
                done.add(values["code"])
                self._write(number, values, by_code, actor, result)

    def _write(
        self,
        number: int,
        values: dict[str, Any],
        by_code: dict[str, Unit],
        actor: Actor,
        result: ImportResult,
    ) -> None:
        parent = None
        if values["parent"]:
            parent = by_code.get(values["parent"]) or Unit.objects.get(code=values["parent"])
            by_code[parent.code] = parent
        fields = {name: values[name] for name in FIELDS}
        existing = by_code.get(values["code"])
        try:
            if existing is None:
                by_code[values["code"]] = org_services.create_unit(actor=actor, parent=parent, **fields)
                result.created += 1
            elif _unchanged(existing, fields, parent):
                result.unchanged += 1
            else:
                by_code[values["code"]] = org_services.update_unit(
                    actor=actor, unit=existing, parent=parent, **fields
                )
                result.updated += 1
        except ValidationError as error:
            result.errors += self.service_errors(error, number)


def _leads_back(code: str, parents: dict[str, str]) -> bool:
    """Whether following parents from `code` comes back to it."""
    seen = {code}
    current = parents.get(code, "")
    while current:
        if current in seen:
            return current == code
        seen.add(current)
        current = parents.get(current, "")
    return False


def _unchanged(unit: Unit, fields: dict[str, Any], parent: Unit | None) -> bool:
    """An exported row imported back changes nothing, and so writes no audit entry."""
    if unit.parent_id != (parent.pk if parent else None):
        return False
    return all(getattr(unit, name) == value for name, value in fields.items())
