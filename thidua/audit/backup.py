"""`thidua backup` and `thidua restore`: the database and the uploads, with a manifest of SHA-256 hashes.

A backup is a folder:

    manifest.json        format, time, engine, the audit head, SHA-256 of every file, signed (HMAC with
                         the audit key, which is NOT in the backup)
    database.sqlite3     SQLite: a consistent copy through SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (one snapshot)
    media/...            the uploads (MEDIA_ROOT)

Never in a backup: SECRET_KEY or its file, the audit key, the checkpoint file, the ballot seal key.
`restore` checks every hash and the signature before it writes anything, refuses to overwrite a
database or an uploads folder that is not empty (unless --force), restores, then verifies the audit
chain against the checkpoints kept outside the database; checkpoints newer than the backup are
superseded by a signed "restore" line in the checkpoint file (the restore is on record).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from thidua.audit import anchor
from thidua.audit.audit_actions import AuditAction
from thidua.audit.models import AuditHead
from thidua.audit.services import GENESIS_HASH, checkpoint_head, record, verify_chain

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be made, or restored, with the reason for the operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest_mac(key: bytes, manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _read_key() -> bytes:
    try:
        return anchor.read_key()
    except anchor.MissingKeyError as exc:
        raise BackupError(str(exc)) from exc


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_env_args(settings_dict: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()[-500:]}") from exc


def _copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)


def create_backup(*, target: Path) -> dict[str, Any]:
    """Write a backup into the new folder `target` and return its manifest."""
    engine = _engine()
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    record(actor=None, action=AuditAction.BACKUP_CREATE, object_type="backup", object_repr=target.name)
    # Anchored before the copy: the backup's newest entry is a checkpoint restore can check against.
    last_id, last_hash = checkpoint_head()
    database_name = "database.sqlite3" if engine == "sqlite" else "database.pgdump"
    settings_dict = connection.settings_dict
    if engine == "sqlite":
        source = sqlite3.connect(str(settings_dict["NAME"]))
        copy = sqlite3.connect(str(target / database_name))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        env, args = _pg_env_args(settings_dict)
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target / database_name),
                str(settings_dict["NAME"]),
            ],
            env,
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        _copy_tree(media_root, target / "media")
    files = {
        str(path.relative_to(target)): _sha256(path)
        for path in sorted(target.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "engine": engine,
        "database": database_name,
        "audit_head": {"last_id": last_id, "last_hash": last_hash},
        "files": files,
    }
    manifest["mac"] = _manifest_mac(_read_key(), manifest)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def check_backup(source: Path) -> dict[str, Any]:
    """The manifest, once every file's hash and the signature are right; else BackupError."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST} is missing or unreadable") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if not hmac.compare_digest(str(manifest.get("mac", "")), _manifest_mac(_read_key(), manifest)):
        raise BackupError(
            "the manifest's signature is wrong: the backup was changed, or another audit key is set"
        )
    listed = manifest["files"]
    present = {str(p.relative_to(source)) for p in source.rglob("*") if p.is_file() and p.name != MANIFEST}
    for name in sorted(set(listed) | present):
        if name not in listed:
            raise BackupError(f"{name} is in the backup folder but not in its manifest")
        path = source / name
        if name not in present or _sha256(path) != listed[name]:
            raise BackupError(f"{name} is missing or does not match its SHA-256 in the manifest")
    return cast("dict[str, Any]", manifest)


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    db = sqlite3.connect(str(path))
    try:
        return bool(db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])
    finally:
        db.close()


def _postgres_has_tables() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        row = cursor.fetchone()
    return bool(row and row[0])


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    entries: int
    superseded: int


def restore_backup(*, source: Path, force: bool = False) -> RestoreResult:
    """Check, restore and verify the backup in `source` into the configured database and MEDIA_ROOT."""
    manifest = check_backup(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"this backup is of {manifest['engine']}, the configured database is {engine}")
    media_root = Path(settings.MEDIA_ROOT)
    settings_dict = connection.settings_dict
    if not force:
        busy = (
            _sqlite_has_tables(Path(settings_dict["NAME"])) if engine == "sqlite" else _postgres_has_tables()
        )
        if busy:
            raise BackupError("the configured database is not empty (use --force to replace it)")
        if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
            raise BackupError(f"{media_root} is not empty (use --force to replace it)")
    connections.close_all()
    database = source / manifest["database"]
    if engine == "sqlite":
        Path(settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(str(database))
        live = sqlite3.connect(str(settings_dict["NAME"]))
        try:
            with live:
                copy.backup(live)
        finally:
            live.close()
            copy.close()
    else:
        env, args = _pg_env_args(settings_dict)
        _run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                str(settings_dict["NAME"]),
                str(database),
            ],
            env,
        )
    if force and media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    if (source / "media").exists():
        _copy_tree(source / "media", media_root)
    result = verify_chain(restoring=True)
    if not result.ok:
        raise BackupError("the restored audit log does not verify: " + "; ".join(result.problems))
    head = AuditHead.objects.filter(pk=1).first()
    last_id, last_hash = (head.last_id, head.last_hash) if head else (0, GENESIS_HASH)
    if last_id < int(manifest["audit_head"]["last_id"]):
        raise BackupError("the restored audit log is shorter than the backup's manifest says")
    anchor.write_restore_mark(last_id, last_hash)
    record(
        actor=None,
        action=AuditAction.BACKUP_RESTORE,
        object_type="backup",
        object_repr=source.name,
        after={"created": manifest["created"], "restored_to": last_id, "superseded": result.superseded},
    )
    checkpoint_head()
    return RestoreResult(manifest=manifest, entries=result.checked, superseded=result.superseded)
