from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.audit.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restores a folder written by `thidua backup` into the configured database and uploads folder: "
        "checks the manifest's hashes and signature first, then verifies the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="the backup folder")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and uploads folder that are not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(source=Path(options["source"]).resolve(), force=options["force"])
        except BackupError as exc:
            raise CommandError(f"Restore refused: {exc}") from exc
        self.stdout.write(
            f"Restored the backup of {result.manifest['created']}: audit log OK, {result.entries} entries."
        )
        if result.superseded:
            self.stdout.write(
                f"{result.superseded} checkpoint(s) newer than the backup are superseded: the changes "
                "made after the backup are not in the restored database."
            )
