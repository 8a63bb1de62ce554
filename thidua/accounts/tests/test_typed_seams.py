"""The acting user is typed everywhere (issue 14 item 5): a service takes an `accounts.types.Actor`, a
door or queryset the `request.user` it is handed (the same type), code that needs a real user a
`User`; lib and audit, below accounts, name Django's user classes. None of them takes `Any`."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # thidua/

UNTYPED = re.compile(r"\b(?:actor|user|viewer): Any\b")


def test_no_acting_user_is_typed_any() -> None:
    untyped = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UNTYPED.search(line)
    ]
    assert untyped == []


def test_the_scan_finds_an_untyped_user() -> None:
    # The pattern the scan looks for, so that a change to it cannot make it find nothing.
    assert UNTYPED.search("def can_read(user: Any) -> bool:")
    assert UNTYPED.search("    *, actor: Any, kind: str,")
    assert not UNTYPED.search("def can_read(user: Actor) -> bool:")
