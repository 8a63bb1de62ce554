"""History import from XLSX and CSV: all or nothing, every bad row reported by row and column, people
matched by national ID number or by a unique name; exports reopen with their content."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.audit.models import AuditEntry
from thidua.awards.models import AwardRecord
from thidua.awards.sheets import SHEET
from thidua.awards.tests.helpers import award, person_in


def _head() -> list[str]:
    return [str(column.header) for column in SHEET.columns]


def _h(key: str) -> str:
    return SHEET.header(key)


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(_head())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("khen-thuong.xlsx", out.getvalue())


def _csv(rows: list[list[object]], delimiter: str = ",") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(_head())
    writer.writerows(rows)
    return SimpleUploadedFile("khen-thuong.csv", out.getvalue().encode("utf-8-sig"))


def test_good_file_imports_every_row_through_the_services(world) -> None:
    twin_a = person_in(world.member_unit, "Lê Văn Nam", gender="male")
    person_in(world.outside_unit, "Lê Văn Nam", gender="male")
    rows = [
        [
            "001190000001",
            "Nguyễn Thị Lan",
            "",
            "",
            "CSTDCS",
            2024,
            "",
            "12/QĐ-UBND",
            "20/12/2024",
            "Chủ tịch UBND tỉnh",
            "",
        ],
        ["", "Lê Văn Nam", "", "SO-NV", "Lao động tiên tiến", 2024, "", "", "", "", ""],
        ["", "", "", "SO-NV-TDKT", "TTLDTT", 2024, "Phong trào thi đua", "5/QĐ-SNV", "", "", ""],
    ]
    result = SHEET.import_file(_xlsx(rows), actor=world.user("board"))
    assert result.ok, result.errors
    assert result.created == 3
    assert AwardRecord.objects.get(person=world.member_person).decision_number == "12/QĐ-UBND"
    assert AwardRecord.objects.get(person=twin_a).award_type.code == "LDTT"
    assert AwardRecord.objects.get(unit=world.member_sub_unit).award_type.code == "TTLDTT"

    assert AuditEntry.objects.filter(action="awardrecord.create").count() == 3


def test_every_bad_row_is_reported_and_nothing_is_imported(world) -> None:
    person_in(world.member_unit, "Lê Văn Nam", gender="male")
    person_in(world.outside_unit, "Lê Văn Nam", gender="male")
    award(world.member_person, "LDTT", 2023)
    rows: list[list[object]] = [
        ["001190000001", "Nguyễn Thị Lan", "", "", "CSTDCS", 2024, "", "", "", "", ""],  # good
        ["001190000099", "", "", "", "CSTDCS", 2024, "", "", "", "", ""],  # unknown ID
        ["", "Lê Văn Nam", "", "", "LDTT", 2024, "", "", "", "", ""],  # two people of that name
        ["001190000001", "", "", "", "Huân chương vàng", 2024, "", "", "", "", ""],  # unknown title
        ["001190000001", "", "", "", "LDTT", 2023, "", "", "", "", ""],  # already recorded
        ["001190000001", "", "", "", "CSTDCS", 2024, "", "", "", "", ""],  # same as row 2
        ["", "", "", "SO-NV", "CSTDCS", 2024, "", "", "", "", ""],  # a person's title to a unit
        ["001190000001", "", "", "", "TTLDXS", "năm ngoái", "", "", "", "", ""],  # bad year
    ]
    result = SHEET.import_file(_xlsx(rows), actor=world.user("board"))
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert (3, _h("national_id")) in found
    assert (4, _h("full_name")) in found and any(
        "Several" in e.message or "Có nhiều" in e.message for e in result.errors if e.row == 4
    )
    assert (5, _h("award_type")) in found
    assert (6, _h("award_type")) in found
    assert any(e.row == 7 for e in result.errors), result.errors
    assert any(e.row == 8 for e in result.errors)
    assert (9, _h("year")) in found
    assert AwardRecord.objects.count() == 1  # only the one recorded before


def test_csv_with_semicolons_imports_too(world) -> None:
    rows = [["001190000001", "Nguyễn Thị Lan", "", "", "LDTT", 2025, "", "", "", "", ""]]
    result = SHEET.import_file(_csv(rows, ";"), actor=world.user("board"))
    assert result.ok and result.created == 1


def test_unit_officer_imports_only_its_own_people(world) -> None:
    rows = [["001190000002", "Trần Văn Bình", "", "", "LDTT", 2025, "", "", "", "", ""]]
    result = SHEET.import_file(_csv(rows), actor=world.user("member"))
    assert not result.ok and "người của đơn vị mình" in result.errors[0].message
    assert not AwardRecord.objects.exists()


def test_a_typed_id_number_does_not_tell_a_unit_officer_whose_it_is(world) -> None:
    """The attack: an officer of another unit types ID numbers (alone, or with a wrong name) to learn
    whose they are. The holder, whom that officer may not read, is never named; the board is told."""
    for name in ("", "Tên Đoán Thử"):
        rows: list[list[object]] = [["001190000002", name, "", "", "LDTT", 2025, "", "", "", "", ""]]
        result = SHEET.import_file(_csv(rows), actor=world.user("member"))
        assert not result.ok
        assert all("Trần Văn Bình" not in e.message for e in result.errors), result.errors
    rows = [["001190000002", "Tên Đoán Thử", "", "", "LDTT", 2025, "", "", "", "", ""]]
    result = SHEET.import_file(_csv(rows), actor=world.user("board"))  # the board may read everyone
    assert any("Trần Văn Bình" in e.message for e in result.errors)
    assert not AwardRecord.objects.exists()


def test_import_page_and_exports(world, login) -> None:
    award(world.member_person, "CSTDCS", 2024, decision_number="7/QĐ")
    client = login(world.user("board"))
    assert client.get(reverse("awards:history_transfer")).status_code == 200
    bad = client.post(
        reverse("awards:history_transfer"),
        {"file": _csv([["", "", "", "", "LDTT", 2025, "", "", "", "", ""]])},
    )
    assert bad.status_code == 422 and "import-errors" in bad.content.decode()
    wrong = client.post(reverse("awards:history_transfer"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert wrong.status_code == 422 and ".csv" in wrong.content.decode()
    xlsx = client.get(reverse("awards:history_file", args=["export.xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == _h("national_id") and rows[1][0] == "001190000001" and rows[1][4] == "CSTDCS"
    text = client.get(reverse("awards:history_file", args=["export.csv"])).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][1] == "Nguyễn Thị Lan" and lines[1][7] == "7/QĐ"
    # The export imports back into an empty history.
    AwardRecord.objects.all().delete()
    again = SHEET.import_file(
        SimpleUploadedFile("lai.csv", text.encode("utf-8-sig")), actor=world.user("board")
    )
    assert again.ok and again.created == 1
    assert login(world.user("delegate")).get(reverse("awards:history_transfer")).status_code == 403
    assert login(world.user("observer")).get(reverse("awards:history_transfer")).status_code == 403
