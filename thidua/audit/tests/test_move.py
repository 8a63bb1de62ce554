"""`thidua move_to_postgresql`: every row with its ids, the audit chain and the files survive the move
(issue 14 item 7).

The source is the test database (SQLite in the README's run, PostgreSQL in CI's second run); the target
a new, empty PostgreSQL database created for the test, and, for the copy code alone, a second SQLite
file. The PostgreSQL target needs a server: CI always has one (CI=true makes its absence a failure);
a laptop without one skips only that test.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from thidua.audit.models import AuditEntry
from thidua.audit.move import _models
from thidua.audit.services import record
from thidua.conferences import services
from thidua.conferences.models import Ballot, ConferenceFile, Receipt
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for
from thidua.lib.tests import samples

PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


@pytest.fixture
def province(transactional_db: Any) -> Any:
    """Committed data of many kinds: units, people, a block year, a conference with a photo, a closed
    secret poll with its ballots and receipts, audit entries with JSON before/after."""
    from thidua.testing import make_world

    world = make_world()
    conference = make_conference(world)
    services.add_file(
        actor=world.user("board"), conference=conference, kind="photo", name="anh.png", content=samples.png()
    )
    poll = open_ranking(world, conference, max_choices=1)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, world.member_unit)]
        )
    services.publish_poll(
        actor=world.user("board"), poll=services.close_poll(actor=world.user("board"), poll=poll)
    )
    record(actor=world.user("board"), action="test.before_move", object_type="test", after={"ý": "đúng"})
    return world


def _source_env(tmp_path: Path) -> dict[str, str]:
    """A separate process reads the test database as an operator's `thidua` would read theirs (the
    test runner refuses connections to databases it did not set up)."""
    d = connection.settings_dict
    env = {**os.environ, "THIDUA_AUDIT_ANCHOR_DIR": str(django_settings.AUDIT_ANCHOR_DIR)}
    env["THIDUA_AUDIT_KEY_FILE"] = str(django_settings.AUDIT_KEY_FILE)
    env["THIDUA_DATA_DIR"] = str(django_settings.DATA_DIR)
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{d['NAME']}"
    else:
        auth = d["USER"] + (f":{d['PASSWORD']}" if d["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=600)


def _move_any(env: dict[str, str], url: str) -> subprocess.CompletedProcess[str]:
    """The copy code itself, into any database (the command accepts PostgreSQL only)."""
    script = (
        "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'thidua.settings'); "
        "django.setup(); from thidua.audit.move import MoveError, move_database\n"
        "try:\n    r = move_database(target_url=sys.argv[1], allow_any_target=True)\n"
        "except MoveError as e:\n    print('REFUSED', e); sys.exit(3)\n"
        "print('ROWS', r.rows, 'FILES', r.files, 'ENTRIES', r.audit_entries)"
    )
    return _run(env, "-c", script, url)


@pytest.fixture
def postgres_target() -> Iterator[tuple[str, dict[str, Any]]]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **PG_ADMIN)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432 on this machine (CI always has one)")
    name = f"thidua_move_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}", {"dbname": name, **PG_ADMIN}
    with psycopg.connect(dbname="postgres", autocommit=True, **PG_ADMIN) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _source_counts() -> dict[str, int]:
    return {m._meta.db_table: m._base_manager.count() for m in _models()}


def _chain() -> list[tuple[int, str, str]]:
    return list(AuditEntry.objects.order_by("id").values_list("id", "prev_hash", "entry_hash"))


def test_moves_every_row_with_its_ids_and_the_audit_chain_to_postgresql(
    province: Any, postgres_target: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    import psycopg

    url, params = postgres_target
    done = _run(_source_env(tmp_path), "-m", "thidua.cli", "move_to_postgresql", url)
    assert done.returncode == 0, done.stderr
    assert "audit log verified on the new database" in done.stdout
    with psycopg.connect(**params) as pg:
        counts = {
            table: pg.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
            for table in _source_counts()
        }
        chain = pg.execute("SELECT id, prev_hash, entry_hash FROM audit_auditentry ORDER BY id").fetchall()
        ballots = pg.execute(f"SELECT id, choice FROM {Ballot._meta.db_table} ORDER BY id").fetchall()
        photo = pg.execute(f"SELECT id, file, sha256 FROM {ConferenceFile._meta.db_table}").fetchall()
        entry = chain[-1][0]
        next_id = pg.execute("SELECT nextval(pg_get_serial_sequence('audit_auditentry', 'id'))").fetchone()
    assert counts == _source_counts()
    assert [tuple(row) for row in chain] == _chain() and len(chain) > 10
    assert [(b[0], b[1]) for b in ballots] == list(Ballot.objects.order_by("id").values_list("id", "choice"))
    assert len(ballots) == 3 and counts[Receipt._meta.db_table] == 3
    assert [tuple(p) for p in photo] == list(ConferenceFile.objects.values_list("id", "file", "sha256"))
    # The sequences were moved past the copied ids: the next row does not collide.
    assert next_id is not None and next_id[0] > entry


def _target_audit_rows(target: Path) -> int:
    copy = sqlite3.connect(target)
    try:
        return int(copy.execute("SELECT count(*) FROM audit_auditentry").fetchone()[0])
    finally:
        copy.close()


def test_a_copy_that_does_not_verify_is_rolled_back_and_a_database_in_use_never_overwritten(
    province: Any, tmp_path: Path
) -> None:
    """The copy code into a second SQLite file (the command accepts PostgreSQL only), one target
    migrated once: an edited audit entry, then a missing file, each refused with nothing copied; the
    repaired source then moves; a second move into the now used database is refused."""
    env, target = _source_env(tmp_path), tmp_path / "copy.sqlite3"
    entry = AuditEntry.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["sửa lén", entry.pk])
    done = _move_any(env, f"sqlite:///{target}")
    assert done.returncode == 3 and "does not verify" in done.stdout, done.stdout + done.stderr
    assert _target_audit_rows(target) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", [entry.object_repr, entry.pk]
        )

    photo = ConferenceFile.objects.get()
    content = default_storage.open(photo.file.name).read()
    default_storage.delete(photo.file.name)
    done = _move_any(env, f"sqlite:///{target}")
    assert done.returncode == 3 and "not in the storage" in done.stdout, done.stdout + done.stderr
    assert _target_audit_rows(target) == 0
    default_storage.save(photo.file.name, ContentFile(content))

    done = _move_any(env, f"sqlite:///{target}")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = sum(_source_counts().values())
    assert f"ROWS {rows} FILES 1 ENTRIES {AuditEntry.objects.count()}" in done.stdout
    copy = sqlite3.connect(target)
    try:
        assert (
            copy.execute("SELECT id, prev_hash, entry_hash FROM audit_auditentry ORDER BY id").fetchall()
            == _chain()
        )
    finally:
        copy.close()
    again = _move_any(env, f"sqlite:///{target}")
    assert again.returncode == 3 and "in use" in again.stdout


def test_the_command_moves_into_postgresql_only(province: Any, tmp_path: Path) -> None:
    done = _run(
        _source_env(tmp_path), "-m", "thidua.cli", "move_to_postgresql", f"sqlite:///{tmp_path / 'x.sqlite3'}"
    )
    assert done.returncode != 0 and "must be a PostgreSQL database" in done.stderr
    assert not (tmp_path / "x.sqlite3").exists()
