"""Issue 11 item 3 for the conference's files, proxies and written opinions: an upload is checked by
its content, a stored file is never served as a page or a script, a file attached by mistake can be
removed until the conference is closed, and nothing is attached to a closed conference."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.audit.models import AuditEntry
from thidua.audit.services import verify_chain
from thidua.conferences import services
from thidua.conferences.models import ConferenceFile, FileKind, Proxy, WrittenOpinion
from thidua.conferences.tests.helpers import delegate, make_conference
from thidua.lib.tests import samples

REFUSED_PHOTO = "nội dung tệp không phải là ảnh JPEG, PNG hoặc WebP"


def _attach(client, conference, kind: str, name: str, content: bytes):
    return client.post(
        reverse("conferences:add_file", args=[conference.pk]),
        {"file-kind": kind, "file-file": SimpleUploadedFile(name, content), "file-caption": ""},
        follow=True,
    )


def _media_files() -> set[str]:
    found: set[str] = set()

    def walk(folder: str) -> None:
        folders, files = default_storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}")

    if default_storage.exists("conferences"):
        walk("conferences")
    return found


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        ("photo", "evil.js", samples.JS, REFUSED_PHOTO),
        ("photo", "evil.html", samples.HTML, REFUSED_PHOTO),
        ("photo", "anh.svg", samples.SVG, REFUSED_PHOTO),
        ("photo", "anh.jpg", samples.HTML, REFUSED_PHOTO),
        ("document", "x.pdf", samples.EXE, "nội dung tệp không phải là PDF, ảnh chụp hoặc bản quét"),
        ("document", "bien-ban.pdf", samples.HTML, "không dựa vào tên tệp"),
    ],
)
def test_an_upload_that_is_not_what_its_kind_accepts_is_refused(
    world, login, settings, tmp_path, kind, name, content, message
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # a storage of its own, to see that nothing is written
    conference = make_conference(world)
    response = _attach(login(world.user("board")), conference, kind, name, content)
    assert message in response.content.decode()
    assert not ConferenceFile.objects.exists()
    assert _media_files() == set()
    # The same form takes a real photo, into the same storage.
    _attach(login(world.user("board")), conference, "photo", "anh.png", samples.png())
    assert _media_files() == {ConferenceFile.objects.get().file.name}


def test_a_photo_is_stored_with_its_hash_and_shown_inline_as_an_image_only(world, login) -> None:
    conference = make_conference(world)
    client = login(world.user("board"))
    content = samples.png()
    _attach(client, conference, "photo", "hoi-nghi.html", content)
    item = ConferenceFile.objects.get()
    assert (item.original_name, item.size, item.content_type) == ("hoi-nghi.html", len(content), "image/png")
    # The stored name takes the extension of the detected type, not the uploader's.
    assert item.file.name.endswith("-hoi-nghi.png")
    response = client.get(reverse("conferences:file", args=[item.pk]) + "?inline=1")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"), [("evil.html", samples.HTML), ("evil.js", samples.JS), ("anh.svg", samples.SVG)]
)
def test_a_file_stored_before_the_check_is_never_served_as_a_page_or_a_script(
    world, login, name, content
) -> None:
    """A row written before this issue (or by hand): served as a download, never inline."""
    conference = make_conference(world)
    item = ConferenceFile(
        conference=conference,
        kind=FileKind.PHOTO,
        original_name=name,
        sha256="0" * 64,
        size=len(content),
        uploaded_by=world.user("board"),
        uploaded_at=timezone.now(),
    )
    item.file.save(name, SimpleUploadedFile(name, content), save=False)
    item.save()
    response = login(world.user("member")).get(reverse("conferences:file", args=[item.pk]) + "?inline=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_pdf_document_is_inline_only_when_its_bytes_are_a_pdf(world, login) -> None:
    conference = make_conference(world)
    client = login(world.user("board"))
    _attach(client, conference, "document", "ke-hoach.pdf", samples.PDF)
    _attach(client, conference, "document", "bao-cao.docx", samples.docx_bytes())
    pdf, word = ConferenceFile.objects.order_by("pk")
    shown = client.get(reverse("conferences:file", args=[pdf.pk]) + "?inline=1")
    assert (shown["Content-Type"], shown["Content-Disposition"][:6]) == ("application/pdf", "inline")
    downloaded = client.get(reverse("conferences:file", args=[word.pk]) + "?inline=1")
    assert downloaded["Content-Type"] == word.content_type
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert "bao-cao.docx" in downloaded["Content-Disposition"]


def test_a_file_attached_by_mistake_is_removed_until_the_conference_is_closed(
    world, login, django_capture_on_commit_callbacks
) -> None:
    conference = make_conference(world)
    client = login(world.user("board"))
    _attach(client, conference, "photo", "nham.png", samples.png())
    _attach(client, conference, "photo", "dung.png", samples.png())
    wrong, kept = ConferenceFile.objects.order_by("pk")
    stored_name = wrong.file.name
    # Read-only personas cannot remove anything.
    assert (
        login(world.user("member")).post(reverse("conferences:file_remove", args=[kept.pk])).status_code
        == 403
    )
    client = login(world.user("board"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conferences:file_remove", args=[wrong.pk]), follow=True)
    assert "Đã xóa tệp nham.png." in response.content.decode()
    assert list(ConferenceFile.objects.all()) == [kept]
    assert not default_storage.exists(stored_name)
    entry = AuditEntry.objects.get(action="conference.file_remove")
    assert (entry.before or {})["sha256"] == wrong.sha256 and (entry.before or {})[
        "original_name"
    ] == "nham.png"
    assert entry.actor_id == world.user("board").pk
    services.close_conference(actor=world.user("board"), conference=conference)
    response = client.post(reverse("conferences:file_remove", args=[kept.pk]), follow=True)
    assert "Hội nghị đã kết thúc" in response.content.decode()
    assert ConferenceFile.objects.filter(pk=kept.pk).exists() and default_storage.exists(kept.file.name)
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert reverse("conferences:file_remove", args=[kept.pk]) not in page
    assert verify_chain().problems == []


def test_nothing_is_attached_to_a_closed_conference(world, login) -> None:
    conference = make_conference(world)
    services.close_conference(actor=world.user("board"), conference=conference)
    response = _attach(login(world.user("board")), conference, "photo", "anh.png", samples.png())
    assert "Hội nghị đã kết thúc" in response.content.decode()
    assert not ConferenceFile.objects.exists()
    with pytest.raises(ValidationError):
        services.add_file(
            actor=world.user("board"),
            conference=conference,
            kind="photo",
            name="a.png",
            content=samples.png(),
        )


def test_the_size_limit_is_a_setting_per_kind(world, login, settings) -> None:
    settings.THIDUA_UPLOAD_MAX_MB = {**settings.THIDUA_UPLOAD_MAX_MB, "photo": 1}
    conference = make_conference(world)
    big = samples.png() + b"\x00" * (1024 * 1024)
    response = _attach(login(world.user("board")), conference, "photo", "to.png", big)
    assert "Tệp lớn hơn 1 MB." in response.content.decode()
    assert not ConferenceFile.objects.exists()
    # The limit is the kind's: the same scan is accepted as a document (20 MB).
    _attach(login(world.user("board")), conference, "document", "quet.png", big)
    assert ConferenceFile.objects.get().size == len(big)


def test_a_proxy_letter_is_checked_and_served_as_a_download(
    world, login, django_capture_on_commit_callbacks
) -> None:
    conference = make_conference(world, start=False)
    voter, holder = delegate(conference, world.member_unit), delegate(conference, world.leader_unit)
    with pytest.raises(ValidationError) as refused:
        services.add_proxy(
            actor=world.user("board"),
            voter=voter,
            holder=holder,
            file_name="uy-quyen.pdf",
            content=samples.EXE,
        )
    assert "PDF hoặc ảnh chụp, bản quét" in " ".join(refused.value.messages)
    assert not Proxy.objects.exists()
    proxy = services.add_proxy(
        actor=world.user("board"), voter=voter, holder=holder, file_name="uy-quyen.pdf", content=samples.PDF
    )
    assert (proxy.content_type, proxy.uploaded_by, proxy.size) == (
        "application/pdf",
        world.user("board"),
        len(samples.PDF),
    )
    response = login(world.user("board")).get(reverse("conferences:proxy_file", args=[proxy.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == samples.PDF
    stored = proxy.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_proxy(actor=world.user("board"), proxy=proxy)
    assert not default_storage.exists(stored)


def test_a_written_opinion_letter_is_checked_by_its_content(world, login) -> None:
    conference = make_conference(world, kind="council", check_in=False)
    for unit in (world.leader_unit, world.deputy_unit):
        services.check_in(actor=world.user("board"), participant=delegate(conference, unit))
    poll = services.open_poll(
        actor=world.user("board"),
        poll=services.create_poll(
            actor=world.user("board"), conference=conference, kind="question", title="Cờ"
        ),
    )
    option = str(poll.options.get().pk)
    absent = delegate(conference, world.member_unit)
    with pytest.raises(ValidationError) as refused:
        services.record_written_opinion(
            actor=world.user("board"),
            poll=poll,
            voter=absent,
            choice={option: "Y"},
            file_name="y-kien.pdf",
            content=samples.HTML,
        )
    assert "không dựa vào tên tệp" in " ".join(refused.value.messages)
    # Refused as a whole: no opinion, and no vote counted for the absent member.
    assert not WrittenOpinion.objects.exists()
    assert services.absent_without_vote(poll) == [absent]
    opinion = services.record_written_opinion(
        actor=world.user("board"),
        poll=poll,
        voter=absent,
        choice={option: "Y"},
        file_name="y-kien.jpg",
        content=b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64,
    )
    assert opinion.content_type == "image/jpeg" and opinion.uploaded_at <= timezone.now()
    assert opinion.uploaded_at > timezone.now() - datetime.timedelta(minutes=1)
    page = login(world.user("board")).get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    when = timezone.localtime(opinion.uploaded_at).strftime("%H:%M %d/%m/%Y")
    assert f"{when} · y-kien.jpg" in page
