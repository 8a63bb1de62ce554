from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thidua.audit.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Writes a consistent copy of the database and the uploads, with a signed manifest of SHA-256 "
        "hashes, into a new folder (never the keys). Keep it off this machine: see the README."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target",
            nargs="?",
            help="the new folder (default: ./thidua-backup-YYYYMMDD-HHMMSS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(options["target"] or f"thidua-backup-{stamp}").resolve()
        try:
            manifest = create_backup(target=target)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(
            f"Backup written to {target}: {len(manifest['files'])} files, audit log up to entry "
            f"{manifest['audit_head']['last_id']}."
        )
