"""Table-driven boundary cases of the corrections an independent check against law.md found (issue 13
item 3). Each case is evaluated by the explained engine (`rules.evaluate`) and by the batch's status
path (`rules.decide_person`, the same decisions not worded), which must agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thidua.awards.facts import load_people, new_world
from thidua.awards.rules import ELIGIBLE, NOT_ELIGIBLE, Verdict, context, decide_person, default_on, evaluate
from thidua.awards.tests.helpers import D, award, initiative, maternity, person_in, rate


@pytest.fixture
def person(world):
    return person_in(world.member_unit)


def _explanation(verdict: Verdict) -> str:
    return " ".join(f"{c.rule} {c.text} {[r.text for r in c.records]}" for c in verdict.conditions)


def _both(person: Any, code: str, year: int) -> Verdict:
    """The explained verdict, checked equal to the batch's status and failed rules."""
    verdict = evaluate(person, code, year)
    world = new_world(year)
    ctx = context(world, default_on(year))
    world.people = load_people(world, ctx.settings, ids=[person.pk])
    assert decide_person(world.people[person.pk], code, ctx) == (
        verdict.status,
        ", ".join(verdict.failed_rules),
    )
    return verdict


def _cstdcs(p: Any, *years: int) -> list[Any]:
    return [(rate(p, year, "excellent"), award(p, "CSTDCS", year)) for year in years]


# R-GEN-03 (NĐ 152/2025 Art 4(5)): only a year away on leave WITHOUT a rating is skipped in a chain.
MATERNITY: list[tuple[str, Callable[[Any], Any], str, str]] = [
    (
        "unrated-leave-year-is-skipped",
        lambda p: (maternity(p, D(2023, 3, 1), D(2023, 12, 31)),),
        ELIGIBLE,
        "2023",
    ),
    (
        "leave-year-rated-without-title-breaks",
        lambda p: (maternity(p, D(2023, 3, 1), D(2023, 8, 31)), rate(p, 2023, "good")),
        NOT_ELIGIBLE,
        "2023",
    ),
    (
        "leave-year-rated-excellent-without-title-breaks",
        lambda p: (maternity(p, D(2023, 1, 1), D(2023, 6, 30)), rate(p, 2023, "excellent")),
        NOT_ELIGIBLE,
        "2023",
    ),
    (
        "leave-year-with-the-title-counts",
        lambda p: (maternity(p, D(2023, 1, 1), D(2023, 6, 30)), _cstdcs(p, 2023)),
        ELIGIBLE,
        "2023",
    ),
]


@pytest.mark.parametrize(("case_id", "leave", "expected", "text"), MATERNITY, ids=[c[0] for c in MATERNITY])
def test_maternity_year_rated_without_the_title_breaks_the_chain(person, case_id, leave, expected, text):
    _cstdcs(person, 2022, 2024)
    rate(person, 2025, "excellent")
    initiative(person, 2025, level="province")
    leave(person)
    verdict = _both(person, "CSTD_TINH", 2025)
    assert verdict.status == expected, _explanation(verdict)
    assert text in _explanation(verdict)
