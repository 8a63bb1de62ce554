"""Sealing secret ballots while a poll is open (voting-scoring.md A1, the OpenSlides redesign; issue 11).

While a poll is open its ballots are not rows of their own: they sit in one sealed ballot box per poll
(`BallotBox`), rewritten whole at every cast. A row per ballot, however random its id, is stored in
the order it was inserted (SQLite's rowid and page order, PostgreSQL's ctid and xmin), which is the
order of the who-voted rows written in the same transaction; one box has no order to give away.

The box is encrypted with AES-GCM under the **ballot key**, with the poll's id as associated data (a
box cannot be moved to another poll). Each entry (choice, weight, receipt hash) is padded to a width
fixed by the poll's options, so the box grows by the same number of bytes whatever was chosen: two
copies taken before and after one delegate voted differ in length by a constant, not by the size of
that delegate's choice.

The ballot key is 32 random bytes in a file outside THIDUA_DATA_DIR (`THIDUA_BALLOT_KEY_FILE`, by
default in the user's configuration folder, created once on first use): it is not in the data
folder, nor in the database, nor in a backup of either, and it does not depend on SECRET_KEY (which
may be changed during a poll without losing it). A lost or replaced key file makes an open poll's
box unreadable: casting and closing are then refused with a message, nothing is overwritten.

Receipts: a delegate gets a random code; only its hash, bound to the poll, is stored, and after
closing only in the receipts table, never beside a choice.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import secrets
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed from a phone
MAX_WEIGHT = 32767  # PositiveSmallIntegerField: the widest weight an entry can carry
Entry = tuple[Any, int, str]  # (choice, weight, receipt hash)


def key_file() -> Path:
    return Path(settings.BALLOT_KEY_FILE).expanduser()


def check_key_location(path: Path, data_dir: Path) -> None:
    """The ballot key must not sit in the data folder (copied with the database and its backups)."""
    resolved, data = path.expanduser().resolve(), data_dir.expanduser().resolve()
    if resolved == data or data in resolved.parents:
        raise ImproperlyConfigured(
            f"THIDUA_BALLOT_KEY_FILE ({resolved}) must lie outside THIDUA_DATA_DIR ({data}): "
            "whoever copies the data folder would hold the key that seals open ballots."
        )


def ballot_key() -> bytes:
    """The AES-256 key sealing open ballot boxes, read from the key file (created once, 0600).

    Several gunicorn workers may ask at the same first moment: the key is written to a temporary file
    and linked into place, which fails if another worker was first; everyone then reads that file.
    """
    path = key_file()
    check_key_location(path, Path(settings.DATA_DIR))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    raw = base64.b64decode(path.read_text().strip(), validate=True)
    if len(raw) != 32:
        raise ImproperlyConfigured(f"The ballot key file {path} must hold 32 bytes in base64.")
    return hashlib.sha256(b"thidua ballot seal v2\x00" + raw).digest()


def entry_width(option_ids: list[int], max_choices: int, select: bool) -> int:
    """The width of the widest entry a poll can hold: every entry is padded to it."""
    if select:
        widest: Any = sorted(option_ids)[-max_choices:] if option_ids else []
    else:
        widest = {str(i): "A" for i in option_ids}
    return len(_entry_text((widest, MAX_WEIGHT, "0" * 64)))


def _entry_text(entry: Entry) -> str:
    return json.dumps(list(entry), sort_keys=True, separators=(",", ":"))


def seal_box(poll_id: int, entries: list[Entry], width: int) -> str:
    lines = []
    for entry in entries:
        text = _entry_text(entry)
        if len(text) > width:
            raise ValueError("A ballot wider than the poll allows.")
        lines.append(text.ljust(width))
    random.SystemRandom().shuffle(lines)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ballot_key()).encrypt(nonce, "\n".join(lines).encode(), str(poll_id).encode())
    return base64.b64encode(nonce + sealed).decode()


def unseal_box(poll_id: int, token: str) -> list[Entry]:
    """The entries of a sealed box; a clear message if the ballot key is not the one that sealed it."""
    raw = base64.b64decode(token)
    try:
        data = AESGCM(ballot_key()).decrypt(raw[:12], raw[12:], str(poll_id).encode()).decode()
    except InvalidTag:
        raise ValidationError(
            _(
                "The ballots of this poll were sealed with another ballot key: put back the key file "
                "%(path)s that was in place when the poll opened, then try again. Nothing was changed."
            )
            % {"path": key_file()}
        ) from None
    entries: list[Entry] = []
    for line in data.split("\n") if data else []:
        choice, weight, receipt = json.loads(line)
        entries.append((choice, int(weight), str(receipt)))
    return entries


def new_receipt() -> str:
    """A 12-character code shown as XXXX-XXXX-XXXX."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def receipt_hash(poll_id: int, code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(f"thidua receipt v1|{poll_id}|{normalised}".encode()).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(f"thidua voting link v1|{token.strip()}".encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)
