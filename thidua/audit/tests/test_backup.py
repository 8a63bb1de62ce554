"""`thidua backup` and `thidua restore`, restored into a fresh data folder (issue 11, item 10).

On SQLite in the ordinary run; on PostgreSQL when DATABASE_URL is PostgreSQL (CI), into a fresh
database created for the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thidua.audit.services import record


@pytest.fixture
def committed_world(transactional_db):
    from thidua.testing import make_world

    world = make_world()
    record(actor=world.user("board"), action="test.before_backup", object_type="test")
    default_storage.save("evidence/2026/bien-ban.pdf", ContentFile(b"%PDF-1.4 minutes of the conference"))
    return world


@pytest.fixture
def fresh_target(tmp_path):
    """The environment of a fresh install: its own data folder and (on PostgreSQL) its own database."""
    env = {**os.environ, "THIDUA_DATA_DIR": str(tmp_path / "fresh-data")}
    env["THIDUA_AUDIT_ANCHOR_DIR"] = str(django_settings.AUDIT_ANCHOR_DIR)
    env["THIDUA_AUDIT_KEY_FILE"] = str(django_settings.AUDIT_KEY_FILE)
    created = None
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        created = f"thidua_restore_{uuid.uuid4().hex[:8]}"
        admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'CREATE DATABASE "{created}"')
        d = connection.settings_dict
        auth = d["USER"] + (f":{d['PASSWORD']}" if d["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{created}"
    else:
        env.pop("DATABASE_URL", None)
    yield env
    if created:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


def _thidua(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_backup_restores_into_a_fresh_folder_and_verifies(committed_world, fresh_target, tmp_path) -> None:
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert "media/evidence/2026/bien-ban.pdf" in manifest["files"]
    assert manifest["engine"] == connection.vendor
    # No key of any kind in the backup.
    secrets_ = [
        django_settings.SECRET_KEY.encode(),
        Path(django_settings.AUDIT_KEY_FILE).read_bytes().strip(),
    ]
    names = {p.name for p in backup.rglob("*")}
    assert not names & {"secret_key", "audit_key", "checkpoints.jsonl"}
    for path in backup.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(secret in data for secret in secrets_), path

    restored = _thidua(fresh_target, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "audit log OK" in restored.stdout
    verified = _thidua(fresh_target, "verify_audit")
    assert verified.returncode == 0, verified.stderr
    counted = _thidua(
        fresh_target,
        "shell",
        "-c",
        "from thidua.accounts.models import User; from thidua.audit.models import AuditEntry; "
        "print(User.objects.count(), AuditEntry.objects.filter(action='test.before_backup').count())",
    )
    assert counted.stdout.strip().splitlines()[-1].split() == [str(len(committed_world.users)), "1"], (
        counted.stderr
    )
    media = Path(fresh_target["THIDUA_DATA_DIR"]) / "media" / "evidence/2026/bien-ban.pdf"
    assert media.read_bytes() == b"%PDF-1.4 minutes of the conference"
    # A second restore over the now full folder is refused without --force.
    again = _thidua(fresh_target, "restore", str(backup))
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_changed_file_in_the_backup_is_refused_before_anything_is_written(
    committed_world, fresh_target, tmp_path
) -> None:
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    (backup / "media/evidence/2026/bien-ban.pdf").write_bytes(b"MZ forged")
    restored = _thidua(fresh_target, "restore", str(backup))
    assert restored.returncode != 0
    assert "does not match its SHA-256" in restored.stderr
    assert not (Path(fresh_target["THIDUA_DATA_DIR"]) / "media" / "evidence").exists()


def test_a_rehashed_manifest_without_the_key_is_refused(committed_world, fresh_target, tmp_path) -> None:
    import hashlib

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    target = backup / "media/evidence/2026/bien-ban.pdf"
    target.write_bytes(b"MZ forged")
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"]["media/evidence/2026/bien-ban.pdf"] = hashlib.sha256(b"MZ forged").hexdigest()
    (backup / "manifest.json").write_text(json.dumps(manifest))
    restored = _thidua(fresh_target, "restore", str(backup))
    assert restored.returncode != 0 and "signature is wrong" in restored.stderr


def test_restoring_an_older_backup_supersedes_newer_checkpoints_on_record(
    committed_world, tmp_path, settings
) -> None:
    # `restore --force` empties MEDIA_ROOT: this test's own, not the folder the other workers share.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    default_storage.save("evidence/2026/bien-ban.pdf", ContentFile(b"%PDF-1.4 minutes of the conference"))
    from thidua.audit.anchor import read_anchors
    from thidua.audit.services import verify_chain

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    for i in range(3):
        record(actor=None, action=f"test.after_backup.{i}", object_type="test")
    call_command("verify_audit")  # a checkpoint newer than the backup
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))
    call_command("restore", str(backup), "--force")
    from thidua.audit.models import AuditEntry

    assert not AuditEntry.objects.filter(action__startswith="test.after_backup").exists()
    assert AuditEntry.objects.filter(action="backup.restore").exists()
    assert verify_chain().ok
    assert read_anchors().problems == []
