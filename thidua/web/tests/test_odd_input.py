"""Odd input found by the review of stop 20 answers 400 or 404 with a message, never 500: digits that
str.isdigit() accepts but int() refuses ("²"), and a JSON list where an object is expected."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.proposals.tests.helpers import unit_dossier


@pytest.fixture(autouse=True)
def _catalogue(db):
    from thidua.awards.catalogue import seed_catalogue

    seed_catalogue()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_superscript_digits_are_not_ids(world) -> None:
    board = _api(world.user("board"))
    assert board.get("/api/v1/summary-reports/%C2%B2/").status_code == 404
    dossier = unit_dossier(world)
    member = _api(world.user("member"))
    for what in ("papers", "checklist"):
        response = member.get(f"/api/v1/dossiers/{dossier.pk}/{what}/", {"version": "²"})
        assert response.status_code == 200, (what, response.status_code)


def test_a_json_list_is_refused_with_a_message(world) -> None:
    board = _api(world.user("board"))
    url = f"/api/v1/summary-reports/{world.block_year.pk}/"
    assert board.get(url).status_code == 200
    for method in (board.patch, board.put):
        response = method(url, ["strengths"], format="json")
        assert response.status_code == 400, response.status_code
    response = board.post(url + "status/", [], format="json")
    assert response.status_code == 400 and "JSON" in str(response.json())
