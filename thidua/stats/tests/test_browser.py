"""The statistics page in a real browser: the board filters a block's years, the charts draw, the
totals show, and the page fits a phone's width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.stats.tests.helpers import generate
from thidua.testing import log_in

pytestmark = pytest.mark.browser


def test_board_filters_a_block_on_a_phone(world: Any, live_server: Any, phone: Page) -> None:
    given = generate(world)
    collectives_2024 = sum(
        g.collective
        for g in given
        if g.year == 2024
        and g.owner_unit
        in {world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk, world.member_sub_unit.pk}
    )
    log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + "/stats/")
    phone.fill("#id_year_from", "2021")
    phone.fill("#id_year_to", "2024")
    phone.select_option("#id_block", label=world.block.name)
    with phone.expect_navigation():
        phone.locator("#stats-filter button[type=submit]").click()
    expect(phone.locator("#stats-scope")).to_contain_text(world.block.name)
    expect(phone.locator('#stats-totals tr[data-year="2024"] td').nth(1)).to_have_text(str(collectives_2024))
    expect(phone.locator("#awards-chart")).to_have_attribute("data-drawn", "true")
    expect(phone.locator("#proposals-chart")).to_have_attribute("data-drawn", "true")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    # Each chart is drawn inside the phone's width, with pixels on it, from the page's figures.
    for chart in ("awards-chart", "proposals-chart"):
        box = phone.locator(f"#{chart}").bounding_box()
        assert box is not None and 0 < box["x"] and box["x"] + box["width"] <= 390 and box["height"] > 100, (
            box
        )
        assert phone.evaluate(PAINTED, chart), chart
    drawn = phone.evaluate(
        "() => { const c = Chart.getChart(document.getElementById('awards-chart'));"
        " return {labels: c.data.labels, data: c.data.datasets.map(d => d.data)}; }"
    )
    assert drawn["labels"] == [2023, 2024]  # the block's years
    assert drawn["data"][0][-1] == collectives_2024


# True when the canvas has at least one painted (not transparent) pixel.
PAINTED = """id => {
  const c = document.getElementById(id);
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) { return true; } }
  return false;
}"""
