"""DOCX -> PDF through LibreOffice headless (Debian's `libreoffice-writer-nogui`).

Each process has its own LibreOffice user profile (`-env:UserInstallation`): one soffice per profile
at a time, so the conversions of one process are serialised by a lock and two worker processes never
share a profile (a shared profile makes the second conversion fail or wait). Times New Roman in the
DOCX is drawn with its metric twin Liberation Serif (`fonts-liberation2`, full Vietnamese), so lines
and pages break as in Word (outputs.md §7.1).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

_lock = threading.Lock()


class ConversionError(RuntimeError):
    """LibreOffice is missing, timed out or wrote no PDF."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_profiles: set[Path] = set()


def _profile_dir() -> Path:
    """This process's LibreOffice profile, removed when the process exits (one per process and run
    would otherwise pile up in /tmp)."""
    profile = Path(tempfile.gettempdir()) / f"thidua-lo-{os.getuid()}-{os.getpid()}"
    if not _profiles:
        atexit.register(_remove_profiles)
    _profiles.add(profile)
    return profile


def _remove_profiles() -> None:
    # A forked child inherits this handler and the set: it removes only its own profile.
    for profile in _profiles:
        if profile.name.endswith(f"-{os.getpid()}"):
            shutil.rmtree(profile, ignore_errors=True)


def docx_to_pdf(data: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF of a DOCX document, converted by LibreOffice headless."""
    binary = soffice_path()
    if binary is None:
        raise ConversionError(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    limit = timeout if timeout is not None else settings.THIDUA_PDF_TIMEOUT
    with _lock, tempfile.TemporaryDirectory(prefix="thidua-pdf-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={_profile_dir().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            work,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=limit)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise ConversionError(f"LibreOffice failed: {error}") from error
        target = source.with_suffix(".pdf")
        if not target.exists():
            raise ConversionError("LibreOffice wrote no PDF")
        return target.read_bytes()
