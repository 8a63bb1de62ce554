from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.audit.services import checkpoint_head, verify_chain


class Command(BaseCommand):
    help = (
        "Checks the audit log's hash chain against its signed checkpoints and reports any edited or "
        "deleted entry; when intact, writes a new checkpoint of the newest entry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            last_id, _ = checkpoint_head()
            self.stdout.write(
                f"Audit log OK: {result.checked} entries, chain intact; checkpoint written at entry {last_id}."
            )
            return
        for problem in result.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"Audit log damaged: {len(result.problems)} problem(s) in {result.checked} entries."
        )
