"""The statistics through the API: the page's figures, filters and door."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/"


def _api(world: Any, persona: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.user(persona))
    return api


def test_the_board_reads_the_province_as_counted_by_hand(world):
    given = generate(world)
    response = _api(world, "board").get(URL, {"year_from": 2021, "year_to": 2024})
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == {
        "label": "Toàn tỉnh",
        "year_from": 2021,
        "year_to": 2024,
        "block": None,
        "unit": None,
    }
    totals = {r["year"]: r for r in body["totals"]}
    for year in range(2021, 2025):
        assert totals[year]["collective"] == sum(g.collective for g in given if g.year == year)
        assert totals[year]["individual"] == sum(not g.collective for g in given if g.year == year)
        assert totals[year]["women"] == sum(g.gender == "female" for g in given if g.year == year)
    assert sum(r["collective"] + r["individual"] for r in body["awards"]) == len(given)
    assert set(body) >= {"ratings", "rankings", "leading_units", "scores", "proposals"}


def test_a_block_through_the_api_equals_the_page(world, login):
    generate(world)
    query = {"year_from": 2021, "year_to": 2024, "block": world.block.pk}
    body = _api(world, "board").get(URL, query).json()
    page = login(world.user("board")).get("/stats/", query)
    assert body["scope"]["block"] == world.block.pk
    assert body["totals"] == page.context["stats"]["totals"]
    assert body["awards"] == page.context["stats"]["awards"]


def test_a_unit_officer_reads_its_unit_not_the_province_nor_another_unit(world):
    api = _api(world, "member")
    own = api.get(URL, {"year_from": 2021, "year_to": 2024})
    assert own.status_code == 200 and own.json()["scope"]["unit"] == world.member_unit.pk
    assert api.get(URL, {"unit": world.outside_unit.pk}).status_code == 400  # not among its choices
    assert api.get(URL, {"block": world.block_b.pk}).status_code == 400


def test_delegates_and_anonymous_are_refused(world):
    assert _api(world, "delegate").get(URL).status_code == 403
    assert APIClient().get(URL).status_code in (401, 403)


def test_bad_filters_say_what_to_fix(world):
    response = _api(world, "board").get(URL, {"year_from": 2024, "year_to": 2020})
    assert response.status_code == 400
    assert "Năm bắt đầu không được sau năm kết thúc." in response.content.decode()
    response = _api(world, "board").get(URL, {"year_from": "abc"})
    assert response.status_code == 400 and "year_from" in response.json()


def test_the_schema_lists_the_statistics(world):
    schema = _api(world, "board").get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/statistics/:" in schema.content
