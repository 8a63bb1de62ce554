from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.demo import data
from thidua.demo.services import load_demo


class Command(BaseCommand):
    help = "Loads the demo world of the five seed articles (idempotent) and prints the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        load_demo(log=log)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {data.PASSWORD}):")
        for username, _name, _role, _unit, what in data.ACCOUNTS:
            self.stdout.write(f"  {username:<11} {what}")
