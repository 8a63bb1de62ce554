"""Templates, exports and all-or-nothing imports, with real XLSX files reopened by openpyxl."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Person, Unit
from thidua.testing import PERSONAS
from thidua.transfer.sheets import SHEETS


def _xlsx(rows: list[list[Any]], kind: str) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([str(c.header) for c in SHEETS[kind].columns])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(f"{kind}.xlsx", out.getvalue())


def _import(client: Any, kind: str, rows: list[list[Any]]) -> Any:
    return client.post(reverse("transfer:import", args=[kind]), {"file": _xlsx(rows, kind)})


def _state() -> tuple[int, int, int, int]:
    return Unit.objects.count(), Person.objects.count(), BlockYear.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("kind", ["units", "people", "memberships"])
def test_template_reopens_with_the_headings_in_vietnamese(world, login, kind) -> None:
    response = login(world.user("board")).get(reverse("transfer:template", args=[kind]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    headings = [cell.value for cell in workbook.worksheets[0][1]]
    assert len(headings) == len(SHEETS[kind].columns)
    assert {"units": "Mã", "people": "Họ và tên", "memberships": "Mã khối"}[kind] in headings
    assert workbook.worksheets[1].max_row >= 3  # the guide sheet


def test_unit_export_reopens_with_the_units_and_imports_back_unchanged(world, login) -> None:
    client = login(world.user("board"))
    content = client.get(reverse("transfer:export", args=["units"])).content
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    ]
    by_code = {r[0]: r for r in rows}
    assert set(by_code) == set(Unit.objects.values_list("code", flat=True))
    assert by_code["SO-NV-TDKT"][1] == "Phòng Thi đua - Khen thưởng" and by_code["SO-NV-TDKT"][5] == "SO-NV"
    assert by_code["SO-NV"][3] == "Cơ quan nhà nước"
    before = Unit.objects.count()
    response = _import(client, "units", rows)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert Unit.objects.count() == before
    assert Unit.objects.get(code="SO-NV-TDKT").parent == world.member_unit


def test_units_import_creates_children_before_parents_in_any_order(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["PH-1", "Phòng Một", "", "Phòng, ban trực thuộc", "Tỉnh", "SO-YT", "", "", ""],
        ["SO-YT", "Sở Y tế", "SYT", "state_agency", "province", "UBND-T", "Hà Nội", "01/01/2020", ""],
    ]
    response = _import(client, "units", rows)
    assert response.status_code == 200
    assert Unit.objects.get(code="PH-1").parent == Unit.objects.get(code="SO-YT")
    assert Unit.objects.get(code="SO-YT").active_from == datetime.date(2020, 1, 1)
    assert "thêm mới 2" in response.content.decode()
    assert AuditEntry.objects.filter(action="unit.create", object_repr="Sở Y tế").exists()


def test_bad_unit_rows_are_all_reported_and_nothing_is_imported(world, login) -> None:
    client = login(world.user("board"))
    before = _state()
    rows = [
        ["OK-1", "Đơn vị tốt", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
        ["OK-1", "Trùng mã", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
        ["X-2", "", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
        ["X-3", "Sai loại", "", "Hợp tác xã", "Tỉnh", "", "", "", ""],
        ["X-4", "Sai ngày", "", "Cơ quan nhà nước", "Tỉnh", "", "", "31/02/2024", ""],
        ["X-5", "Cấp trên lạ", "", "Cơ quan nhà nước", "Tỉnh", "KHONG-CO", "", "", ""],
    ]
    response = _import(client, "units", rows)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Không có dữ liệu nào được nhập" in page
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert (3, "Mã") in errors  # duplicate code, row 3 in Excel
    assert (4, "Tên") in errors  # missing name
    assert (5, "Loại") in errors  # unknown kind
    assert (6, "Hoạt động từ") in errors  # 31/02
    assert (7, "Mã đơn vị cấp trên") in errors  # unknown parent
    assert _state() == before


def test_people_import_with_bad_rows_imports_nothing(world, login) -> None:
    client = login(world.user("board"))
    before = _state()
    rows = [
        ["Lê Thị Hoa", "Nữ", "05/06/1985", "001185000123", "", "SO-NV", "Chuyên viên", "01/01/2024", ""],
        ["Trần Văn Tư", "Nam", "", "00118500012", "", "SO-NV", "Chuyên viên", "01/01/2024", ""],
        ["Phạm Văn Năm", "Nam", "", "", "", "KHONG-CO", "Chuyên viên", "01/01/2024", ""],
        ["Đỗ Thị Sáu", "Không rõ", "", "", "", "SO-NV", "Chuyên viên", "", ""],
        ["Nguyễn Thị Bảy", "Nữ", "", "001190000001", "", "SO-NV", "Chuyên viên", "01/01/2024", ""],
    ]
    response = _import(client, "people", rows)
    assert response.status_code == 422
    errors = {(e.row, e.column): e.message for e in response.context["result"].errors}
    assert "12 chữ số" in errors[(3, "Số CCCD")]
    assert (4, "Mã đơn vị") in errors
    assert (5, "Giới tính") in errors and (5, "Giữ chức vụ từ ngày") in errors
    assert "Nguyễn Thị Lan" in errors[(6, "Số CCCD")]  # the ID belongs to someone already recorded
    assert _state() == before


def test_people_import_flags_likely_duplicates_until_confirmed(world, login) -> None:
    client = login(world.user("board"))
    Person.objects.filter(pk=world.member_person.pk).update(birth_date=datetime.date(1990, 1, 1))
    row = ["NGUYỄN THỊ LAN", "Nữ", "01/01/1990", "", "", "SO-NV", "Chuyên viên", "01/01/2024", ""]
    response = _import(client, "people", [row])
    assert response.status_code == 422
    assert "có thể đã có" in response.content.decode()
    row[-1] = "x"
    response = _import(client, "people", [row])
    assert response.status_code == 200
    assert Person.objects.filter(name_search="nguyen thi lan").count() == 2


def test_people_import_and_export_round_trip(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        [
            "Vũ Thị Hạnh",
            "Nữ",
            datetime.datetime(1988, 3, 4),
            "036188000777",
            "CC-77",
            "SO-NV-TDKT",
            "Trưởng phòng",
            "01/07/2025",
            "",
        ]
    ]
    assert _import(client, "people", rows).status_code == 200
    person = Person.objects.get(national_id="036188000777")
    assert (
        person.birth_date == datetime.date(1988, 3, 4)
        and person.positions.get().unit == world.member_sub_unit
    )
    content = client.get(reverse("transfer:export", args=["people"])).content
    exported = [
        list(r)
        for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    ]
    assert [
        "Vũ Thị Hạnh",
        "Nữ",
        "04/03/1988",
        "036188000777",
        "CC-77",
        "SO-NV-TDKT",
        "Trưởng phòng",
        "01/07/2025",
        None,
    ] in exported


def test_memberships_import_sets_up_a_year_through_the_rules(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["KHOI-A", 2025, "VP-UB", "Khối trưởng"],
        ["KHOI-A", 2025, "SO-NV", "Khối phó"],
        ["KHOI-A", 2025, "SO-TC", "Thành viên"],
    ]
    assert _import(client, "memberships", rows).status_code == 200
    year = BlockYear.objects.with_members().get(block=world.block, year=2025)
    assert year.leader == world.deputy_unit and year.deputies == [world.member_unit]


def test_memberships_import_reports_a_group_without_leader_and_the_rotation_rule(world, login) -> None:
    client = login(world.user("board"))
    before = _state()
    rows = [
        ["KHOI-A", 2025, "VP-UB", "Khối phó"],
        ["KHOI-A", 2025, "SO-NV", "Thành viên"],
        ["KHOI-B", 2025, "CA-T", "Khối trưởng"],  # led 2024: refused by the rotation rule
        ["KHOI-B", 2025, "VKS-T", "Khối phó"],
    ]
    response = _import(client, "memberships", rows)
    assert response.status_code == 422
    messages = [(e.row, e.message) for e in response.context["result"].errors]
    assert any(row == 2 and "đúng một Khối trưởng" in message for row, message in messages)
    assert _state() == before
    # With the first block fixed, the rotation problem of the second is still reported and nothing lands.
    rows[0][3] = "Khối trưởng"
    rows[1][3] = "Khối phó"
    response = _import(client, "memberships", rows)
    assert response.status_code == 422
    assert any("đã làm Khối trưởng năm 2024" in e.message for e in response.context["result"].errors)
    assert not BlockYear.objects.filter(block=world.block, year=2025).exists()
    assert _state() == before


def test_a_file_that_is_not_xlsx_gets_a_clear_error(world, login) -> None:
    client = login(world.user("board"))
    response = client.post(
        reverse("transfer:import", args=["units"]),
        {"file": SimpleUploadedFile("danh-sach.csv", b"a,b\n1,2\n")},
    )
    assert response.status_code == 422
    assert "Tệp phải là bảng tính Excel (.xlsx)" in response.content.decode()
    response = client.post(
        reverse("transfer:import", args=["units"]), {"file": SimpleUploadedFile("hong.xlsx", b"not a zip")}
    )
    assert response.status_code == 422
    assert "không đọc được" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_board_uses_import_and_export(world, login, persona) -> None:
    client = login(world.user(persona))
    expected = 200 if persona in ("board", "admin") else 403
    for name in ("template", "export"):
        assert client.get(reverse(f"transfer:{name}", args=["units"])).status_code == expected
    assert client.get(reverse("transfer:index")).status_code == expected
    response = _import(client, "units", [["Z-1", "Đơn vị Z", "", "Khác", "Tỉnh", "", "", "", ""]])
    assert response.status_code == expected
    assert Unit.objects.filter(code="Z-1").exists() == (expected == 200)


def test_anonymous_is_sent_to_login(db, client) -> None:
    response = client.get(reverse("transfer:export", args=["people"]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
