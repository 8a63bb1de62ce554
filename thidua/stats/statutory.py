"""Computes a statutory form (FormVersion) from the history: every cell is one conditional count in a
single aggregate query, the row's spec AND the column's spec.

Spec vocabulary (JSON, all keys optional, combined with AND; `{}` counts everything, `null` is a
heading with no figures):

- awards: ``recipient`` ("collective" | "individual"), ``levels`` (award levels), ``codes`` (award
  type codes), ``exclude_codes``, ``kinds`` ("title" | "form"), ``commendation`` (commendation types),
  ``gender``, ``unit_kinds`` (the collective's unit kinds, e.g. "enterprise");
- movements: ``movement_kinds`` ("regular" | "thematic");
- both: ``never`` (true: always 0, a category the data does not hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from thidua.stats import queries
from thidua.stats.models import FormColumn, FormRow, FormSource, FormVersion

AWARD_KEYS = {
    "levels": "award_type__level__in",
    "codes": "award_type__code__in",
    "kinds": "award_type__kind__in",
    "commendation": "commendation_type__in",
    "unit_kinds": "unit__kind__in",
}


def spec_q(spec: dict[str, Any], source: str) -> Q | None:
    """The filter a spec means, None when it never counts; unknown keys are refused (a typo must not
    count everything)."""
    if spec.get("never"):
        return None
    condition = Q()
    for key, value in spec.items():
        if key == "never":
            continue
        if source == FormSource.MOVEMENTS and key == "movement_kinds":
            condition &= Q(kind__in=value)
        elif source == FormSource.AWARDS and key in AWARD_KEYS:
            condition &= Q(**{AWARD_KEYS[key]: value})
        elif source == FormSource.AWARDS and key == "exclude_codes":
            condition &= ~Q(award_type__code__in=value)
        elif source == FormSource.AWARDS and key == "recipient":
            condition &= Q(unit__isnull=False) if value == "collective" else Q(person__isnull=False)
        elif source == FormSource.AWARDS and key == "gender":
            condition &= Q(person__gender=value)
        else:
            raise ValueError(f"unknown spec key {key!r} for {source}")
    return condition


@dataclass
class ComputedForm:
    version: FormVersion
    scope: queries.Scope
    columns: list[FormColumn]
    rows: list[FormRow]
    cells: dict[tuple[int, int], int | None]  # (row position, column number) -> count; None: heading

    def value(self, row_code: str, column: int) -> int | None:
        row = next(r for r in self.rows if r.code == row_code)
        return self.cells[(row.position, column)]


def compute_form(version: FormVersion, scope: queries.Scope) -> ComputedForm:
    rows = list(version.rows.all())
    columns = list(version.columns.all())
    base: QuerySet[Any]
    if version.source == FormSource.MOVEMENTS:
        base = queries.movements(scope).distinct()
    else:
        base = queries.awards(scope)
    aggregates = {}
    for row in rows:
        if row.spec is None:
            continue
        for column in columns:
            row_q = spec_q(row.spec, version.source)
            column_q = spec_q(column.as_spec(), version.source)
            if row_q is None or column_q is None:
                continue  # a category the history does not hold: 0 (an empty IN would void the query)
            aggregates[f"c_{row.position}_{column.number}"] = Count(
                "id", filter=row_q & column_q, distinct=True
            )
    values = base.aggregate(**aggregates) if aggregates else {}
    cells: dict[tuple[int, int], int | None] = {}
    for row in rows:
        for column in columns:
            cells[(row.position, column.number)] = (
                None if row.spec is None else values.get(f"c_{row.position}_{column.number}", 0)
            )
    return ComputedForm(version=version, scope=scope, columns=columns, rows=rows, cells=cells)


def current_forms(year: int | None = None) -> list[FormVersion]:
    """Per form code the version in force in `year` (issued on or before its 31 December and not
    ended before its 1 January: a report on 2024 keeps Circular 02/2023's forms after 18/2025's are
    added); without a year, or for a year before every version, the newest version."""
    newest: dict[str, FormVersion] = {}
    in_force: dict[str, FormVersion] = {}
    for version in FormVersion.objects.order_by("code", "-valid_from"):
        newest.setdefault(version.code, version)
        if (
            year is not None
            and version.valid_from.year <= year
            and (version.valid_to is None or version.valid_to.year >= year)
        ):
            in_force.setdefault(version.code, version)
    return [in_force.get(code, version) for code, version in newest.items()]
