"""Stored files: one abstract model, one way in (`store_upload`) and one way out (`serve_stored_file`).

An upload is judged by its bytes, never by its name or the browser's content type: the first bytes are
matched against the allow-list of its kind (`ALLOWED`), so a Windows program renamed `.pdf`, an HTML
page, a script or an SVG (which can carry script) is refused before anything is written. Files are
read through Django's storage API (the local folder or a shared object store), streamed in chunks,
and served as attachments; only images and PDFs whose bytes match are shown inline, with
`X-Content-Type-Options: nosniff` and a Content-Security-Policy that runs nothing. See
docs/security.md, section 3.

This module imports no app of ours: the apps' models subclass `StoredFile`, their services call
`store_upload` inside their own transaction and audit entry.
"""

from __future__ import annotations

import hashlib
import zipfile
from enum import StrEnum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, TypeAlias, cast

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    # The acting user, as `accounts.types.Actor`: lib sits below accounts, so it names Django's user
    # classes, not accounts.User.
    Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


# How many leading bytes the detection reads (filetype looks at most at 8192).
HEAD_BYTES = 8192


class UploadKind(StrEnum):
    EVIDENCE = "evidence"
    PHOTO = "photo"
    DOCUMENT = "document"
    PROXY = "proxy"
    OPINION = "opinion"


PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
TIFF = "image/tiff"
HEIC = "image/heic"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

# The extension a stored file gets from its detected type (never the uploader's), so that even a
# web server pointed at the media folder by mistake would not serve a stored file as a page.
EXTENSIONS = {
    PDF: "pdf",
    JPEG: "jpg",
    PNG: "png",
    WEBP: "webp",
    TIFF: "tif",
    HEIC: "heic",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    ODT: "odt",
    ODS: "ods",
    ODP: "odp",
    DOC: "doc",
    XLS: "xls",
}

_IMAGES = {JPEG, PNG, WEBP}
_SCANS = _IMAGES | {TIFF, HEIC}
_OFFICE = {DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS}

# The allow-list per kind, by detected content. Nothing else is stored: no text, HTML, SVG, script,
# archive or program, whatever its name.
ALLOWED: dict[UploadKind, frozenset[str]] = {
    UploadKind.EVIDENCE: frozenset({PDF} | _SCANS | _OFFICE),
    UploadKind.PHOTO: frozenset(_IMAGES),
    UploadKind.DOCUMENT: frozenset({PDF} | _SCANS | _OFFICE),
    UploadKind.PROXY: frozenset({PDF} | _SCANS),
    UploadKind.OPINION: frozenset({PDF} | _SCANS),
}

# What the refusal names, in the user's words.
ALLOWED_WORDS = {
    UploadKind.EVIDENCE: _(
        "PDF, a photo or scan (JPEG, PNG, WebP, TIFF, HEIC), Word, Excel, PowerPoint or OpenDocument"
    ),
    UploadKind.PHOTO: _("a JPEG, PNG or WebP photo"),
    UploadKind.DOCUMENT: _(
        "PDF, a photo or scan (JPEG, PNG, WebP, TIFF, HEIC), Word, Excel, PowerPoint or OpenDocument"
    ),
    UploadKind.PROXY: _("PDF or a photo or scan (JPEG, PNG, WebP, TIFF, HEIC)"),
    UploadKind.OPINION: _("PDF or a photo or scan (JPEG, PNG, WebP, TIFF, HEIC)"),
}

# Shown in the browser (Content-Disposition: inline) when asked for and the bytes match; everything
# else is downloaded.
INLINE = frozenset({PDF, JPEG, PNG, WEBP})

# An Office Open XML file is a zip: filetype names its kind from the first 8 KB, and a file whose
# parts come in another order is told apart here by the names in its central directory.
_OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))


def max_bytes(kind: UploadKind) -> int:
    """The largest upload of this kind, from the setting THIDUA_UPLOAD_MAX_MB (per kind)."""
    return int(settings.THIDUA_UPLOAD_MAX_MB[kind.value]) * 1024 * 1024


