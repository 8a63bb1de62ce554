from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.audit.move import MoveError, move_database


class Command(BaseCommand):
    help = (
        "Copies the configured (SQLite) database, every row with its ids, into a new PostgreSQL "
        "database, then checks the copy: row counts, the audit chain and its head, every stored file. "
        "The configured database is only read. Afterwards set DATABASE_URL to the new database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="the new database, e.g. postgres://thidua@127.0.0.1:5432/thidua")

    def handle(self, *args: Any, **options: Any) -> None:
        per_table = options["verbosity"] > 1

        def progress(message: str) -> None:
            # The phases always; one line per table with -v 2.
            if per_table or ":" not in message:
                self.stdout.write(f"  {message}", ending="\n")
                self.stdout.flush()

        try:
            result = move_database(target_url=options["url"], progress=progress)
        except MoveError as exc:
            raise CommandError(f"Move failed, nothing switched: {exc}") from exc
        last_id, last_hash = result.audit_head
        self.stdout.write(
            f"Moved {result.rows} rows in {result.tables} tables; audit log verified on the new database "
            f"({result.audit_entries} entries, head {last_id} {last_hash[:12]}…); {result.files} stored "
            f"files present and matching their SHA-256.\n"
            f"Stop the server, set DATABASE_URL={options['url']} and start it again."
        )
