"""Signed checkpoints of the audit chain, kept outside the database.

The chain in the database detects an edited or deleted entry only as long as nobody recomputes the
hashes after it and moves `AuditHead`: someone who can write to the database can do both. A
checkpoint is one line `{"last_id": N, "last_hash": H, ...}` with an HMAC-SHA256 under a key that is
kept neither in the database nor in THIDUA_DATA_DIR (settings.AUDIT_KEY_FILE), appended to a file
outside the database (settings.AUDIT_ANCHOR_DIR/checkpoints.jsonl). `verify_chain` checks that every
checkpointed entry is still in the database with the same hash: a chain cut back below, or rewritten
before, the newest checkpoint no longer verifies.

Checkpoints are written every AUDIT_CHECKPOINT_EVERY entries (after the commit), on every
`verify_audit` that finds the chain intact, and by `backup`. A `restore` appends a signed "restore"
line: checkpoints beyond the restored head are then superseded (the restore itself is on record).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

ANCHOR_FILE = "checkpoints.jsonl"


class MissingKeyError(Exception):
    """The audit key file is not there (a restore on a new machine: copy it from its safe place)."""


def read_key() -> bytes:
    """The key, which must exist already (backup and restore never create one)."""
    path = Path(settings.AUDIT_KEY_FILE)
    if not path.exists():
        raise MissingKeyError(
            f"the audit key {path} is missing: copy it from where it is kept (it is never in a backup), "
            "or set THIDUA_AUDIT_KEY_FILE"
        )
    return bytes.fromhex(path.read_text().strip())


def _key() -> bytes:
    """The checkpoint key, generated once (0600) where settings.AUDIT_KEY_FILE says."""
    path = Path(settings.AUDIT_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE


def _mac(key: bytes, body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _append(body: dict[str, Any]) -> None:
    body = {**body, "at": timezone.now().isoformat()}
    line = json.dumps({**body, "mac": _mac(_key(), body)}, sort_keys=True) + "\n"
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: the file is only ever added to (make it append-only for the server's user, see
    # docs/security.md, section 5), and fsync so that an acknowledged checkpoint survives a power loss.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def write_checkpoint(last_id: int, last_hash: str) -> None:
    """Append a signed checkpoint of the entry `last_id` (0 writes nothing)."""
    if last_id:
        _append({"kind": "checkpoint", "last_id": last_id, "last_hash": last_hash})


def write_checkpoint_quietly(last_id: int, last_hash: str) -> None:
    """For the periodic checkpoint after a commit: a full disk must not fail the user's request."""
    try:
        write_checkpoint(last_id, last_hash)
    except OSError:
        logger.exception("audit checkpoint %s could not be written to %s", last_id, anchor_path())


def write_restore_mark(last_id: int, last_hash: str) -> None:
    """Record that the database was restored to the entry `last_id`: later checkpoints are superseded."""
    _append({"kind": "restore", "last_id": last_id, "last_hash": last_hash})


@dataclass
class Anchors:
    """The checkpoints in force (entry id -> hash) and the problems found in the file itself."""

    checkpoints: dict[int, str]
    problems: list[str]
    superseded: int = 0

    @property
    def newest(self) -> int:
        return max(self.checkpoints, default=0)


def read_anchors() -> Anchors:
    path = anchor_path()
    checkpoints: dict[int, str] = {}
    problems: list[str] = []
    superseded = 0
    if not path.exists():
        return Anchors(checkpoints, problems)
    key = _key()
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            mac = line.pop("mac")
            kind, last_id, last_hash = line["kind"], int(line["last_id"]), str(line["last_hash"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint file line {number} is unreadable (the file was tampered with)")
            continue
        if not hmac.compare_digest(mac, _mac(key, line)):
            problems.append(f"checkpoint file line {number} has a wrong signature (forged, or another key)")
            continue
        if kind == "restore":
            dropped = [i for i in checkpoints if i > last_id]
            superseded += len(dropped)
            for i in dropped:
                del checkpoints[i]
            checkpoints[last_id] = last_hash
        elif kind == "checkpoint":
            previous = checkpoints.get(last_id)
            if previous is not None and previous != last_hash:
                problems.append(f"two checkpoints of entry {last_id} disagree (the chain was rewritten)")
            checkpoints[last_id] = last_hash
    checkpoints.pop(0, None)
    return Anchors(checkpoints, problems, superseded)
