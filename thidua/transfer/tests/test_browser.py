"""Importing in a real browser at phone width: the problems table fits, a good file lands."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import FilePayload, Page, expect

from thidua.conferences.models import RecordedMinutes
from thidua.orgs.models import Unit
from thidua.testing import log_in
from thidua.transfer.sheets import SHEETS

pytestmark = pytest.mark.browser


def _file(rows: list[list[Any]], kind: str = "units") -> FilePayload:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([str(c.header) for c in SHEETS[kind].columns])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return {
        "name": "don-vi.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": out.getvalue(),
    }


def test_board_imports_units_on_a_phone(world: Any, live_server: Any, phone: Page) -> None:
    log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + "/transfer/")
    bad = [
        ["P-1", "", "", "Khác", "Tỉnh", "", "", "", ""],
        [
            "P-2",
            "Đơn vị có tên rất dài để thử bảng lỗi trên điện thoại",
            "",
            "Khác",
            "Tỉnh",
            "KHONG-CO",
            "",
            "",
            "",
        ],
    ]
    phone.set_input_files("#file-units", _file(bad))
    phone.locator("#file-units ~ button").click()
    errors = phone.locator("#import-errors")
    expect(errors).to_contain_text("Không có dữ liệu nào được nhập")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors.locator("tbody tr").first).to_contain_text("Ô này là bắt buộc.")
    # The page itself never scrolls sideways; a wide table scrolls inside its own box.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not Unit.objects.filter(code__startswith="P-").exists()

    phone.set_input_files("#file-units", _file([["P-1", "Đơn vị P", "", "Khác", "Tỉnh", "", "", "", ""]]))
    phone.locator("#file-units ~ button").click()
    expect(phone.locator(".alert-success")).to_contain_text("thêm mới 1")
    assert Unit.objects.filter(code="P-1").exists()


def test_board_records_a_year_from_the_minutes_on_a_phone(
    world: Any, award_catalogue: Any, live_server: Any, phone: Page
) -> None:
    log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + "/transfer/")
    good = [
        ["KHOI-A", 2024, "SO-NV", 1, "Dẫn đầu; CO_TD_TINH", 10, "", "05/BB-KA", "20/12/2024", "", "", ""],
        ["KHOI-A", 2024, "VP-UB", 2, "", "?", "Khối trưởng", "", "", "", "", ""],
    ]
    bad = [*good, ["KHOI-A", 2024, "CA-T", 3, "", "", "", "", "", "", "", ""]]  # not a member
    phone.set_input_files("#file-results", _file(bad, "results"))
    phone.locator("#file-results ~ button").click()
    errors = phone.locator("#import-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("Công an tỉnh")
    expect(errors.locator("tbody tr").first.locator("td").first).to_have_text("4")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not RecordedMinutes.objects.exists()

    phone.set_input_files("#file-results", _file(good, "results"))
    phone.locator("#file-results ~ button").click()
    expect(phone.locator(".alert-success")).to_contain_text("thêm mới 1")
    assert RecordedMinutes.objects.get(block_year=world.block_year).minutes_number == "05/BB-KA"
