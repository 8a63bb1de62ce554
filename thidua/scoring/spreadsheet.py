"""A member's scorecard as an XLSX file: export, fill in offline, import back (all or nothing).

Every bad cell (not a number, over the maximum, off the step, a required evidence note missing, an
unknown code) is reported with its Excel row and column; nothing is saved unless every row is good.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.accounts.types import Actor
from thidua.lib.cells import xlsx_row
from thidua.lib.numbers import format_points
from thidua.lib.xlsx import UnreadableWorkbook, open_workbook, reason_of, too_many_rows
from thidua.scoring.models import CardStatus, CriterionKind, Scorecard, ScoreEntry
from thidua.scoring.services.cards import applies, set_self_score

# Column letters are part of the error messages, so the layout is fixed.
COLUMNS = ["code", "text", "max", "step", "evidence_required", "score", "comment", "evidence_note"]
EDITABLE = {"score", "comment", "evidence_note"}
# A scoring table has tens of criteria, a few hundred at most.
MAX_ROWS = 2000


def _headers() -> list[str]:
    return [
        _("Code"),
        _("Content"),
        _("Maximum points"),
        _("Step"),
        _("Evidence required"),
        _("Self-score"),
        _("Comment"),
        _("Evidence note"),
    ]


@dataclass
class CellError:
    row: int
    column: str
    message: str


def export_card(card: Scorecard) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Scorecard")[:31]
    sheet.append(xlsx_row(sheet, _headers()))
    for index in range(1, len(COLUMNS) + 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if COLUMNS[index - 1] in EDITABLE:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
    entries = {e.criterion_id: e for e in card.entries.all()}
    for criterion in (
        card.table.criteria.filter(kind=CriterionKind.NORMAL)
        .order_by("position", "code")
        .prefetch_related("applies_to")
    ):
        if not applies(criterion, card.unit_id):
            continue
        entry = entries.get(criterion.pk)
        sheet.append(
            xlsx_row(
                sheet,
                [
                    criterion.code,
                    criterion.text,
                    float(criterion.max_points),
                    float(criterion.step) if criterion.step else None,
                    _("yes") if criterion.evidence_required else "",
                    float(entry.self_score) if entry and entry.self_score is not None else None,
                    entry.comment if entry else "",
                    entry.evidence_note if entry else "",
                ],
            )
        )
    for letter, width in zip("ABCDEFGH", (10, 60, 12, 10, 12, 12, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    about = workbook.create_sheet("thidua")
    about.append(["scorecard", card.pk])
    about.append(["table", card.table_id])
    about.append(xlsx_row(about, [_("Unit"), str(card.unit)]))
    about.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError from exc


def _read_workbook(upload: Any) -> tuple[dict[Any, Any], list[tuple[Any, ...]]]:
    """The hidden sheet's ids and the scores sheet's rows below the headings (UnreadableWorkbook)."""
    workbook = open_workbook(upload, max_rows=MAX_ROWS)
    try:
        about = workbook["thidua"] if "thidua" in workbook.sheetnames else None
        ids = (
            {row[0]: row[1] for row in about.iter_rows(max_col=2, max_row=10, values_only=True)}
            if about
            else {}
        )
        rows = list(
            itertools.islice(workbook.worksheets[0].iter_rows(min_row=2, values_only=True), MAX_ROWS + 1)
        )
    except Exception as exc:  # a sheet is parsed while it is read: entities, damaged XML
        raise UnreadableWorkbook(reason_of(exc)) from exc
    finally:
        workbook.close()
    if len(rows) > MAX_ROWS:
        raise UnreadableWorkbook(too_many_rows(MAX_ROWS))
    return ids, rows


def import_card(*, actor: Actor, card: Scorecard, upload: Any) -> list[CellError]:
    """Check every row, then save every score in one transaction; return the problems (none: saved)."""
    if card.status != CardStatus.DRAFT:
        return [CellError(0, "", _("The scorecard has been submitted and can no longer be changed."))]
    try:
        ids, rows = _read_workbook(upload)
    except UnreadableWorkbook as problem:
        return [CellError(0, "", str(problem))]
    if ids.get("scorecard") != card.pk or ids.get("table") != card.table_id:
        return [
            CellError(
                0,
                "",
                _(
                    "This file is not the export of this scorecard; download it from this page and fill it in."
                ),
            )
        ]
    criteria = {
        c.code: c
        for c in card.table.criteria.filter(kind=CriterionKind.NORMAL).prefetch_related("applies_to")
        if applies(c, card.unit_id)
    }
    evidence = set(card.entries.filter(evidence__isnull=False).values_list("criterion_id", flat=True))
    errors: list[CellError] = []
    updates = []
    letter = {key: get_column_letter(i + 1) for i, key in enumerate(COLUMNS)}
    for number, values in enumerate(rows, start=2):
        row = dict(zip(COLUMNS, list(values) + [None] * len(COLUMNS), strict=False))
        code = str(row["code"] or "").strip()
        if not code and all(v in (None, "") for v in values):
            continue
        criterion = criteria.get(code)
        if criterion is None:
            errors.append(
                CellError(
                    number,
                    letter["code"],
                    _("%(code)s is not a criterion of this scorecard.") % {"code": code},
                )
            )
            continue
        try:
            score = _decimal(row["score"])
        except ValueError:
            errors.append(
                CellError(
                    number,
                    letter["score"],
                    _("“%(value)s” is not a number; write e.g. 7,5.") % {"value": row["score"]},
                )
            )
            continue
        if score is not None and (score < 0 or score > criterion.max_points):
            errors.append(
                CellError(
                    number,
                    letter["score"],
                    _("%(code)s: the score must be between 0 and %(max)s.")
                    % {"code": code, "max": format_points(criterion.max_points)},
                )
            )
        elif score is not None and criterion.step and score % criterion.step != 0:
            errors.append(
                CellError(
                    number,
                    letter["score"],
                    _("%(code)s: the score must be a multiple of %(step)s.")
                    % {"code": code, "step": format_points(criterion.step)},
                )
            )
        note = str(row["evidence_note"] or "").strip()
        if criterion.evidence_required and score is not None and not note and criterion.pk not in evidence:
            errors.append(
                CellError(
                    number,
                    letter["evidence_note"],
                    _("%(code)s needs evidence: name the document that proves the score.") % {"code": code},
                )
            )
        updates.append((criterion, score, str(row["comment"] or "").strip(), note))
    if errors:
        return errors
    with transaction.atomic():
        for criterion, score, comment, note in updates:
            try:
                set_self_score(actor=actor, card=card, criterion=criterion, score=score, comment=comment)
            except ValidationError as exc:
                transaction.set_rollback(True)
                return [CellError(0, "", " ".join(exc.messages))]
            ScoreEntry.objects.filter(scorecard=card, criterion=criterion).update(evidence_note=note[:500])
    return []
