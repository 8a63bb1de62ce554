"""Evidence files (issue 11 item 3, issue 15 item 9): checked by content, served as downloads, and
replaced or removed (audited) while the card is a draft, never after it is submitted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.audit.models import AuditEntry
from thidua.lib.tests import samples
from thidua.scoring.models import Evidence, ScoreEntry
from thidua.scoring.services.cards import add_evidence
from thidua.scoring.tests.test_year import FULL, _score_all


def _upload(client, card, criterion, name: str, content: bytes):
    return client.post(
        reverse("scoring:evidence_add", args=[card.pk]),
        {"criterion": criterion.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("x.pdf", samples.EXE), ("evil.html", samples.HTML), ("evil.js", samples.JS), ("anh.svg", samples.SVG)],
)
def test_evidence_that_is_a_program_a_page_or_a_script_is_refused(world, year, login, name, content) -> None:
    card = year["cards"][world.member_unit.pk]
    criterion = year["table"].criteria.get(code="I.2")
    response = _upload(login(world.user("member")), card, criterion, name, content)
    assert f"Không nhận tệp {name}: nội dung tệp không phải là PDF" in response.content.decode()
    assert not Evidence.objects.exists()


def test_office_files_and_scans_are_accepted_as_evidence(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    criterion = year["table"].criteria.get(code="I.2")
    client = login(world.user("member"))
    for name, content in (
        ("bao-cao.docx", samples.docx_bytes()),
        ("so-lieu.xlsx", samples.xlsx_bytes()),
        ("quet.png", samples.png()),
        ("quyet-dinh.pdf", samples.PDF),
    ):
        _upload(client, card, criterion, name, content)
    assert sorted(Evidence.objects.values_list("original_name", "content_type")) == [
        ("bao-cao.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("quet.png", "image/png"),
        ("quyet-dinh.pdf", "application/pdf"),
        ("so-lieu.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    pdf = Evidence.objects.get(original_name="quyet-dinh.pdf")
    shown = client.get(reverse("scoring:evidence", args=[pdf.pk]) + "?inline=1")
    assert (shown["Content-Type"], shown["Content-Disposition"][:6]) == ("application/pdf", "inline")
    assert client.get(reverse("scoring:evidence", args=[pdf.pk]))["Content-Disposition"].startswith(
        "attachment"
    )


def test_evidence_stored_before_the_check_is_served_as_an_attachment(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    entry = ScoreEntry.objects.create(scorecard=card, criterion=year["table"].criteria.get(code="I.2"))
    evidence = Evidence(
        entry=entry,
        original_name="minh-chung.html",
        sha256="0" * 64,
        size=len(samples.HTML),
        uploaded_by=world.user("member"),
        uploaded_at=timezone.now(),
    )
    evidence.file.save("minh-chung.html", SimpleUploadedFile("minh-chung.html", samples.HTML), save=False)
    evidence.save()
    response = login(world.user("leader")).get(reverse("scoring:evidence", args=[evidence.pk]) + "?inline=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_evidence_is_replaced_or_removed_while_the_card_is_a_draft(
    world, year, login, django_capture_on_commit_callbacks
) -> None:
    card = year["cards"][world.member_unit.pk]
    criterion = year["table"].criteria.get(code="I.2")
    client = login(world.user("member"))
    _upload(client, card, criterion, "nham.pdf", samples.PDF)
    wrong = Evidence.objects.get()
    page = client.get(reverse("scoring:scorecard", args=[card.pk])).content.decode()
    assert reverse("scoring:evidence_remove", args=[wrong.pk]) in page
    # Another unit's officer cannot touch it.
    other = login(world.user("leader"))
    assert other.post(reverse("scoring:evidence_remove", args=[wrong.pk])).status_code == 403
    client = login(world.user("member"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scoring:evidence_replace", args=[wrong.pk]),
            {"file": SimpleUploadedFile("dung.docx", samples.docx_bytes())},
            follow=True,
        )
    assert "Đã thay tệp minh chứng." in response.content.decode()
    right = Evidence.objects.get()
    assert right.original_name == "dung.docx" and not default_storage.exists(wrong.file.name)
    replaced = AuditEntry.objects.get(action="scorecard.evidence_replace")
    assert ((replaced.before or {})["file"], (replaced.after or {})["file"]) == ("nham.pdf", "dung.docx")
    # A replacement that is not evidence is refused and the file in place stays.
    response = client.post(
        reverse("scoring:evidence_replace", args=[right.pk]),
        {"file": SimpleUploadedFile("x.pdf", samples.EXE)},
        follow=True,
    )
    assert "Không nhận tệp x.pdf" in response.content.decode()
    assert list(Evidence.objects.all()) == [right] and default_storage.exists(right.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scoring:evidence_remove", args=[right.pk]), follow=True)
    assert "Đã xóa tệp minh chứng." in response.content.decode()
    assert not Evidence.objects.exists() and not default_storage.exists(right.file.name)
    removed = AuditEntry.objects.get(action="scorecard.evidence_remove")
    assert (removed.before or {})["sha256"] == right.sha256 and removed.actor_id == world.user("member").pk


def test_evidence_stays_once_the_card_is_submitted(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    _score_all(world, card, FULL, world.user("member"))
    evidence = Evidence.objects.get(entry__scorecard=card)
    client = login(world.user("member"))
    response = client.post(reverse("scoring:evidence_remove", args=[evidence.pk]), follow=True)
    assert "Phiếu chấm đã gửi, không sửa được nữa." in response.content.decode()
    client.post(
        reverse("scoring:evidence_replace", args=[evidence.pk]),
        {"file": SimpleUploadedFile("moi.pdf", samples.PDF)},
    )
    assert list(Evidence.objects.filter(entry__scorecard=card)) == [evidence]
    assert default_storage.exists(evidence.file.name)
    assert (
        reverse("scoring:evidence_remove", args=[evidence.pk])
        not in client.get(reverse("scoring:scorecard", args=[card.pk])).content.decode()
    )
    with pytest.raises(ValidationError):
        add_evidence(
            actor=world.user("member"),
            card=card,
            criterion=evidence.entry.criterion,
            name="muon.pdf",
            content=samples.PDF,
        )
