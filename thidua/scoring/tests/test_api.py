"""The scoring API: the same door and services as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.scoring.models import CardStatus, ScoreEntry
from thidua.testing import PERSONAS


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_scorecards_are_scoped(world, year, persona) -> None:
    ids = {row["unit"] for row in _client(world.user(persona)).get("/api/v1/scorecards/").json()["results"]}
    everything = {world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk}
    expected = {
        "board": everything,
        "admin": everything,
        "observer": everything,
        "leader": everything,  # the leader officer runs the year
        "member": {world.member_unit.pk},  # never another member's self-scores before review
        "delegate": {world.member_unit.pk},
        "outsider": set(),
    }[persona]
    assert ids == expected


def test_member_self_scores_and_submits_through_the_api(world, year) -> None:
    card = year["cards"][world.member_unit.pk]
    table = year["table"]
    client = _client(world.user("member"))
    rows = [
        {"criterion": table.criteria.get(code=code).pk, "score": value}
        for code, value in {"I.1": "41"}.items()
    ]
    response = client.post(f"/api/v1/scorecards/{card.pk}/scores/", rows, format="json")
    assert response.status_code == 400 and "self_score" in response.json()
    rows = [
        {"criterion": table.criteria.get(code=code).pk, "score": value}
        for code, value in {"I.1": "39.5", "I.2": "20", "II.1": "25", "II.2": "15"}.items()
    ]
    assert client.post(f"/api/v1/scorecards/{card.pk}/scores/", rows, format="json").status_code == 200
    response = client.post(f"/api/v1/scorecards/{card.pk}/submit/")
    assert response.status_code == 400  # I.2 needs evidence
    assert ScoreEntry.objects.filter(scorecard=card).count() == 4
    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT
    assert (
        _client(world.user("leader"))
        .post(f"/api/v1/scorecards/{card.pk}/scores/", rows, format="json")
        .status_code
        == 403
    )


def test_rankings_show_provisional_only_to_those_who_run_scoring(world, year) -> None:
    url = f"/api/v1/rankings/{world.block_year.pk}/"
    assert "provisional" in _client(world.user("leader")).get(url).json()
    member_view = _client(world.user("member")).get(url).json()
    assert member_view["published"] is None and "provisional" not in member_view
    assert _client(world.user("outsider")).get(url).status_code == 404
    assert _client(world.user("member")).post(url + "publish/").status_code == 403
    assert _client(world.user("leader")).post(url + "publish/").status_code == 400  # nothing verified yet


def test_tables_and_covenants_are_listed_for_the_block(world, year) -> None:
    client = _client(world.user("delegate"))
    tables = client.get("/api/v1/scoring-tables/", {"block_year": world.block_year.pk}).json()["results"]
    assert [t["status"] for t in tables] == ["frozen"] and len(tables[0]["criteria"]) == 8
    covenants = client.get("/api/v1/covenants/").json()["results"]
    assert covenants[0]["status"] == "signed" and len(covenants[0]["signatures"]) == 3
    assert _client(world.user("outsider")).get("/api/v1/covenants/").json()["results"] == []
