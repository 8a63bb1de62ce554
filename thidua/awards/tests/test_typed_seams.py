"""The acting user is typed at the seams of awards (issue 14 item 5): a service, door or sheet takes an
`accounts.types.Actor`, not `Any`."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NOT_YET_TYPED: set[Path] = set()  # every module types its acting user


def test_no_acting_user_is_typed_any() -> None:
    untyped = [
        (path.relative_to(ROOT), match.group(0))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in re.finditer(r"\b(?:actor|user|viewer): Any\b", path.read_text())
    ]
    assert [(path, found) for path, found in untyped if path not in NOT_YET_TYPED] == []
