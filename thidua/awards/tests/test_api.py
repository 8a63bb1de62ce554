"""The awards API for every persona: catalogue, history, initiatives, single eligibility and jobs."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.awards.models import AwardRecord, EvaluationJob
from thidua.awards.tests.helpers import rate
from thidua.testing import PERSONAS

READERS = {"board", "admin", "observer", "leader", "member"}


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.THIDUA_JOBS_INLINE = True


def _client(world, persona):
    client = APIClient()
    client.force_authenticate(world.user(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_for_every_persona(world, persona) -> None:
    client = _client(world, persona)
    catalogue = client.get("/api/v1/award-types/")
    assert catalogue.status_code == 200 and catalogue.json()["count"] == 14
    assert client.get("/api/v1/award-types/CSTD_TINH/").json()["versions"][-1]["valid_from"] == "2025-07-01"
    expected = 200 if persona != "delegate" else 403
    for path in (
        "/api/v1/award-records/",
        "/api/v1/ratings/",
        "/api/v1/initiatives/",
        "/api/v1/eligibility-jobs/",
    ):
        assert client.get(path).status_code == expected, (persona, path)
    check = client.post(
        "/api/v1/eligibility/check/",
        {"person": world.member_person.pk, "award_type": "LDTT", "year": 2025},
        format="json",
    )
    assert check.status_code == (200 if persona in READERS else 403 if persona == "delegate" else 404), (
        persona
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_an_award_follows_the_door(world, persona) -> None:
    client = _client(world, persona)
    response = client.post(
        "/api/v1/award-records/",
        {"person": world.member_person.pk, "award_type": "LDTT", "year": 2025},
        format="json",
    )
    writers = {"board", "admin", "member"}
    expected = 201 if persona in writers else 404 if persona == "outsider" else 403
    assert response.status_code == expected, persona
    assert AwardRecord.objects.exists() == (persona in writers)


def test_check_returns_the_explanation(world) -> None:
    rate(world.member_person, 2025, "excellent")
    data = (
        _client(world, "board")
        .post(
            "/api/v1/eligibility/check/",
            {"person": world.member_person.pk, "award_type": "CSTDCS", "year": 2025},
            format="json",
        )
        .json()
    )
    assert data["status"] == "eligible" and "152/2025" in data["citation"]
    assert any(c["rule"] == "R-IND-02" and c["records"] for c in data["conditions"])
    bad = _client(world, "board").post(
        "/api/v1/eligibility/check/", {"award_type": "CSTDCS", "year": 2025}, format="json"
    )
    assert bad.status_code == 400


def test_jobs_start_and_list_results(world) -> None:
    rate(world.member_person, 2024)
    board = _client(world, "board")
    job = board.post(
        "/api/v1/eligibility-jobs/",
        {"year": 2024, "block": world.block.pk, "award_type": "LDTT"},
        format="json",
    )
    assert job.status_code == 201
    body = board.get(f"/api/v1/eligibility-jobs/{job.json()['id']}/").json()
    assert body["status"] == "done" and body["percent"] == 100
    results = board.get(f"/api/v1/eligibility-jobs/{body['id']}/results/?status=eligible").json()["results"]
    assert [r["person"] for r in results] == [world.member_person.pk]
    member = _client(world, "member")
    assert member.post("/api/v1/eligibility-jobs/", {"year": 2024}, format="json").status_code == 403
    assert member.get(f"/api/v1/eligibility-jobs/{body['id']}/").status_code == 404
    assert EvaluationJob.objects.count() == 1
