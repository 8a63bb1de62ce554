"""Importing units: created or updated by code, parents in any order, every bad row reported."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.audit.models import AuditEntry
from thidua.orgs.models import Unit
from thidua.transfer.tests.workbooks import errors_of, post, state


def test_creates_children_and_parents_in_any_order_with_an_audit_entry_each(world, login) -> None:
    client = login(world.user("board"))
    rows: list[list[Any]] = [
        ["PH-1", "Phòng Một", "", "Phòng, ban trực thuộc", "Tỉnh", "SO-YT", "", "", ""],
        ["SO-YT", "Sở Y tế", "SYT", "state_agency", "province", "UBND-T", "Hà Nội", "01/01/2020", ""],
        [
            "SO-GD",
            "Sở Giáo dục",
            "",
            "co quan nha nuoc",
            "PROVINCE",
            "",
            "",
            datetime.datetime(2021, 7, 1),
            "",
        ],
    ]
    response = post(client, "units", rows)
    assert response.status_code == 302
    assert Unit.objects.get(code="PH-1").parent == Unit.objects.get(code="SO-YT")
    assert Unit.objects.get(code="SO-YT").active_from == datetime.date(2020, 1, 1)
    assert Unit.objects.get(code="SO-GD").active_from == datetime.date(2021, 7, 1)
    assert Unit.objects.get(code="SO-GD").kind == "state_agency"
    assert "thêm mới 3" in client.get(response.url).content.decode()
    assert AuditEntry.objects.filter(action="unit.create").count() == 3


def test_an_existing_code_updates_that_unit(world, login) -> None:
    client = login(world.user("board"))
    row = ["SO-NV", "Sở Nội vụ tỉnh", "SNV", "Cơ quan nhà nước", "Tỉnh", "UBND-T", "", "", "31/12/2030"]
    assert post(client, "units", [row]).status_code == 302
    world.member_unit.refresh_from_db()
    assert (world.member_unit.name, world.member_unit.active_to) == (
        "Sở Nội vụ tỉnh",
        datetime.date(2030, 12, 31),
    )
    assert Unit.objects.filter(code="SO-NV").count() == 1


def test_bad_unit_rows_are_all_reported_and_nothing_is_imported(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        ["OK-1", "Đơn vị tốt", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
        ["OK-1", "Trùng mã", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
        ["X-2", "", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
        ["X-3", "Sai loại", "", "Hợp tác xã", "Tỉnh", "", "", "", ""],
        ["X-4", "Sai ngày", "", "Cơ quan nhà nước", "Tỉnh", "", "", "31/02/2024", ""],
        ["X-5", "Cấp trên lạ", "", "Cơ quan nhà nước", "Tỉnh", "KHONG-CO", "", "", ""],
        ["X-6", "Ngày ngược", "", "Cơ quan nhà nước", "Tỉnh", "", "", "01/01/2025", "01/01/2024"],
        ["X" * 41, "Mã dài", "", "Cơ quan nhà nước", "Tỉnh", "", "", "", ""],
    ]
    response = post(client, "units", rows)
    errors = errors_of(response)
    assert "Mã OK-1 đã có ở dòng 2" in errors[(3, "Mã")]
    assert errors[(4, "Tên")] == "Ô này là bắt buộc."
    assert "Hợp tác xã" in errors[(5, "Loại")] and "Cơ quan nhà nước" in errors[(5, "Loại")]
    assert "31/02/2024" in errors[(6, "Hoạt động từ")] and "03/04/2026" in errors[(6, "Hoạt động từ")]
    assert "KHONG-CO" in errors[(7, "Mã đơn vị cấp trên")]
    assert (8, "Hoạt động đến") in errors
    assert (9, "Mã") in errors
    assert len(errors) == 7
    assert "Không có dữ liệu nào được nhập" in response.content.decode()
    assert state() == before


def test_parent_loops_are_refused(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        ["L-1", "Vòng một", "", "Khác", "Tỉnh", "L-2", "", "", ""],
        ["L-2", "Vòng hai", "", "Khác", "Tỉnh", "L-1", "", "", ""],
        ["UBND-T", "UBND tỉnh Thử Nghiệm", "", "Cơ quan nhà nước", "Tỉnh", "SO-NV", "", "", ""],
        ["L-3", "Chính nó", "", "Khác", "Tỉnh", "L-3", "", "", ""],
    ]
    errors = errors_of(post(client, "units", rows))
    assert {(2, "Mã đơn vị cấp trên"), (3, "Mã đơn vị cấp trên"), (4, "Mã đơn vị cấp trên")} <= set(errors)
    assert errors[(5, "Mã đơn vị cấp trên")] == "Đơn vị không thể là cấp trên của chính mình."
    assert state() == before


def test_a_loop_through_units_already_in_thidua_is_refused(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    # SO-NV-TDKT is a sub-unit of SO-NV in the database; putting SO-NV under it closes a loop.
    rows = [
        ["NEW-1", "Đơn vị mới", "", "Khác", "Tỉnh", "", "", "", ""],
        ["SO-NV", "Sở Nội vụ", "", "Cơ quan nhà nước", "Tỉnh", "SO-NV-TDKT", "", "", ""],
    ]
    errors = errors_of(post(client, "units", rows))
    assert errors == {(3, "Mã đơn vị cấp trên"): "Các đơn vị cấp trên tạo thành vòng lặp."}
    assert state() == before
