"""The rules declared once (issue 13 item 1): each title is a row of `rules.RULES` per version of the
law; a title or a version without declared rules needs a human check with that reason; adding a
version of the law is adding a table; "a case is open" is one statement, the same for the verdict,
the status path and `blocking_conditions`."""

from __future__ import annotations

import dataclasses
import random

import pytest
from django.utils import translation

from thidua.awards import rules
from thidua.awards.facts import PeriodFact
from thidua.awards.models import AwardTypeVersion
from thidua.awards.rules import (
    NEEDS_CHECK,
    NOT_ELIGIBLE,
    RULES,
    blocking_conditions,
    decide_person,
    evaluate,
    evaluate_person,
)
from thidua.awards.tests.helpers import (
    VERSIONS,
    YEAR,
    D,
    case,
    memory_context,
    person_in,
    random_person,
    rate,
)

D91 = AwardTypeVersion(valid_from=D(2018, 1, 1), valid_to=D(2023, 12, 31), citation="NĐ 91/2017/NĐ-CP")


def _good_person():
    person = random_person(random.Random(7))
    person.cases, person.discipline, person.maternity, person.awards = [], [], [], {}
    person.unit_kind = ""
    person.ratings = {YEAR: (1, "good")}
    return person


@pytest.mark.parametrize(
    ("case_id", "code", "version"),
    [
        ("local-entry", "CO_TD_VKSND", VERSIONS["LDTT"]),  # a local catalogue entry, no rules declared
        ("decree-91-version", "LDTT", D91),  # a version of a law no table holds
    ],
)
def test_a_title_without_declared_rules_needs_a_human_check(case_id, code, version) -> None:
    ctx = memory_context()
    ctx.versions[code] = version
    person = _good_person()
    verdict = evaluate_person(person, code, ctx)
    assert verdict.status == NEEDS_CHECK
    assert [c.key for c in verdict.conditions][-1] == "no_rules"
    with translation.override("en"):
        assert "No rules declared for this title" in verdict.conditions[-1].text
    assert decide_person(person, code, ctx) == (NEEDS_CHECK, "")
    # The general conditions still apply: an open case makes it not eligible.
    person.cases = [PeriodFact(9, "investigation", D(YEAR, 1, 1), None)]
    person.memo.clear()
    assert decide_person(person, code, ctx) == (NOT_ELIGIBLE, "R-GEN-01")


def test_a_collective_title_does_not_apply_to_a_person() -> None:
    ctx = memory_context()
    verdict = evaluate_person(_good_person(), "TTLDTT", ctx)
    assert (verdict.status, verdict.failed_rules) == (NOT_ELIGIBLE, ["—"])


def test_adding_a_version_of_the_law_is_adding_a_table(monkeypatch) -> None:
    """A table for the versions from 2018 (e.g. Decree 91/2017, whose LĐTT asks the same rating):
    the 2018 version is then evaluated with it, the 2024 versions still with the 2022 law's table."""
    older = {"person": {"LDTT": RULES[0][1]["person"]["LDTT"]}, "unit": {}}
    monkeypatch.setattr(rules, "RULES", [(D(2018, 1, 1), older), *RULES])
    ctx = memory_context()
    ctx.versions["LDTT"] = D91
    assert evaluate_person(_good_person(), "LDTT", ctx).status == "eligible"
    ctx = memory_context()
    ctx.versions["CSTDCS"] = D91  # not declared in the older table
    assert [c.key for c in evaluate_person(_good_person(), "CSTDCS", ctx).conditions][-1] == "no_rules"


def test_every_kind_is_declared_with_a_rule_id() -> None:
    for _since, table in RULES:
        for kind, titles in table.items():
            for code, kinds in titles.items():
                for condition in kinds:
                    assert condition.rule, (kind, code, condition)
                    assert dataclasses.is_dataclass(condition), condition


# (the case opened on, closed on, the evaluation date, whether it blocks)
CASES = [
    ("before-opening", D(YEAR, 3, 1), None, D(YEAR, 2, 28), False),
    ("opening-day", D(YEAR, 3, 1), None, D(YEAR, 3, 1), True),
    ("day-before-closing", D(YEAR, 3, 1), D(YEAR, 6, 1), D(YEAR, 5, 31), True),
    ("closing-day", D(YEAR, 3, 1), D(YEAR, 6, 1), D(YEAR, 6, 1), False),
]


@pytest.mark.parametrize(("case_id", "opened", "closed", "on", "blocks"), CASES, ids=[c[0] for c in CASES])
def test_a_case_is_open_in_one_place(world, case_id, opened, closed, on, blocks) -> None:
    """R-GEN-01 (D10): the verdict, the status path (through the verdict's failed rules) and
    `blocking_conditions` (the conferences' contract) answer the same at each boundary."""
    person = person_in(world.member_unit)
    rate(person, YEAR, "good")
    case(person, "investigation", opened, closed)
    verdict = evaluate(person, "LDTT", YEAR, on=on)
    assert ("R-GEN-01" in verdict.failed_rules) is blocks
    assert bool(blocking_conditions(person=person, on=on)) is blocks
    assert rules.case_blocks("investigation", opened, closed, on, ["investigation"]) is blocks
    assert not rules.case_blocks("investigation", opened, closed, on, [])  # a kind that does not block


def test_no_version_before_the_catalogue_is_a_check() -> None:
    ctx = memory_context()
    del ctx.versions["LDTT"]
    verdict = evaluate_person(_good_person(), "LDTT", ctx)
    assert verdict.status == NEEDS_CHECK and verdict.conditions[-1].key == "no_version"
