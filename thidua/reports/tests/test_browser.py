"""The Reports tab in a real browser: the leader opens it from the block year, edits a news draft."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.conferences.tests.helpers import make_conference
from thidua.reports.models import NewsDraft
from thidua.testing import log_in

pytestmark = pytest.mark.browser


def test_leader_opens_the_reports_tab_and_edits_the_news_draft(
    world: Any, live_server: Any, page: Page
) -> None:
    conference = make_conference(world, start=False)
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/blocks/{world.block.pk}/2024/")
    page.locator(".nav-tabs").get_by_role("link", name="Báo cáo").click()
    expect(page.locator("#news-drafts")).to_contain_text(conference.title)
    page.locator("#news-drafts").get_by_role("link", name=conference.title).click()
    text = page.locator("textarea[name=text]")
    expect(text).to_have_value(re.compile("^DỰ THẢO"))
    text.fill("DỰ THẢO\n\nKhối A tổng kết năm 2024\n\nĐoạn đã sửa.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert NewsDraft.objects.get().text == "DỰ THẢO\n\nKhối A tổng kết năm 2024\n\nĐoạn đã sửa.\n"
    page.goto(f"{base}/reports/blocks/{world.block.pk}/2024/")
    expect(page.locator("#news-drafts .badge")).to_have_count(1)
