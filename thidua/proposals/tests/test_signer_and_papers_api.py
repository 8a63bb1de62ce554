"""Who signs the tờ trình (the dossier's signer), and the papers through the API (R-DOS-01/02)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from thidua.proposals import papers, services
from thidua.proposals.models import DossierAttachment, PaperKind
from thidua.proposals.tests.helpers import unit_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 bien ban hop xet\n%%EOF"


def _client(world, persona):
    client = APIClient()
    client.force_authenticate(world.user(persona))
    return client


def _texts(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [line.strip() for cell in row.cells for line in cell.text.splitlines()]
    return texts


def test_the_submission_is_signed_by_the_dossiers_signer(world, login):
    dossier = unit_dossier(world)
    assert "THỦ TRƯỞNG ĐƠN VỊ" in _texts(papers.submission_docx(dossier))
    client = login(world.user("member"))
    page = client.get(reverse("proposals:dossier", args=[dossier.pk])).content.decode()
    assert 'id="signer-form"' in page
    client.post(
        reverse("proposals:signer", args=[dossier.pk]),
        {"signer_title": "Phó Giám đốc", "signer_name": "Trần Văn Bình"},
    )
    dossier.refresh_from_db()
    assert (dossier.signer_title, dossier.signer_name) == ("Phó Giám đốc", "Trần Văn Bình")
    texts = _texts(papers.submission_docx(dossier))
    assert "KT. GIÁM ĐỐC" in texts and "PHÓ GIÁM ĐỐC" in texts and "Trần Văn Bình" in texts
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    response = client.post(
        reverse("proposals:signer", args=[dossier.pk]), {"signer_title": "Giám đốc", "signer_name": "X"}
    )
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.signer_name == "Trần Văn Bình"


def test_papers_through_the_api(world):
    dossier = unit_dossier(world, papers=False)
    line = dossier.current_lines().get()
    member = _client(world, "member")
    checklist = member.get(f"/api/v1/dossiers/{dossier.pk}/checklist/").json()
    assert [(row["paper"], row["present"]) for row in checklist] == [
        ("submission", True),
        ("report", False),
        ("minutes", False),
        ("certification", False),
    ]
    refused = member.post(f"/api/v1/dossiers/{dossier.pk}/submit/")
    assert refused.status_code == 400 and "R-DOS-01/02" in str(refused.json())
    created = member.post(
        f"/api/v1/dossiers/{dossier.pk}/papers/",
        {"kind": PaperKind.MINUTES, "file": SimpleUploadedFile("bb.pdf", PDF), "note": "Họp xét ngày 01/12"},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["original_name"] == "bb.pdf" and body["size"] == len(PDF) and body["uploaded_by"] == "member"
    bad = member.post(
        f"/api/v1/dossiers/{dossier.pk}/papers/",
        {"kind": PaperKind.OTHER, "file": SimpleUploadedFile("x.pdf", b"<html></html>")},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.json()
    for kind in (PaperKind.REPORT, PaperKind.CERTIFICATION):
        assert (
            member.post(
                f"/api/v1/dossiers/{dossier.pk}/papers/",
                {"kind": kind, "line": line.pk, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)},
                format="multipart",
            ).status_code
            == 201
        )
    replaced = member.post(
        f"/api/v1/dossiers/{dossier.pk}/papers/",
        {
            "kind": PaperKind.MINUTES,
            "replaces": body["id"],
            "file": SimpleUploadedFile("bb2.pdf", PDF + b"2"),
        },
        format="multipart",
    )
    assert replaced.status_code == 201 and replaced.json()["replaces"] == body["id"]
    listed = member.get(f"/api/v1/dossiers/{dossier.pk}/papers/").json()
    assert len(listed) == 4 and [row["active"] for row in listed if row["id"] == body["id"]] == [False]
    assert b"".join(member.get(f"/api/v1/dossier-papers/{body['id']}/file/").streaming_content) == PDF
    # observers read, never change; outsiders see nothing
    observer = _client(world, "observer")
    assert observer.get(f"/api/v1/dossier-papers/{body['id']}/").status_code == 200
    assert observer.post(f"/api/v1/dossier-papers/{replaced.json()['id']}/remove/").status_code == 403
    assert (
        observer.post(
            f"/api/v1/dossiers/{dossier.pk}/papers/",
            {"kind": PaperKind.OTHER, "file": SimpleUploadedFile("o.pdf", PDF)},
            format="multipart",
        ).status_code
        == 403
    )
    assert _client(world, "outsider").get(f"/api/v1/dossier-papers/{body['id']}/file/").status_code == 404
    extra = member.post(
        f"/api/v1/dossiers/{dossier.pk}/papers/",
        {"kind": PaperKind.OTHER, "file": SimpleUploadedFile("nham.pdf", PDF)},
        format="multipart",
    ).json()
    removed = member.post(f"/api/v1/dossier-papers/{extra['id']}/remove/", {"reason": "Tải nhầm"})
    assert removed.status_code == 200 and removed.json()["removed_at"] and not removed.json()["active"]
    assert member.post(f"/api/v1/dossiers/{dossier.pk}/submit/").json()["status"] == "submitted"
    late = member.post(f"/api/v1/dossier-papers/{replaced.json()['id']}/remove/", {"reason": "x"})
    assert late.status_code == 403
    assert DossierAttachment.objects.filter(removed_at__isnull=False).count() == 1


def test_the_schema_lists_the_paper_endpoints(world):
    schema = _client(world, "board").get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/dossiers/{id}/papers/",
        "/api/v1/dossiers/{id}/checklist/",
        "/api/v1/dossier-papers/{id}/remove/",
    ):
        assert path in schema
