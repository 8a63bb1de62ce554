from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.lib.catalogue import catalogue_problems


class Command(BaseCommand):
    help = "Fails if the Vietnamese catalogue has an untranslated or fuzzy entry or an out-of-date .mo."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = catalogue_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"{len(problems)} problem(s) in locale/vi; translate them and run `make messages`."
            )
        self.stdout.write("Vietnamese catalogue complete.")
