"""The council sessions API per persona: the same doors and services as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.council.models import SessionStatus
from thidua.council.tests.helpers import council_session
from thidua.proposals.models import CouncilOutcome

pytestmark = pytest.mark.django_db


def _client(world, persona):
    client = APIClient()
    client.force_authenticate(world.user(persona))
    return client


def test_schema_lists_the_council_actions(world):
    schema = _client(world, "board").get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/council-sessions/{id}/open/",
        "/api/v1/council-sessions/{id}/enter-counts/",
        "/api/v1/council-sessions/{id}/close/",
    ):
        assert path in schema


@pytest.mark.parametrize(
    ("persona", "count", "detail"),
    [("board", 1, 200), ("observer", 1, 200), ("member", 0, 403), ("outsider", 0, 403), ("delegate", 0, 403)],
)
def test_session_list_per_persona(world, persona, count, detail):
    session, _ = council_session(world)
    client = _client(world, persona)
    response = client.get("/api/v1/council-sessions/")
    assert response.status_code == 200 and response.json()["count"] == count
    assert client.get(f"/api/v1/council-sessions/{session.pk}/").status_code == detail


def test_open_count_and_close_through_the_api(world):
    """R-IND-04: ceil(0,8 × 5) = 4 of all five members; three paper votes and one written opinion."""
    session, team = council_session(world, members=5)
    board = _client(world, "board")
    base = f"/api/v1/council-sessions/{session.pk}"
    data = board.get(f"{base}/").json()
    assert (
        data["members"] == 5 and data["lines"][0]["needed"] == 4 and data["lines"][0]["threshold_pct"] == 80
    )
    opened = board.post(f"{base}/open/", {"present": [m.pk for m in team[:4]]}, format="json")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert sorted(opened.json()["present"]) == sorted(m.pk for m in team[:4])
    line_id = data["lines"][0]["id"]
    counted = board.post(
        f"{base}/enter-counts/",
        {"counts": [{"line": line_id, "yes": 3, "no": 1, "abstain": 0, "written_yes": 1}]},
        format="json",
    )
    assert counted.status_code == 200
    assert (counted.json()["lines"][0]["approved"], counted.json()["lines"][0]["margin"]) == (True, 0)
    closed = board.post(f"{base}/close/")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed" and closed.json()["minutes_number"] == "Số: 01/BB-HĐTĐKT"
    line = session.lines.get()
    line.dossier_line.refresh_from_db()
    assert line.dossier_line.council_outcome == CouncilOutcome.APPROVED


def test_quorum_and_counts_refused_in_vietnamese(world):
    session, team = council_session(world, members=6)
    board = _client(world, "board")
    base = f"/api/v1/council-sessions/{session.pk}"
    # R-VOTE-01: 4 of 6 is below ceil(0.80 x 6) = 5.
    refused = board.post(f"{base}/open/", {"present": [m.pk for m in team[:4]]}, format="json")
    assert refused.status_code == 400 and "Chưa đủ" in str(refused.json())
    board.post(f"{base}/open/", {"present": [m.pk for m in team[:5]]}, format="json")
    line = session.lines.get()
    too_many = board.post(
        f"{base}/enter-counts/",
        {"counts": [{"line": line.pk, "yes": 6, "no": 0, "abstain": 0}]},
        format="json",
    )
    assert too_many.status_code == 400 and "có mặt" in str(too_many.json())
    stranger = board.post(
        f"{base}/enter-counts/",
        {"counts": [{"line": 999999, "yes": 1, "no": 0, "abstain": 0}]},
        format="json",
    )
    assert stranger.status_code == 400
    line.refresh_from_db()
    assert line.approved is None


def test_open_refuses_ids_that_are_not_members(world):
    session, team = council_session(world)
    response = _client(world, "board").post(
        f"/api/v1/council-sessions/{session.pk}/open/", {"present": [999999]}, format="json"
    )
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


@pytest.mark.parametrize("persona", ["observer", "member", "delegate"])
def test_others_cannot_open_count_or_close(world, persona):
    session, team = council_session(world)
    client = _client(world, persona)
    base = f"/api/v1/council-sessions/{session.pk}"
    assert client.post(f"{base}/open/", {"present": [m.pk for m in team]}, format="json").status_code == 403
    assert client.post(f"{base}/close/").status_code == 403
    line = session.lines.get()
    body = {"counts": [{"line": line.pk, "yes": 5, "no": 0, "abstain": 0}]}
    assert client.post(f"{base}/enter-counts/", body, format="json").status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT
