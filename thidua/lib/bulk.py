"""Bulk writes of many plain rows, for the places where creating one model instance per row costs more
than the work itself (the synthetic history of the benchmarks, the results of a batch evaluation)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values in the order of `columns`) into `table`: COPY on PostgreSQL, executemany
    on SQLite. No model code runs (no `save()`, no signals): only for tables whose rows need none.
    Returns the number of rows."""
    count = 0
    names = ", ".join(f'"{column}"' for column in columns)  # "end" is a reserved word in PostgreSQL
    # One transaction: in autocommit mode SQLite would commit every row (about 100 µs each).
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('%s' for _ in columns)})"  # noqa: S608
            batch: list[Sequence[Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 20000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


@contextmanager
def loading(tables: Sequence[str], *, log: Callable[[str], None] = lambda _m: None) -> Iterator[None]:
    """Around a load of many rows into `tables` on PostgreSQL (a no-op elsewhere), inside the caller's
    transaction: their foreign keys, unique constraints and secondary indexes are dropped first and
    created again at the end, each validated or built in one pass over the loaded rows.

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: every row COPY writes queues one check
    per key until COMMIT, about 35 µs each, so the 40 million rows of the country-scale synthetic world
    would spend hours in them (and the queue grows in memory); a B-tree built once from sorted rows is
    also cheaper than one maintained row by row. The primary keys stay (other tables refer to them).
    `log` is told how long each index and key took."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u') ORDER BY contype DESC",
            [list(tables)],
        )
        constraints = cursor.fetchall()  # unique first when re-created (a key may refer to one)
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        # Checks already queued in this transaction (rows written before the load, e.g. a test's own
        # data) are run now: PostgreSQL refuses to alter a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in reversed(constraints):
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            started = time.perf_counter()
            cursor.execute(definition)
            log(f"index {name}: {time.perf_counter() - started:.1f} s")
        for table, name, definition in constraints:
            started = time.perf_counter()
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            log(f"constraint {name}: {time.perf_counter() - started:.1f} s")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's keys' own mode again (INITIALLY DEFERRED)
