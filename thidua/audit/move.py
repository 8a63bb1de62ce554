"""`thidua move_to_postgresql URL`: a province that started on SQLite moves to PostgreSQL with all its data.

Issue 14 item 7. The product starts on SQLite (one command on a laptop); a province that grows moves
to PostgreSQL without retyping anything and without breaking its audit chain:

1. the source (the configured database) must be fully migrated, the target must not be in use
   (no users, no audit entries);
2. the target is migrated to the same schema;
3. every table of every installed app is copied row by row **with its primary keys** and its stored
   values as they are (raw inserts: no `save()`, so no `auto_now` rewrites a timestamp, no signal runs,
   and the audit entries keep the exact content their hashes cover), all in one transaction on the
   target: a failure leaves the target empty and the source untouched;
4. the sequences are moved past the copied ids;
5. the target is checked before the operator switches: the same number of rows in every table, the
   audit chain recomputed on the target (and against the signed checkpoints outside the database)
   with the same head as the source, and every stored file still present with its SHA-256.

Uploaded and generated files live in the storage (MEDIA_ROOT, or the shared S3 storage), not in the
database: they do not move, the target's rows point at the same files, and step 5 proves it. The keys
(SECRET_KEY, the ballot seal key, the audit key) are files outside the database and stay as they are.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import dj_database_url
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

from thidua.audit.models import AuditHead
from thidua.audit.services import GENESIS_HASH, verify_chain

TARGET_ALIAS = "move_target"
BATCH = 2000


class MoveError(Exception):
    """A move that cannot be made or did not verify, with the reason for the operator."""


@dataclass
class MoveResult:
    tables: int
    rows: int
    audit_entries: int
    audit_head: tuple[int, str]
    files: int
    per_table: dict[str, int] = field(default_factory=dict)


def _add_alias(url: str, alias: str) -> BaseDatabaseWrapper:
    """Register the target database under `alias` for this process (Django's own connection handling)."""
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], alias: dj_database_url.parse(url)}
    )
    connections.settings[alias] = configured[alias]
    return connections[alias]


def _models() -> list[type[models.Model]]:
    """Every table the migrations create: concrete, managed models, with the many-to-many tables."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _migrate(url: str) -> None:
    """Migrate the target in a process of its own in which it is the default database: the data
    migrations (the catalogue seed, backfills) write where they run without knowing of a second one."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "thidua.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--no-input", "--verbosity", "0"],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise MoveError("migrating the target database failed: " + done.stderr.strip()[-800:])


def _count(model: type[models.Model], alias: str) -> int:
    return model._base_manager.using(alias).count()


def _rows(model: type[models.Model], columns: list[models.Field[Any, Any]]) -> Iterator[tuple[Any, ...]]:
    """The source's rows as Python values (the database converters applied), in primary-key order."""
    names = [f.attname for f in columns]
    yield from (
        model._base_manager.using(DEFAULT_DB_ALIAS)
        .order_by("pk")
        .values_list(*names)
        .iterator(chunk_size=BATCH)
    )


def _clear(target: BaseDatabaseWrapper, tables: list[str]) -> None:
    """Empty what the target's migrations seeded (catalogue, templates, content types): the copy
    brings the source's rows with their own ids."""
    quote = target.ops.quote_name
    with target.cursor() as cursor:
        if target.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in tables) + " RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")


def _copy_model(model: type[models.Model], target: BaseDatabaseWrapper) -> int:
    columns = [f for f in model._meta.concrete_fields]
    quote = target.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    copied = 0
    batch: list[list[Any]] = []
    with target.cursor() as cursor:
        for row in _rows(model, columns):
            batch.append(
                [f.get_db_prep_save(value, connection=target) for f, value in zip(columns, row, strict=True)]
            )
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                copied += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            copied += len(batch)
    return copied


def _stored_files(alias: str) -> Iterator[tuple[str, str | None]]:
    """(name, sha256 or None) of every file a row of the target points at."""
    for model in _models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        has_hash = any(f.name == "sha256" for f in model._meta.concrete_fields)
        for f in file_fields:
            names = ["sha256", f.attname] if has_hash and len(file_fields) == 1 else [f.attname]
            for values in model._base_manager.using(alias).exclude(**{f.attname: ""}).values_list(*names):
                if len(names) == 2:
                    yield str(values[1]), str(values[0] or "") or None
                else:
                    yield str(values[0]), None


