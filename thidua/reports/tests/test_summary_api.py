"""The summary-reports API through the same door and services as the pages: read, write the leader's
sections, change the status (a wrong transition refused, nothing changed), download the DOCX."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from rest_framework.test import APIClient

from thidua.conferences.tests.helpers import make_conference
from thidua.reports.models import SummaryReport, SummaryStatus

ALLOWED = ["board", "admin", "leader"]
REFUSED = ["member", "outsider", "observer", "delegate"]


def _api(world: Any, persona: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.user(persona))
    return api


@pytest.mark.parametrize("persona", ALLOWED + REFUSED)
def test_summary_reports_api_per_persona(world: Any, persona: str) -> None:
    api = _api(world, persona)
    base = f"/api/v1/summary-reports/{world.block_year.pk}/"
    if persona in REFUSED:
        assert api.get(base).status_code == 404
        assert api.patch(base, {"strengths": "x"}, format="json").status_code == 404
        assert api.post(f"{base}status/", {"status": "sent"}, format="json").status_code == 404
        assert api.get(f"{base}docx/").status_code == 404
        assert not SummaryReport.objects.exists()
        assert api.get("/api/v1/summary-reports/").json()["results"] == []
        return
    body = api.get(base).json()
    assert (body["status"], body["year"], body["strengths"], body["issued_number"]) == (
        "draft",
        2024,
        "",
        None,
    )
    response = api.patch(base, {"strengths": "Đoàn kết, chủ động.", "status": "issued"}, format="json")
    assert response.status_code == 200 and response.json()["strengths"] == "Đoàn kết, chủ động."
    assert SummaryReport.objects.get().status == SummaryStatus.DRAFT  # status only through its action
    assert [r["block_year"] for r in api.get("/api/v1/summary-reports/").json()["results"]] == [
        world.block_year.pk
    ]
    conference = make_conference(world, start=False)
    response = api.post(f"{base}status/", {"status": "sent", "conference": conference.pk}, format="json")
    assert response.status_code == 200 and response.json()["conference"] == conference.pk
    assert conference.report_sections.filter(heading="II. ƯU ĐIỂM").exists()
    response = api.post(f"{base}status/", {"status": "issued"}, format="json")
    assert response.status_code == 200 and response.json()["issued_number"].startswith("01/BC")
    data = api.get(f"{base}docx/").content
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "Đoàn kết, chủ động." in paragraphs


def test_summary_reports_api_refusals_change_nothing(world: Any) -> None:
    api = _api(world, "leader")
    base = f"/api/v1/summary-reports/{world.block_year.pk}/"
    response = api.post(f"{base}status/", {"status": "issued"}, format="json")
    assert response.status_code == 400 and SummaryReport.objects.get().status == SummaryStatus.DRAFT
    assert api.post(f"{base}status/", {"status": "bogus"}, format="json").status_code == 400
    other = make_conference(world, start=False)
    other.block_year = world.block_b.years.get(year=2024)
    other.save(update_fields=["block_year"])
    response = api.post(f"{base}status/", {"status": "sent", "conference": other.pk}, format="json")
    assert response.status_code == 400 and SummaryReport.objects.get().status == SummaryStatus.DRAFT
    api.post(f"{base}status/", {"status": "sent"}, format="json")
    api.post(f"{base}status/", {"status": "issued"}, format="json")
    response = api.patch(base, {"lessons": "Muộn."}, format="json")
    assert response.status_code == 400 and SummaryReport.objects.get().lessons == ""
    assert api.get("/api/v1/summary-reports/999999/").status_code == 404
    # The other block's year is not the leader's: 404.
    assert api.get(f"/api/v1/summary-reports/{world.block_b.years.get(year=2024).pk}/").status_code == 404
