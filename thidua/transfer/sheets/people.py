"""The people list: each row adds a new person with their current position.

A row never updates a person already recorded: one with the same national ID number is refused
(whoever has the number is named), and one that looks like a recorded person (same civil-servant
code, or same name and date of birth; rows of the same file count too) is refused until the
"checked: a different person" column is ticked, the same confirmation as on the new-person page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.types import Actor
from thidua.lib.vietnamese import search_key
from thidua.orgs import permissions as org_perms
from thidua.orgs import services as org_services
from thidua.orgs.models import Gender, Person, Unit
from thidua.orgs.permissions import shows_personal_ids
from thidua.transfer.sheets.base import (
    Column,
    ImportResult,
    RowError,
    Sheet,
    date_text,
    parse_date,
    parse_national_id,
    parse_yes,
)

PERSON_FIELDS = ["full_name", "gender", "birth_date", "civil_servant_code"]
# Fields of the services' errors that are named differently in the sheet.
SERVICE_COLUMNS = {"title": "position_title", "start": "position_start", "unit": "unit"}


class PersonSheet(Sheet):
    kind = "people"
    title = gettext_lazy("People")
    columns = [
        Column("full_name", gettext_lazy("Full name"), True, 28, max_length=150),
        Column(
            "gender",
            gettext_lazy("Gender"),
            True,
            10,
            choices=Gender,
            aliases=(("Nữ", "female"), ("Nu", "female"), ("F", "female"), ("M", "male")),
        ),
        Column("birth_date", gettext_lazy("Date of birth"), False, 14, parse=parse_date, empty=None),
        Column(
            "national_id",
            gettext_lazy("National ID number"),
            False,
            16,
            parse=parse_national_id,
            as_text=True,
        ),
        Column(
            "civil_servant_code", gettext_lazy("Civil-servant code"), False, 16, max_length=30, as_text=True
        ),
        Column("unit", gettext_lazy("Unit code"), True, 16, as_text=True),
        Column("position_title", gettext_lazy("Position"), True, 26, max_length=150),
        Column("position_start", gettext_lazy("In this position since"), True, 16, parse=parse_date),
        Column(
            "confirmed",
            gettext_lazy("Checked: a different person (x)"),
            False,
            16,
            parse=parse_yes,
            empty=False,
        ),
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

    def export_rows(self, queryset: Any, *, viewer: Actor) -> Iterable[list[Any]]:
        for person in queryset.prefetch_related("positions__unit"):
            current = next((p for p in person.positions.all() if p.end is None), None)
            shown = shows_personal_ids(viewer, person)
            yield [
                person.full_name,
                person.get_gender_display(),
                date_text(person.birth_date) if shown else "",
                (person.national_id or "") if shown else "",
                person.civil_servant_code,
                current.unit.code if current else "",
                current.title if current else "",
                date_text(current.start) if current else "",
                "",
            ]

    def validate(
        self, rows: list[tuple[int, dict[str, Any]]], *, actor: Actor
    ) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
        errors: list[RowError] = []
        cleaned: list[tuple[int, dict[str, Any]]] = []
        parsed = [(number, self.cells(number, row, errors)) for number, row in rows]
        units = {u.code: u for u in Unit.objects.filter(code__in=[v.get("unit") for _n, v in parsed])}
        ids = [v["national_id"] for _n, v in parsed if v.get("national_id")]
        owners = {p.national_id: p for p in Person.objects.filter(national_id__in=ids)}
        ids_in_file: dict[str, int] = {}
        codes_in_file: dict[str, int] = {}
        names_in_file: dict[tuple[str, Any], int] = {}
        for number, values in parsed:
            errors += self._check_unit(number, values, units, actor)
            national_id = values.get("national_id")
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
                else:
                    ids_in_file[national_id] = number
                if national_id in owners:
                    errors.append(
                        RowError(
                            number,
                            self.header("national_id"),
                            org_services.national_id_taken_message(
                                owners[national_id], actor, in_thidua=True
                            ),
                        )
                    )
            if not values.get("confirmed"):
                errors += self._likely_duplicates(number, values, codes_in_file, names_in_file, actor)
            cleaned.append((number, values))
        return cleaned, errors

    def _check_unit(
        self, number: int, values: dict[str, Any], units: dict[str, Unit], actor: Actor
    ) -> list[RowError]:
        """The unit exists, and the importing officer may add people to it (the same door as the pages)."""
        code = values.get("unit")
        if not code:
            return []
        if code not in units:
            return [
                RowError(number, self.header("unit"), _("No unit has the code %(code)s.") % {"code": code})
            ]
        if not org_perms.can_write_people_of(actor, units[code].pk):
            return [
                RowError(
                    number,
                    self.header("unit"),
                    _(
                        "You may import people only into your own unit and its sub-units; %(code)s is not one "
                        "of them. Remove this row or ask the emulation board to import it."
                    )
                    % {"code": code},
                )
            ]
        values["unit_obj"] = units[code]
        return []

    def _likely_duplicates(
        self,
        number: int,
        values: dict[str, Any],
        codes_in_file: dict[str, int],
        names_in_file: dict[tuple[str, Any], int],
        actor: Actor,
    ) -> list[RowError]:
        """Same civil-servant code, or same name and date of birth, in the file or in thidua."""
        errors = []
        name, birth_date = values.get("full_name"), values.get("birth_date")
        code = values.get("civil_servant_code")
        if code:
            if code in codes_in_file:
                errors.append(
                    RowError(
                        number,
                        self.header("civil_servant_code"),
                        _(
                            "Same civil-servant code as row %(row)s; if it is a different person, put x in the last column."
                        )
                        % {"row": codes_in_file[code]},
                    )
                )
            else:
                codes_in_file[code] = number
        if name and birth_date:
            key = (search_key(name), birth_date)
            if key in names_in_file:
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
            else:
                names_in_file[key] = number
        if name:
            national_id = values.get("national_id")
            hints = [
                hint
                for hint in org_services.readable_hints(
                    org_services.find_likely_duplicates(
                        full_name=name, birth_date=birth_date, civil_servant_code=code or ""
                    ),
                    actor,
                )
                # Whoever already has the same ID number is reported as a hard error above.
                if not national_id or hint.person.national_id != national_id
            ]
            if hints:
                unreadable = _("a person of another unit")
                errors.append(
                    RowError(
                        number,
                        self.header("full_name"),
                        _(
                            "This person may already be recorded: %(names)s. If it is a different person, put x in the last column."
                        )
                        % {
                            "names": "; ".join(
                                f"{h.person if h.readable else unreadable} ({h.reason})" for h in hints
                            )
                        },
                    )
                )
        return errors

    def apply(self, cleaned: list[tuple[int, dict[str, Any]]], *, actor: Actor, result: ImportResult) -> None:
        for number, values in cleaned:
            try:
                org_services.create_person(
                    actor=actor,
                    unit=values["unit_obj"],
                    position_title=values["position_title"],
                    position_start=values["position_start"],
                    # Likely duplicates were refused row by row in validate() unless confirmed.
                    allow_duplicate=True,
                    national_id=values["national_id"] or None,
                    **{name: values[name] for name in PERSON_FIELDS},
                )
            except ValidationError as error:
                result.errors += self.service_errors(error, number, SERVICE_COLUMNS)
            else:
                result.created += 1
