"""The transitions helper, and the guard that a workflow app changes statuses only through its table."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from thidua.lib.workflow import allowed, move
from thidua.scoring.models import (
    CARD_TRANSITIONS,
    COVENANT_TRANSITIONS,
    TABLE_TRANSITIONS,
    CardStatus,
    CovenantStatus,
    TableStatus,
)

TABLE = {"b": {"a"}, "c": {"a", "b"}}


def test_move_follows_the_table_and_refuses_with_the_given_message() -> None:
    obj = SimpleNamespace(status="a")
    move(obj, "b", TABLE, "không được")
    assert obj.status == "b"
    with pytest.raises(ValidationError) as refused:
        move(obj, "b", TABLE, "Đã chuyển rồi.")
    assert refused.value.messages == ["Đã chuyển rồi."] and obj.status == "b"
    assert allowed(TABLE, "b", "c") and not allowed(TABLE, "c", "a") and not allowed(TABLE, "a", "z")


@pytest.mark.parametrize(
    ("table", "choices"),
    [
        (TABLE_TRANSITIONS, TableStatus),
        (COVENANT_TRANSITIONS, CovenantStatus),
        (CARD_TRANSITIONS, CardStatus),
    ],
)
def test_each_scoring_table_names_only_its_own_states(table, choices) -> None:
    states = set(choices.values)
    assert set(table) <= states and all(sources <= states for sources in table.values())
    # Every state but the first is reachable: no status that no service can ever set.
    assert set(table) == states - {choices.values[0]}


# Apps whose services change statuses only through their transitions table (`workflow.move`).
THROUGH_THE_TABLE = ["scoring"]


@pytest.mark.parametrize("app", THROUGH_THE_TABLE)
def test_no_service_sets_a_status_by_hand(app: str) -> None:
    root = Path(__file__).resolve().parents[2] / app
    assignment = re.compile(r"^\s*\w+\.status\s*=(?!=)", re.MULTILINE)
    offenders = [
        f"{path.relative_to(root)}:{source[: match.start()].count(chr(10)) + 1}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for source in [path.read_text()]
        for match in assignment.finditer(source)
    ]
    assert offenders == []
