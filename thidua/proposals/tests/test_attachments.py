"""The papers of a dossier (R-DOS-01/02): uploaded per version, replaced and removed but never
deleted, refused once the dossier is submitted, carried to the next version on return."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.proposals import services
from thidua.proposals.checklist import checklist, missing_papers
from thidua.proposals.models import DossierAttachment, DossierStatus, PaperKind
from thidua.proposals.tests.helpers import D, approved, attach_papers, unit_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 xac nhan sang kien cap co so\n%%EOF"


def test_upload_keeps_the_hash_size_uploader_and_is_audited(world):
    dossier = unit_dossier(world, papers=False)
    member = world.user("member")
    line = dossier.current_lines().get()
    item = services.upload_attachment(
        actor=member,
        dossier=dossier,
        kind=PaperKind.CERTIFICATION,
        line=line,
        name="xac-nhan.pdf",
        content=PDF,
    )
    item.refresh_from_db()
    assert item.version == 1 and item.line == line and item.active
    assert item.sha256 == hashlib.sha256(PDF).hexdigest()
    assert item.size == len(PDF)
    assert item.uploaded_by == member
    assert item.content_type == "application/pdf"
    with item.file.open("rb") as handle:
        assert handle.read() == PDF
    entry = AuditEntry.objects.filter(action="dossier.paper.upload").get()
    assert entry.after is not None
    assert entry.after["sha256"] == item.sha256 and entry.after["kind"] == "certification"


def test_replacing_stamps_the_old_paper_superseded_and_keeps_it(world):
    dossier = unit_dossier(world, papers=False)
    member = world.user("member")
    old = services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.MINUTES, name="bien-ban.pdf", content=PDF
    )
    new = services.upload_attachment(
        actor=member,
        dossier=dossier,
        kind=PaperKind.MINUTES,
        replaces=old,
        name="bien-ban-sua.pdf",
        content=PDF + b" sua",
    )
    old.refresh_from_db()
    assert old.superseded_at is not None and not old.active
    assert new.replaces == old and new.active
    assert DossierAttachment.objects.filter(dossier=dossier).count() == 2
    with pytest.raises(ValidationError):
        services.upload_attachment(
            actor=member, dossier=dossier, kind=PaperKind.MINUTES, replaces=old, name="x.pdf", content=PDF
        )


def test_removing_stamps_removed_and_never_deletes(world):
    dossier = unit_dossier(world, papers=False)
    member = world.user("member")
    item = services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.OTHER, name="khac.pdf", content=PDF
    )
    services.remove_attachment(actor=member, attachment=item, reason="Tải nhầm")
    item.refresh_from_db()
    assert item.removed_at is not None and item.removed_by == member
    assert item.file.storage.exists(item.file.name)
    after = AuditEntry.objects.filter(action="dossier.paper.remove").get().after
    assert after is not None and after["reason"] == "Tải nhầm"
    with pytest.raises(ValidationError):
        services.remove_attachment(actor=member, attachment=item)


def test_a_file_that_is_not_a_document_is_refused(world):
    dossier = unit_dossier(world, papers=False)
    with pytest.raises(ValidationError, match="file"):
        services.upload_attachment(
            actor=world.user("member"),
            dossier=dossier,
            kind=PaperKind.OTHER,
            name="bao-cao.pdf",
            content=b"<html><script>alert(1)</script></html>",
        )
    assert not DossierAttachment.objects.exists()


def test_papers_are_refused_once_submitted_and_open_again_when_returned(world):
    dossier = unit_dossier(world, papers=False)
    member, board = world.user("member"), world.user("board")
    line = dossier.current_lines().get()
    kept = services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.CERTIFICATION, line=line, name="xn.pdf", content=PDF
    )
    services.upload_attachment(actor=member, dossier=dossier, kind=PaperKind.OTHER, name="o.pdf", content=PDF)
    gone = services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.OTHER, name="nham.pdf", content=PDF
    )
    services.remove_attachment(actor=member, attachment=gone)
    _submit_with_papers(world, dossier)
    for actor in (member, board):
        with pytest.raises(ValidationError):
            services.upload_attachment(
                actor=actor, dossier=dossier, kind=PaperKind.OTHER, name="muon.pdf", content=PDF
            )
        with pytest.raises(ValidationError):
            services.remove_attachment(actor=actor, attachment=kept)
    services.receive_dossier(actor=board, dossier=dossier, today=D(2024, 12, 6))
    services.return_dossier(actor=board, dossier=dossier, reason="Bổ sung xác nhận")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED and dossier.version == 2
    carried = DossierAttachment.objects.filter(dossier=dossier, version=2)
    new_line = dossier.current_lines().get()
    # the papers in use come along, on the copy of their line; the removed one does not
    assert sorted(carried.values_list("original_name", flat=True)) == sorted(
        DossierAttachment.objects.filter(dossier=dossier, version=1, removed_at__isnull=True).values_list(
            "original_name", flat=True
        )
    )
    assert carried.get(original_name="xn.pdf").line == new_line
    assert carried.get(original_name="xn.pdf").sha256 == kept.sha256
    # the returned version keeps its own papers, and the unit may attach again
    assert DossierAttachment.objects.filter(dossier=dossier, version=1).count() >= 3
    services.upload_attachment(
        actor=member,
        dossier=dossier,
        kind=PaperKind.CERTIFICATION,
        line=new_line,
        name="xn2.pdf",
        content=PDF,
    )
    with pytest.raises(ValidationError):
        services.upload_attachment(
            actor=member, dossier=dossier, kind=PaperKind.OTHER, line=line, name="cu.pdf", content=PDF
        )


def _submit_with_papers(world, dossier):
    attach_papers(world, dossier)
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 5))


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


def test_the_unit_uploads_replaces_and_removes_on_the_page(world, login):
    dossier = unit_dossier(world, papers=False)
    line = dossier.current_lines().get()
    client = login(world.user("member"))
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert 'id="paper-form"' in page
    response = client.post(
        url("attachment_add", dossier.pk),
        {
            "kind": PaperKind.CERTIFICATION,
            "line": str(line.pk),
            "note": "Sáng kiến cấp cơ sở",
            "file": SimpleUploadedFile("xác-nhận.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    item = DossierAttachment.objects.get()
    assert item.line == line and item.original_name == "xác-nhận.pdf"
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert "xác-nhận.pdf" in page and "Sáng kiến cấp cơ sở" in page
    client.post(
        url("attachment_replace", item.pk),
        {"file": SimpleUploadedFile("xac-nhan-moi.pdf", PDF + b"2", content_type="application/pdf")},
    )
    new = DossierAttachment.objects.get(replaces=item)
    client.post(url("attachment_remove", new.pk))
    new.refresh_from_db()
    assert new.removed_at is not None
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert page.count('data-paper="') == 2  # both still listed in the history
    download = client.get(url("attachment_file", item.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("persona", ["outsider", "observer", "delegate"])
def test_others_cannot_attach(world, login, persona):
    dossier = unit_dossier(world, papers=False)
    response = login(world.user(persona)).post(
        url("attachment_add", dossier.pk),
        {"kind": PaperKind.OTHER, "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code in (403, 404)
    assert not DossierAttachment.objects.exists()


def test_others_cannot_download(world, login):
    dossier = unit_dossier(world, papers=False)
    item = services.upload_attachment(
        actor=world.user("member"), dossier=dossier, kind=PaperKind.OTHER, name="a.pdf", content=PDF
    )
    assert login(world.user("outsider")).get(url("attachment_file", item.pk)).status_code == 404


# -- the checklist before submission (R-DOS-01/02) ----------------------------------------------------


def test_submit_refuses_and_lists_the_missing_papers_in_vietnamese(world):
    from django.utils import translation

    dossier = unit_dossier(world, papers=False)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 5))
    text = " ".join(refused.value.messages)
    assert "R-DOS-01/02" in text
    assert "Báo cáo thành tích" in text and "Biên bản" in text and "Xác nhận" in text
    assert "Nguyễn Thị Lan" in text
    assert "Tờ trình" not in text  # written by thidua: present
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.submitted_on is None
    with translation.override("vi"):
        missing = missing_papers(dossier)
    assert len(missing) == 3 and all("(R-DOS-0" in item for item in missing)


def test_a_minutes_for_the_whole_dossier_covers_each_line_and_the_initiative_is_per_line(world):
    dossier = unit_dossier(world, papers=False)
    member = world.user("member")
    line = dossier.current_lines().get()
    services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.MINUTES, name="bb.pdf", content=PDF
    )
    services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.REPORT, line=line, name="bc.pdf", content=PDF
    )
    # a certification for the whole dossier does not stand for the line's own (R-DOS-01)
    services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.CERTIFICATION, name="chung.pdf", content=PDF
    )
    assert [(i.paper, i.rule) for i in checklist(dossier) if not i.present] == [("certification", "R-DOS-01")]
    services.upload_attachment(
        actor=member, dossier=dossier, kind=PaperKind.INITIATIVE, line=line, name="sk.pdf", content=PDF
    )
    assert missing_papers(dossier) == []
    dossier = services.submit_dossier(actor=member, dossier=dossier, today=D(2024, 12, 5))
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_removed_paper_no_longer_counts(world):
    dossier = unit_dossier(world, papers=False)
    attach_papers(world, dossier)
    report = DossierAttachment.objects.get(kind=PaperKind.REPORT)
    services.remove_attachment(actor=world.user("member"), attachment=report)
    assert [i.paper for i in checklist(dossier) if not i.present] == ["report"]


def test_the_conference_vote_is_the_minutes_and_the_titles_are_a_setting(world, settings):
    approved(world, "CSTDCS", person=world.member_person, yes=3)
    approved(world, "BK_TINH", unit=world.member_unit, yes=2)
    dossier = services.create_block_dossier(actor=world.user("leader"), block_year=world.block_year)
    items = checklist(dossier)
    minutes = [i for i in items if i.paper == PaperKind.MINUTES]
    assert len(minutes) == 2 and all(i.present and i.source == "conference" for i in minutes)
    assert _certified(items) == ["CSTDCS"]
    settings.THIDUA_CERTIFIED_TITLES = ("BK_TINH",)
    assert _certified(checklist(dossier)) == ["BK_TINH"]


def _certified(items):
    return [i.line.award_type.code for i in items if i.paper == PaperKind.CERTIFICATION and i.line]


def test_the_dossier_page_shows_the_checklist(world, login):
    dossier = unit_dossier(world, papers=False)
    client = login(world.user("member"))
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert 'id="checklist"' in page
    assert page.count('data-present="0"') == 3 and page.count('data-present="1"') == 1
    client.post(url("submit", dossier.pk))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
    attach_papers(world, dossier)
    page = client.get(url("dossier", dossier.pk)).content.decode()
    assert 'data-present="0"' not in page
