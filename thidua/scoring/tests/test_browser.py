"""The scoring flow in a real browser: self-scores in place, evidence, submission, the leader's
verification and the published ranking with its chart."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.orgs.services import update_unit
from thidua.scoring.models import Criterion, CriterionKind, ScoreEntry
from thidua.scoring.services.reviews import assign_reviewer, set_review_score, submit_review
from thidua.scoring.tests.test_tables import _table
from thidua.scoring.tests.test_year import FULL, _score_all
from thidua.testing import log_in as _log_in

pytestmark = pytest.mark.browser


def test_self_score_review_and_published_ranking(
    world: Any, year: dict[str, Any], live_server: Any, page: Page, tmp_path: Any
) -> None:
    card = year["cards"][world.member_unit.pk]
    table = year["table"]
    _log_in(page, live_server.url, "member")
    page.goto(live_server.url + f"/scoring/cards/{card.pk}/")
    expect(page.locator("h1")).to_contain_text("Phiếu chấm điểm của Sở Nội vụ")
    for code, value in {"I.1": "38,5", "I.2": "20", "II.1": "25", "II.2": "15"}.items():
        criterion = table.criteria.get(code=code)
        field = page.locator(f"#score-{criterion.pk}")
        field.fill(value)
        field.press("Tab")
        expect(page.locator(f"#score-{criterion.pk}")).to_have_value(value)
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4 bao cao")
    # Each score's row is swapped in when its save returns; uploading into a row that is about to be
    # swapped would lose the file (seen under CI load), so wait for the saves first.
    page.wait_for_load_state("networkidle")
    page.set_input_files(f"#file-{table.criteria.get(code='I.2').pk}", str(evidence))
    expect(page.get_by_role("link", name="bao-cao.pdf")).to_be_visible()
    page.get_by_role("button", name="Gửi phiếu chấm điểm").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi phiếu chấm điểm")
    assert ScoreEntry.objects.get(scorecard=card, criterion__code="I.1").self_score == D("38.5")

    # The other members submit and are verified through the services.
    _score_all(world, year["cards"][world.leader_unit.pk], FULL, world.user("leader"))
    _score_all(world, year["cards"][world.deputy_unit.pk], FULL, world.user("board"))
    normal = list(table.criteria.filter(kind=CriterionKind.NORMAL))
    for unit, verifier in ((world.leader_unit, world.deputy_unit), (world.deputy_unit, world.leader_unit)):
        assignment = assign_reviewer(actor=None, card=year["cards"][unit.pk], reviewer=verifier)
        for criterion in normal:
            set_review_score(
                actor=None,
                assignment=assignment,
                criterion=criterion,
                score=criterion.max_points - 1,
                justification="",
            )
        submit_review(actor=None, assignment=assignment)

    page.context.clear_cookies()  # log out the member
    _log_in(page, live_server.url, "leader")
    page.goto(live_server.url + f"/scoring/cards/{card.pk}/")
    page.get_by_role("button", name="Thẩm định (Khối trưởng)").click()
    expect(page.locator("h1")).to_contain_text("Sở Tài chính chấm thẩm định Sở Nội vụ")
    for criterion in normal:
        page.locator(f"#score-{criterion.pk}").fill(str(criterion.max_points).replace(".00", ""))
    page.get_by_role("button", name="Gửi kết quả thẩm định").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi kết quả thẩm định")

    page.goto(live_server.url + f"/scoring/{world.block.pk}/2024/")
    page.get_by_role("button", name="Công bố xếp hạng").click()
    expect(page.locator("tbody tr").first).to_contain_text("Sở Nội vụ")
    expect(page.locator("tbody tr").first).to_contain_text("100")
    expect(page.locator("#ranking-chart")).to_be_visible()
    expect(page.locator(".text-bg-success")).to_contain_text("Công bố lúc")


def _edit_in_place(page: Page, base: str, table_pk: int, code: str) -> None:
    """Open the table editor, edit `code` in its row, be refused, then save."""
    page.goto(base + f"/scoring/tables/{table_pk}/")
    page.get_by_role("link", name=f"Sửa {code}").click()
    max_points = page.locator("#id_edit-max_points")
    expect(max_points).to_have_value("15")  # 15, not 15.00
    max_points.fill("16")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("vượt 40 điểm của nhóm")
    expect(max_points).to_have_value("16")  # the form stays, with what was typed
    max_points.fill("10")
    page.locator("#id_edit-text").fill("Công tác thi đua, khen thưởng (sửa)")
    page.get_by_role("button", name="Lưu").click()
    row = page.locator("tr", has_text="Công tác thi đua, khen thưởng (sửa)")
    expect(row).to_contain_text(f"Đã lưu thay đổi của {code}.")
    expect(page.locator("#id_edit-max_points")).to_have_count(0)
    expect(page.locator(".alert-warning")).to_contain_text("cộng lại được 35 điểm")


def test_edit_a_criterion_in_place_at_desktop_and_phone(
    world: Any, live_server: Any, page: Page, phone: Page
) -> None:
    for screen in (page, phone):
        table = _table(world)  # a draft of its own for each screen (versions 1 and 2)
        _log_in(screen, live_server.url, "leader")
        _edit_in_place(screen, live_server.url, table.pk, "II.2")
        stored = Criterion.objects.get(table=table, code="II.2")
        assert (stored.max_points, stored.text) == (D(10), "Công tác thi đua, khen thưởng (sửa)")
    # Nothing sticks out of a phone's screen sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_ranking_chart_and_reviewer_picker_fit_a_phone(
    world: Any, year: dict[str, Any], live_server: Any, phone: Page
) -> None:
    # A long name, as real units have: it must wrap, not be cut off at the left edge.
    update_unit(
        actor=None, unit=world.member_unit, name="Ban Tuyên giáo và Dân vận Thành ủy Nha Trang tỉnh Khánh Hòa"
    )
    _score_all(world, year["cards"][world.member_unit.pk], FULL, world.user("member"))
    _log_in(phone, live_server.url, "leader")

    phone.goto(live_server.url + f"/scoring/{world.block.pk}/2024/")
    row = phone.locator("#progress tbody tr", has_text="Ban Tuyên giáo")
    picker = row.locator("select")
    button = row.get_by_role("button", name="Phân công")
    expect(picker).to_be_visible()
    picker_box, button_box = picker.bounding_box(), button.bounding_box()
    assert picker_box is not None and button_box is not None
    assert picker_box["width"] >= 200  # room for a unit's name
    assert button_box["x"] + button_box["width"] <= 390 and abs(button_box["y"] - picker_box["y"]) < 10

    phone.goto(live_server.url + f"/scoring/{world.block.pk}/2024/ranking/")
    expect(phone.locator("#ranking-chart")).to_be_visible()
    fits = phone.evaluate(
        """() => {
        const chart = Chart.getChart(document.getElementById("ranking-chart"));
        const ctx = chart.ctx;
        ctx.font = Chart.helpers.toFont(chart.options.scales.y.ticks.font).string;
        const lines = chart.data.labels.flat();
        const widest = Math.max(...lines.map((line) => ctx.measureText(line).width));
        return {labels: chart.data.labels, widest: widest, axis: chart.scales.y.width};
    }"""
    )
    long_name = next(label for label in fits["labels"] if label[0].startswith("Ban Tuyên giáo"))
    assert len(long_name) > 1  # wrapped onto several lines
    assert fits["widest"] <= fits["axis"]  # every line is drawn whole inside the canvas


def test_a_refused_self_score_shows_its_reason_in_the_row(
    world: Any, year: dict[str, Any], live_server: Any, phone: Page
) -> None:
    # The row answers 422; htmx must be told to swap it (htmx-config in base.html). The phone page is
    # used because Chromium logs every 4xx answer as a console error, which the desktop fixture fails on.
    card = year["cards"][world.member_unit.pk]
    criterion = year["table"].criteria.get(code="I.1")
    _log_in(phone, live_server.url, "member")
    phone.goto(live_server.url + f"/scoring/cards/{card.pk}/")
    field = phone.locator(f"#score-{criterion.pk}")
    field.fill("41")
    field.press("Tab")
    expect(phone.locator(f"#row-{criterion.pk} .invalid-feedback")).to_contain_text("từ 0 đến 40")
    assert not ScoreEntry.objects.filter(
        scorecard=card, criterion=criterion, self_score__isnull=False
    ).exists()


def test_the_scorecard_stacks_each_criterion_on_a_phone(
    world: Any, year: dict[str, Any], live_server: Any, phone: Page
) -> None:
    """Issue 15 item 1: at 390 px a criterion's text spans the screen (not a word per line) and its
    score field and evidence are reachable without sideways scrolling."""
    card = year["cards"][world.member_unit.pk]
    _log_in(phone, live_server.url, "member")
    phone.goto(live_server.url + f"/scoring/cards/{card.pk}/")
    row = phone.locator("#scorecard tbody tr[id^='row-']").first
    text = row.locator("td.stack-text")
    score = row.locator("td.score-cell input[inputmode=decimal]").first
    evidence = row.locator("input[type=file]").first
    expect(score).to_be_visible()
    text_box, score_box, file_box = text.bounding_box(), score.bounding_box(), evidence.bounding_box()
    assert text_box is not None and score_box is not None and file_box is not None
    assert text_box["width"] >= 300  # the text runs across the screen
    for box in (score_box, file_box):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # The table's own scroll box does not scroll sideways either.
    assert phone.evaluate(
        "() => { const t = document.querySelector('#scorecard').parentElement; return t.scrollWidth <= t.clientWidth; }"
    )
