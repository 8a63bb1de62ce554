"""The certificates API: the board reads the layouts and their sample, and prints an issued
decision's certificates through the same services and doors as the pages; nobody else may."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from thidua.certificates import services
from thidua.certificates.models import CertificateLayout, CertificateNumber, FieldName
from thidua.certificates.tests.helpers import issued_decision, runs
from thidua.jobs.models import Job


@pytest.fixture
def layouts(world):
    return services.create_default_layouts(actor=world.user("board"), place="Khánh Hòa")


def _client(world, persona):
    client = APIClient()
    client.force_authenticate(world.user(persona))
    return client


def test_board_lists_the_layouts_with_their_fields_and_previews_one(world, layouts):
    client = _client(world, "board")
    listing = client.get("/api/v1/certificate-layouts/")
    assert listing.status_code == 200 and listing.json()["count"] == len(layouts) == 5
    first = next(x for x in listing.json()["results"] if x["name"] == "Bằng khen — cá nhân (A3 ngang)")
    assert first["award_type"] == "BK_TINH" and first["recipient_kind"] == "individual"
    assert Decimal(first["paper_width_mm"]) == 420 and first["version"] is None and not first["has_scan"]
    assert {f["name"] for f in first["layout_fields"]} == set(FieldName.values)
    preview = client.get(f"/api/v1/certificate-layouts/{first['id']}/preview/?scan=0")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert "NGUYỄN THỊ HỒNG NHUNG" in PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()


@pytest.mark.parametrize("persona", ["leader", "member", "outsider", "delegate", "observer"])
def test_only_the_board_reads_the_layouts(world, layouts, persona):
    client = _client(world, persona)
    assert client.get("/api/v1/certificate-layouts/").status_code == 403
    assert client.get(f"/api/v1/certificate-layouts/{layouts[0].pk}/").status_code == 403
    assert client.get(f"/api/v1/certificate-layouts/{layouts[0].pk}/preview/").status_code == 403


def test_board_prints_a_decision_then_downloads_its_pdf(world, layouts):
    decision = issued_decision(world, people=2, units=1)
    client = _client(world, "board")
    address = f"/api/v1/decisions/{decision.pk}/certificates/"
    early = client.get(address)
    assert early.status_code == 400
    assert early.json()["non_field_errors"] == ["Quyết định này chưa được cấp số sổ vàng."]
    printer = services.save_printer(
        actor=world.user("board"), name="HP", dx_mm=1, dy_mm=0, scale=Decimal("1.05")
    )
    started = client.post(address, {"printer": printer.pk}, format="json")
    job = Job.objects.get(kind="certificates.decision")
    assert started.status_code == 202 and started.json() == {"job": job.pk, "status": "done"}
    assert job.params["printer_id"] == printer.pk
    assert CertificateNumber.objects.filter(decision=decision, layout_version__number=1).count() == 3
    pdf = client.get(address + f"?printer={printer.pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pages = runs(pdf.content)
    assert len(pages) == 3 and any("Số sổ vàng: 03" in t for t, *_ in pages[2])
    layout = CertificateLayout.objects.get(award_type=decision.award_type, recipient_kind="individual")
    name = layout.fields.get(name=FieldName.NAME)
    [size] = {s for t, *_, s in pages[1] if t.strip() == "NGUYỄN THỊ LAN"}
    assert size == pytest.approx(float(name.size_pt) * 1.05, abs=0.6)  # scaled, maybe shrunk to fit
    listing = client.get("/api/v1/certificate-layouts/").json()["results"]
    assert {x["id"]: x["version"] for x in listing}[layout.pk] == 1


@pytest.mark.parametrize("persona", ["member", "observer", "leader", "delegate", "outsider"])
def test_others_cannot_print_or_download_a_decisions_certificates(world, layouts, persona):
    decision = issued_decision(world, people=1, units=0)
    client = _client(world, persona)
    address = f"/api/v1/decisions/{decision.pk}/certificates/"
    assert client.post(address).status_code in (403, 404)
    assert client.get(address).status_code in (403, 404)
    assert not CertificateNumber.objects.exists() and not Job.objects.exists()


def test_a_decision_that_is_not_issued_is_refused_with_a_message(world, layouts):
    decision = issued_decision(world, people=1, units=0)
    decision.status = "draft"
    decision.save(update_fields=["status"])
    response = _client(world, "board").post(f"/api/v1/decisions/{decision.pk}/certificates/")
    assert response.status_code == 400, response.content
    assert response.json()["non_field_errors"] == ["Chỉ quyết định đã ban hành mới in được giấy chứng nhận."]


def test_a_layout_id_that_is_not_a_number_is_not_found(world) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.user("board"))
    assert client.get("/api/v1/certificate-layouts/o%C3%BC/").status_code == 404
    assert client.get("/api/v1/certificate-layouts/o%C3%BC/preview/").status_code == 404
