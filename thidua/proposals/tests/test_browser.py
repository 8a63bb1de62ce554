"""The whole way in a real browser (issue 9 item 11): the unit attaches the papers R-DOS-01/02 ask
for and submits, the board receives it and returns it with a reason, the unit resubmits, the board
appraises and sends it to the council, the council's session is convened, opened, counted and
closed, the decision is drafted and issued, and the award is in the person's history. The board
works at phone width. Only the council and its members are set up through the services: the
steps themselves go through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.council import services as council_services
from thidua.council.models import MemberRole
from thidua.proposals.tests.helpers import PAPER_PDF, unit_dossier
from thidua.testing import log_in, make_person

pytestmark = pytest.mark.browser


def _fits(phone: Page) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def _attach(page: Page, kind: str, line_pk: int, name: str) -> None:
    """Upload one scanned paper for the line through the dossier page's form."""
    page.locator("summary", has_text="Đính kèm văn bản").click()
    form = page.locator("#paper-form")
    form.locator("#id_kind").select_option(kind)
    form.locator("#id_line").select_option(str(line_pk))
    form.locator("#id_file").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PAPER_PDF}
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Đính kèm").click()
    expect(page.locator(f"#checklist li[data-paper-kind={kind}]")).to_have_attribute("data-present", "1")


def _council(world: Any, members: int = 5) -> Any:
    """The province's council for 2024 with `members` members (setup, not the point of the test)."""
    board = world.user("board")
    council = council_services.create_council(
        actor=board, body=world.province, year=2024, name="Hội đồng Thi đua - Khen thưởng tỉnh"
    )
    roles = [MemberRole.CHAIR, MemberRole.VICE, MemberRole.SECRETARY]
    for i in range(members):
        council_services.add_member(
            actor=board,
            council=council,
            person=make_person(f"Thành viên Hội đồng {i + 1}", world.member_unit),
            role=roles[i] if i < len(roles) else MemberRole.MEMBER,
        )
    return council


def test_unit_board_and_council_take_a_dossier_to_a_decision(
    world: Any, live_server: Any, page: Page, phone: Page
) -> None:
    dossier = unit_dossier(world, papers=False)
    line = dossier.current_lines().get()
    council = _council(world)
    dossier_url = f"{live_server.url}/proposals/{dossier.pk}/"

    # The unit: submission is refused while R-DOS-01/02 papers are missing, then papers, then submit.
    log_in(page, live_server.url, "member")
    page.goto(dossier_url)
    expect(page.locator("#checklist li[data-present='0']")).to_have_count(3)
    with page.expect_navigation():
        page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".alert-danger").first).to_contain_text("R-DOS")
    expect(page.locator("#dossier-status")).to_have_text("Dự thảo")
    _attach(page, "report", line.pk, "bao-cao-thanh-tich.pdf")
    _attach(page, "minutes", line.pk, "bien-ban-binh-xet.pdf")
    _attach(page, "certification", line.pk, "xac-nhan-sang-kien.pdf")
    expect(page.locator("#checklist li[data-present='0']")).to_have_count(0)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã gửi")

    # The board, on a phone: receive, then return with a reason.
    log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + "/proposals/?status=submitted")
    with phone.expect_navigation():
        phone.get_by_role("link", name=dossier.title).click()
    expect(phone.locator("#dossier-status")).to_have_text("Đã gửi")
    _fits(phone)
    phone.get_by_role("button", name="Tiếp nhận").click()
    expect(phone.locator("#dossier-status")).to_have_text("Đã tiếp nhận")
    phone.locator("summary", has_text="Trả lại đơn vị").click()
    phone.locator("#return-form #id_reason").fill("Thiếu báo cáo thành tích cá nhân")
    phone.get_by_role("button", name="Trả lại với các lý do này").click()
    expect(phone.locator("#dossier-status")).to_have_text("Bị trả lại")

    # The unit sees the reason, corrects the line and resubmits (a new version).
    page.reload()
    expect(page.locator("#history")).to_contain_text("Thiếu báo cáo thành tích cá nhân")
    page.get_by_role("link", name="Sửa").first.click()
    page.fill("#id_wording", "Đã có thành tích xuất sắc năm 2024")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Nộp lại").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã nộp lại")

    # The board receives the new version, appraises and sends it to the council.
    phone.reload()
    phone.get_by_role("button", name="Tiếp nhận").click()
    expect(phone.locator("#dossier-status")).to_have_text("Đã tiếp nhận")
    phone.get_by_role("button", name="Thẩm định").click()
    expect(phone.locator("#dossier-status")).to_have_text("Đang thẩm định")
    phone.get_by_role("button", name="Trình Hội đồng").click()
    expect(phone.locator("#dossier-status")).to_have_text("Chờ Hội đồng xét")

    # The council: convene a session, put the dossier before it, open with all five present,
    # count the papers (5 in favour ≥ ceil(80 % × 5) = 4 for CSTĐCS, R-IND-04) and close.
    phone.goto(f"{live_server.url}/council/{council.pk}/")
    phone.fill("#id_date", "20/12/2024")
    phone.fill("#id_place", "Phòng họp số 1, UBND tỉnh")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tạo phiên họp").click()
    expect(phone.locator("h1")).to_have_text("Phiên họp Hội đồng ngày 20/12/2024")
    phone.locator("#id_dossier").select_option(str(dossier.pk))
    with phone.expect_navigation():
        phone.get_by_role("button", name="Trình Hội đồng").click()
    expect(phone.locator("#lines tbody tr[data-line]")).to_have_count(1)
    expect(phone.locator("#lines td[data-need]")).to_have_attribute("data-need", "4")
    checks = phone.locator("#open-form input[type=checkbox]")
    expect(checks).to_have_count(5)
    for i in range(5):
        checks.nth(i).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Khai mạc với các thành viên đã đánh dấu có mặt").click()
    expect(phone.locator("#present-count")).to_have_text("5")
    phone.locator("#counts-form input[name^=yes_]").fill("5")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ghi kết quả kiểm phiếu").click()
    expect(phone.locator("#lines [data-result=pass]")).to_contain_text("5")
    with phone.expect_navigation():
        phone.locator("#close-session").click()
    expect(phone.locator("#session-status")).to_have_text("Đã kết thúc")
    expect(phone.locator("#session-minutes")).to_contain_text("BB")
    _fits(phone)

    # The decision: drafted from the dossier, Điều 2's money 1.0 × 2.340.000 (R-MONEY-01), issued.
    phone.goto(dossier_url)
    expect(phone.locator("#dossier-council")).to_contain_text("20/12/2024")
    phone.fill("#id_number", "25/QĐ-UBND")
    phone.fill("#id_date", "15/01/2025")
    phone.get_by_role("button", name="Dự thảo quyết định").last.click()
    expect(phone.locator("#decision-status")).to_have_text("Dự thảo")
    expect(phone.locator("#decision-total")).to_have_text("2.340.000")
    _fits(phone)
    phone.get_by_role("button", name="Ban hành quyết định").click()
    expect(phone.locator("#decision-status")).to_have_text("Đã ban hành")

    # The unit sees the dossier decided and the award in its person's history.
    page.goto(dossier_url)
    expect(page.locator("#dossier-status")).to_have_text("Đã khen thưởng")
    page.goto(f"{live_server.url}/awards/people/{world.member_person.pk}/")
    expect(page.locator("section[aria-labelledby=awards-title]")).to_contain_text("25/QĐ-UBND")
