"""Production mode passes Django's deployment checks; a bad setting fails loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    # A fresh process as an operator would start it: no test-only variables.
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_production_mode_passes_check_deploy(tmp_path) -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        THIDUA_PRODUCTION="1",
        SECRET_KEY="x" * 30 + "-a-long-random-production-secret-key",
        ALLOWED_HOSTS="thidua.example.vn",
        THIDUA_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_requires_a_secret_key(tmp_path) -> None:
    result = _manage("check", THIDUA_PRODUCTION="1", SECRET_KEY="", THIDUA_DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_malformed_boolean_fails_loudly(tmp_path) -> None:
    result = _manage("check", THIDUA_DEBUG="maybe", THIDUA_DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "THIDUA_DEBUG must be one of" in result.stderr


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