def detect(head: bytes, upload: File | BinaryIO | None = None) -> str:
    """The content type the bytes show ('' when unknown): magic numbers only, the name is ignored."""
    guess = filetype.guess(head)
    mime = guess.mime if guess is not None else ""
    if mime == "application/zip" and upload is not None:
        upload.seek(0)
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        mime = next((kind for part, kind in _OOXML_PARTS if part in names), mime)
    return mime


def _refuse(message: Any) -> ValidationError:
    return ValidationError({"file": message})


def stored_file_path(instance: StoredFile, filename: str) -> str:
    return instance.storage_path(filename)


class StoredFile(models.Model):
    """A file kept in Django's default storage with what is needed to trust it later: the uploader's
    name for it, its size, its SHA-256 and the content type its bytes showed when it was stored."""

    upload_kind: ClassVar[UploadKind]

    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        abstract = True

    def upload_kind_of(self) -> UploadKind:
        """The allow-list and size limit this file is checked against."""
        return self.upload_kind

    def storage_path(self, filename: str) -> str:
        """Where the bytes go in storage; `sha256` is already set when this is asked."""
        raise NotImplementedError

    def delete_stored(self) -> None:
        """Remove the bytes from storage once the surrounding transaction has committed."""
        name, storage = self.file.name, self.file.storage
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def store_upload(item: StoredFile, *, actor: Actor, name: str, content: bytes | File) -> None:
    """Check an upload against its kind (by content) and size limit, then write it to storage and fill
    the stored-file fields of `item`; the caller saves `item` and writes the audit entry in the same
    transaction. Refused with a message naming the accepted kinds, and nothing written."""
    kind = item.upload_kind_of()
    upload: File = ContentFile(content) if isinstance(content, bytes) else content
    limit = max_bytes(kind)
    digest = hashlib.sha256()
    size = 0
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _refuse(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.THIDUA_UPLOAD_MAX_MB[kind.value]}
            )
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
    if size == 0:
        raise _refuse(_("The file is empty."))
    mime = detect(head, upload)
    if mime not in ALLOWED[kind]:
        raise _refuse(
            _(
                "The file %(name)s was not accepted: its content is not %(allowed)s (the file itself is "
                "checked, not its name)."
            )
            % {"name": name or _("(no name)"), "allowed": ALLOWED_WORDS[kind]}
        )
    original = PurePath(name.replace("\\", "/")).name or "file"
    item.original_name = original[:255]
    item.size = size
    item.sha256 = digest.hexdigest()
    item.content_type = mime
    # The key is typed accounts.User, which lib may not name; the callers hand over the acting User.
    item.uploaded_by = cast(Any, actor)
    item.uploaded_at = timezone.now()
    stem = PurePath(original).stem[:80] or "file"
    upload.seek(0)
    item.file.save(f"{stem}.{EXTENSIONS[mime]}", upload, save=False)


def serve_stored_file(item: StoredFile, *, inline: bool = False) -> FileResponse:
    """The file as a download, opened through the storage API. Its type is detected again from the
    stored bytes: `inline` is honoured only for an image or PDF whose bytes say so; anything else goes
    out as an attachment, as `application/octet-stream` unless the bytes show an accepted type."""
    handle = item.file.open("rb")
    head = handle.read(HEAD_BYTES)
    mime = detect(head, handle)
    handle.seek(0)
    accepted = set().union(*ALLOWED.values())
    show_inline = inline and mime in INLINE
    response = FileResponse(
        handle,
        as_attachment=not show_inline,
        filename=item.original_name or "file",
        content_type=mime if mime in accepted else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Nothing in a stored file may run or load anything; a sandboxed document also has no origin
    # (Chromium's PDF viewer refuses to run sandboxed, so a PDF shown inline keeps only the rest).
    policy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    response["Content-Security-Policy"] = policy if show_inline and mime == PDF else policy + "; sandbox"
    return response


def backfill_stored_files(model: Any) -> None:
    """For a data migration: the size and detected type of rows stored before `StoredFile`, read back
    from storage (a file missing from storage keeps size 0 and no type, and is served as a download)."""
    for item in model.objects.all().iterator():
        try:
            handle = item.file.open("rb")
        except (OSError, ValueError):
            continue
        with handle:
            head = handle.read(HEAD_BYTES)
            item.content_type = detect(head, handle)
            handle.seek(0, 2)
            item.size = handle.tell()
        item.save(update_fields=["content_type", "size"])
