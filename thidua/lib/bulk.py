"""Bulk writes of many plain rows, for the places where creating one model instance per row costs more
than the work itself (the synthetic history of the benchmarks, the results of a batch evaluation)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
