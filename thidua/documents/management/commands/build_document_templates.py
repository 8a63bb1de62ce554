"""Rewrites the templates shipped in the package from `thidua/documents/skeleton.py` (for developers:
commit the .docx files it writes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.documents.skeleton import write_all


class Command(BaseCommand):
    help = "Rewrite the DOCX templates shipped in thidua/documents/docx from the skeleton builder."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in write_all():
            self.stdout.write(str(path))
