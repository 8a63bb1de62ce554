"""The proposals API per persona: the same doors and services as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from thidua.awards.models import AwardRecord
from thidua.proposals.models import Dossier, DossierStatus
from thidua.proposals.tests.helpers import approved, attach_papers, unit_dossier

pytestmark = pytest.mark.django_db


def _client(world, persona):
    client = APIClient()
    client.force_authenticate(world.user(persona))
    return client


def test_schema_lists_the_proposals_endpoints(world):
    schema = _client(world, "board").get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/dossiers/{id}/return/",
        "/api/v1/decisions/{id}/issue/",
        "/api/v1/fund-entries/balances/",
    ):
        assert path in schema


@pytest.mark.parametrize(
    ("persona", "count"), [("board", 1), ("observer", 1), ("member", 1), ("outsider", 0), ("delegate", 0)]
)
def test_dossier_list_per_persona(world, persona, count):
    dossier = unit_dossier(world)
    response = _client(world, persona).get("/api/v1/dossiers/")
    assert response.status_code == 200 and response.json()["count"] == count
    detail = _client(world, persona).get(f"/api/v1/dossiers/{dossier.pk}/")
    assert detail.status_code == (200 if count else 404)


def test_the_whole_way_through_the_api(world):
    member, board = _client(world, "member"), _client(world, "board")
    created = member.post(
        "/api/v1/dossiers/",
        {
            "title": "Hồ sơ API",
            "proposing_unit": world.member_unit.pk,
            "receiving_body": world.province.pk,
            "year": 2024,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    line = member.post(
        f"/api/v1/dossiers/{pk}/lines/",
        {"award_type": "CSTDCS", "person": world.member_person.pk, "year": 2024},
        format="json",
    )
    assert line.status_code == 201, line.json()
    line_id = line.json()["id"]
    attach_papers(world, Dossier.objects.get(pk=pk))
    assert member.post(f"/api/v1/dossiers/{pk}/submit/").json()["status"] == "submitted"
    # a submitted dossier cannot be edited by its unit
    assert (
        member.patch(f"/api/v1/dossier-lines/{line_id}/", {"wording": "x"}, format="json").status_code == 403
    )
    assert member.post(f"/api/v1/dossiers/{pk}/receive/").status_code == 403
    assert board.post(f"/api/v1/dossiers/{pk}/receive/").json()["status"] == "received"
    refused = board.post(f"/api/v1/dossiers/{pk}/return/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    returned = board.post(
        f"/api/v1/dossiers/{pk}/return/",
        {"reason": "Thiếu báo cáo", "line_reasons": {str(line_id): "Bổ sung"}},
        format="json",
    )
    assert returned.json()["status"] == "returned" and returned.json()["version"] == 2
    lines = member.get(f"/api/v1/dossiers/{pk}/lines/").json()
    assert [row["return_reason"] for row in lines] == ["Bổ sung"]
    new_line = lines[0]["id"]
    assert (
        member.patch(
            f"/api/v1/dossier-lines/{new_line}/", {"wording": "Đã bổ sung"}, format="json"
        ).status_code
        == 200
    )
    assert member.post(f"/api/v1/dossiers/{pk}/resubmit/").json()["status"] == "resubmitted"
    board.post(f"/api/v1/dossiers/{pk}/receive/")
    assert (
        member.post(f"/api/v1/dossier-lines/{new_line}/appraise/", {"appraisal": "eligible"}).status_code
        == 403
    )
    assert (
        board.post(f"/api/v1/dossier-lines/{new_line}/appraise/", {"appraisal": "eligible"}).status_code
        == 200
    )
    assert board.post(f"/api/v1/dossiers/{pk}/send-to-council/").json()["status"] == "for_council"
    steps = [s["to_status"] for s in member.get(f"/api/v1/dossiers/{pk}/transitions/").json()]
    assert steps == [
        "submitted",
        "received",
        "returned",
        "resubmitted",
        "received",
        "under_review",
        "for_council",
    ]

    body = {"dossier": pk, "award_type": "CSTDCS", "number": "7/QĐ-UBND", "date": "2025-01-15"}
    assert member.post("/api/v1/decisions/", body, format="json").status_code == 403
    decision = board.post("/api/v1/decisions/", body, format="json")
    assert decision.status_code == 201, decision.json()
    assert decision.json()["total"] == 2340000
    did = decision.json()["id"]
    assert member.post(f"/api/v1/decisions/{did}/issue/").status_code == 403
    assert board.post(f"/api/v1/decisions/{did}/issue/").json()["status"] == "issued"
    assert board.post(f"/api/v1/decisions/{did}/issue/").status_code == 400  # never twice
    assert member.get(f"/api/v1/dossiers/{pk}/").json()["status"] == DossierStatus.DECIDED
    record = AwardRecord.objects.get(person=world.member_person)
    assert record.decision_number == "7/QĐ-UBND"
    assert board.post(f"/api/v1/decisions/{did}/cancel/", {"reason": ""}).status_code == 400
    assert board.post(f"/api/v1/decisions/{did}/cancel/", {"reason": "Sai"}).json()["status"] == "cancelled"
    record.refresh_from_db()
    assert record.voided_at is not None
    assert _client(world, "outsider").get(f"/api/v1/decisions/{did}/").status_code == 404


def test_fund_through_the_api(world):
    board = _client(world, "board")
    assert _client(world, "member").get("/api/v1/fund-entries/").status_code == 403
    body = {
        "year": 2025,
        "award_level": "province",
        "kind": "receipt",
        "day": "2025-01-02",
        "amount": 1000000,
        "description": "Thu",
    }
    assert _client(world, "observer").post("/api/v1/fund-entries/", body, format="json").status_code == 403
    assert board.post("/api/v1/fund-entries/", body, format="json").status_code == 201
    [balance] = _client(world, "observer").get("/api/v1/fund-entries/balances/?year=2025").json()
    assert (balance["receipts"], balance["organisation"], balance["balance"]) == (1000000, 200000, 1000000)


def test_block_leader_reads_the_block_dossier(world):
    from thidua.proposals import services

    approved(world, "CO_TD_TINH", unit=world.leader_unit)
    dossier = services.create_block_dossier(actor=world.user("board"), block_year=world.block_year)
    assert _client(world, "leader").get(f"/api/v1/dossiers/{dossier.pk}/").status_code == 200
    assert _client(world, "member").get(f"/api/v1/dossiers/{dossier.pk}/").status_code == 404