def _check_files(alias: str) -> int:
    checked = 0
    for name, sha in _stored_files(alias):
        if not default_storage.exists(name):
            raise MoveError(f"the file {name} that a row points at is not in the storage")
        if sha:
            digest = hashlib.sha256()
            with default_storage.open(name, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest() != sha:
                raise MoveError(f"the file {name} does not match its SHA-256")
        checked += 1
    return checked


def _head(alias: str) -> tuple[int, str]:
    head = AuditHead.objects.using(alias).filter(pk=1).first()
    return (head.last_id, head.last_hash) if head else (0, GENESIS_HASH)


def move_database(
    *, target_url: str, progress: Callable[[str], None] = lambda _m: None, allow_any_target: bool = False
) -> MoveResult:
    """Copy the configured database into the empty database at `target_url` and verify the copy.

    `allow_any_target` lets the tests move into a second SQLite file too (the copy is the same code);
    the command moves into PostgreSQL only.
    """
    source = connections[DEFAULT_DB_ALIAS]
    target = _add_alias(target_url, TARGET_ALIAS)
    if not allow_any_target and target.vendor != "postgresql":
        raise MoveError("the target must be a PostgreSQL database (postgres://user@host:5432/name)")
    if target.settings_dict["NAME"] == source.settings_dict["NAME"] and target.vendor == source.vendor:
        raise MoveError("the target is the configured database itself")
    pending = _pending_migrations(source)
    if pending:
        raise MoveError(
            "the configured database is not fully migrated (run `thidua migrate` first): "
            + ", ".join(pending)
        )
    try:
        target.ensure_connection()
    except Exception as exc:
        raise MoveError(f"cannot connect to the target database: {exc}") from exc
    existing = set(target.introspection.table_names())
    all_models = _models()
    # A database in use has users or audit entries; the rows the migrations seed (catalogue, templates)
    # do not count, so a move that failed half-way can simply be run again.
    for model in (apps.get_model("accounts", "User"), apps.get_model("audit", "AuditEntry")):
        if model._meta.db_table in existing and _count(model, TARGET_ALIAS):
            raise MoveError(
                f"the target database is in use (table {model._meta.db_table} has rows): "
                "create a new, empty database for the move"
            )
    progress("migrating the target database")
    _migrate(target_url)
    tables = [m._meta.db_table for m in all_models]
    per_table: dict[str, int] = {}
    try:
        # One transaction on the target, checks included: a copy that does not verify is rolled back.
        with transaction.atomic(using=TARGET_ALIAS):
            # Django creates every foreign key DEFERRABLE INITIALLY DEFERRED (PostgreSQL and SQLite):
            # checked at commit, so tables copy in any order and a broken reference rolls it all back.
            _clear(target, tables)
            for model in all_models:
                per_table[model._meta.db_table] = _copy_model(model, target)
                progress(f"{model._meta.db_table}: {per_table[model._meta.db_table]} rows")
            with target.cursor() as cursor:
                for statement in target.ops.sequence_reset_sql(no_style(), all_models):
                    cursor.execute(statement)
            progress("checking the copy")
            chain, head, files = _check_copy(all_models, per_table)
    except IntegrityError as exc:
        raise MoveError(f"a row of the source refers to a row that does not exist: {exc}") from exc
    return MoveResult(
        tables=len(tables),
        rows=sum(per_table.values()),
        audit_entries=chain,
        audit_head=head,
        files=files,
        per_table=per_table,
    )


def _check_copy(
    all_models: list[type[models.Model]], per_table: dict[str, int]
) -> tuple[int, tuple[int, str], int]:
    """The same rows in every table, the audit chain verified on the target with the source's head,
    every stored file present with its SHA-256; returns (audit entries, head, files)."""
    for model in all_models:
        source_rows = _count(model, DEFAULT_DB_ALIAS)
        if per_table[model._meta.db_table] != source_rows or _count(model, TARGET_ALIAS) != source_rows:
            raise MoveError(f"table {model._meta.db_table}: the copy's rows differ from the source's")
    result = verify_chain(using=TARGET_ALIAS)
    if not result.ok:
        raise MoveError("the copied audit log does not verify: " + "; ".join(result.problems))
    head = _head(TARGET_ALIAS)
    if head != _head(DEFAULT_DB_ALIAS):
        raise MoveError("the copied audit log's head differs from the source's")
    return result.checked, head, _check_files(TARGET_ALIAS)
