"""The scoring flow in a real browser: self-scores in place, evidence, submission, the leader's
verification and the published ranking with its chart."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.scoring import cards
from thidua.scoring.models import CriterionKind, ScoreEntry
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
        assignment = cards.assign_reviewer(actor=None, card=year["cards"][unit.pk], reviewer=verifier)
        for criterion in normal:
            cards.set_review_score(
                actor=None,
                assignment=assignment,
                criterion=criterion,
                score=criterion.max_points - 1,
                justification="",
            )
        cards.submit_review(actor=None, assignment=assignment)

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
