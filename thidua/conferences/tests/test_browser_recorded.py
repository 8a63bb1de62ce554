"""Recording a year's results from the paper minutes in a real browser (issue 12 item 1): a wrong line
is named and nothing is saved; the corrected minutes show the standings with unknown votes and next
year's leader."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.blocks.models import BlockYear
from thidua.conferences.models import RecordedMinutes
from thidua.testing import log_in

pytestmark = pytest.mark.browser


def test_the_leader_officer_records_the_minutes(world: Any, live_server: Any, page: Page) -> None:
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/conferences/{world.block.pk}/2024/")
    page.locator("#recorded-minutes-link").click()
    expect(page.locator("#minutes-form")).to_be_visible()
    page.fill("#id_minutes_number", "05/BB-KTĐ")
    page.fill("#id_held_on", "20/12/2024")
    page.fill("#id_standings", "SO-TC; 1; 12\nCA-T; 2; 3")
    page.select_option("#id_next_leader", label="Văn phòng UBND tỉnh")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator("#minutes-form .invalid-feedback")).to_contain_text("Dòng 2")
    assert not RecordedMinutes.objects.exists()

    page.fill("#id_standings", "SO-TC; 1; 12\nVP-UB; 2; ?")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận kết quả năm 2024 theo biên bản")
    rows = page.locator("#standings tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Sở Tài chính")
    expect(rows.nth(1)).to_contain_text("không rõ")
    expect(page.locator("#next-year")).to_contain_text("Văn phòng UBND tỉnh")
    expect(page.locator("#minutes-source")).to_contain_text("20/12/2024")
    assert BlockYear.objects.get(block=world.block, year=2025).leader == world.deputy_unit
