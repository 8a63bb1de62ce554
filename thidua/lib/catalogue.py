"""Completeness of the Vietnamese catalogue: every message translated, none fuzzy, .mo compiled from .po."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]

LOCALE_DIR = Path(__file__).resolve().parent.parent.parent / "locale" / "vi" / "LC_MESSAGES"


def catalogue_problems(po_path: Path = LOCALE_DIR / "django.po") -> list[str]:
    problems: list[str] = []
    if not po_path.exists():
        return [f"{po_path} is missing"]
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"untranslated: {entry.msgid!r}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path} is missing: run `make messages`")
        return problems
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(mo_path))
    }
    for entry in po.translated_entries():
        if compiled.get((entry.msgctxt, entry.msgid)) != (
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
        ):
            problems.append(f"not compiled into django.mo: {entry.msgid!r} (run `make messages`)")
    return problems
