"""Issue 12 item 8: a condition whose records are absent (no rating recorded for the year, no people
recorded in the unit) answers "needs a human check", never "not eligible"; a record that exists and
fails is still "not eligible". Each boundary is checked in the three places that answer it: the
explained verdict (`rules.evaluate`), the status path (`rules.decide_person`, `rules.decide_unit`)
and a real batch (`batch.evaluate_batch`: the set-based path for people, members counted for units)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pytest
from django.utils import translation

from thidua.awards.batch import evaluate_batch
from thidua.awards.facts import load_people, load_units, new_world
from thidua.awards.rules import (
    ELIGIBLE,
    NEEDS_CHECK,
    NOT_ELIGIBLE,
    context,
    decide_person,
    decide_unit,
    default_on,
    evaluate,
)
from thidua.awards.tests.helpers import D, award, initiative, maternity, person_in, rate
from thidua.orgs.models import Person, Unit

YEAR = 2025


def _all_answers(
    candidate: Any, code: str, unit_ids: list[int]
) -> tuple[Any, tuple[str, str], tuple[str, str]]:
    """The explained verdict, the status path's answer and the stored batch's, for one candidate."""
    verdict = evaluate(candidate, code, YEAR)
    world = new_world(YEAR)
    ctx = context(world, default_on(YEAR))
    if isinstance(candidate, Person):
        world.people = load_people(world, ctx.settings, ids=[candidate.pk])
        single = decide_person(world.people[candidate.pk], code, ctx)
        kind = "person"
    else:
        world.units = load_units(world, ctx.settings, ids=[candidate.pk])
        world.people = load_people(world, ctx.settings, ids=list(world.units[candidate.pk].members))
        single = decide_unit(world.units[candidate.pk], code, ctx)
        kind = "unit"
    batch = next(
        (o.status, o.failed)
        for o in evaluate_batch(YEAR, unit_ids=unit_ids, codes=[code])
        if o.candidate == (kind, candidate.pk)
    )
    return verdict, single, batch


def _keys(verdict: Any) -> dict[str, str]:
    return {c.key: c.status for c in verdict.conditions}


PERSON_CASES: list[tuple[str, str, Callable[[Person], Any], str, str, str]] = [
    # (id, title, history, status, failed rules, the key of the condition that answers)
    ("ldtt-rated-low", "LDTT", lambda p: rate(p, YEAR, "completed"), NOT_ELIGIBLE, "R-IND-01", "rating_low"),
    ("ldtt-unrated", "LDTT", lambda p: rate(p, YEAR - 1, "good"), NEEDS_CHECK, "", "rating_missing"),
    ("gk-rated-low", "GIAY_KHEN", lambda p: rate(p, YEAR, "completed"), NOT_ELIGIBLE, "Art 75", "rating_low"),
    ("gk-unrated", "GIAY_KHEN", lambda p: None, NEEDS_CHECK, "", "rating_missing"),
    (
        "cstdcs-rated-low",
        "CSTDCS",
        lambda p: rate(p, YEAR, "completed"),
        NOT_ELIGIBLE,
        "R-IND-02, R-IND-02, R-GEN-05",
        "ldtt_standard_missing",
    ),
    ("cstdcs-unrated", "CSTDCS", lambda p: None, NEEDS_CHECK, "", "ldtt_standard_unrecorded"),
    (
        "cstdcs-unrated-no-ground",
        "CSTDCS",
        lambda p: award(p, "LDTT", YEAR),  # the standard from the title; the ground unknown
        NEEDS_CHECK,
        "",
        "cstdcs_ground_unrecorded",
    ),
    (
        "cstd-tinh-year-rated-low",
        "CSTD_TINH",
        lambda p: (
            award(p, "CSTDCS", YEAR - 2),
            award(p, "CSTDCS", YEAR - 1),
            initiative(p, YEAR, level="province"),
            rate(p, YEAR, "completed"),
        ),
        NOT_ELIGIBLE,
        "R-IND-05",
        "chain_missing",
    ),
    (
        # R-GEN-03: a year of leave without a rating is skipped in a chain, not a check (the year's own
        # CSTĐCS is a check only for want of that rating).
        "bk-tinh-leave-year-unrated",
        "BK_TINH",
        lambda p: (
            maternity(p, D(YEAR, 3, 14), D(YEAR, 9, 10)),
            award(p, "CSTDCS", YEAR - 2),
            award(p, "CSTDCS", YEAR - 1),
            initiative(p, YEAR - 1),
            initiative(p, YEAR),
        ),
        ELIGIBLE,
        "",
        "bk_d_ok",
    ),
    (
        "cstd-tinh-year-unrated",
        "CSTD_TINH",
        lambda p: (
            award(p, "CSTDCS", YEAR - 2),
            award(p, "CSTDCS", YEAR - 1),
            initiative(p, YEAR, level="province"),
        ),
        NEEDS_CHECK,
        "",
        "chain_ok",
    ),
]


@pytest.mark.parametrize(
    ("case_id", "code", "history", "status", "failed", "key"), PERSON_CASES, ids=[c[0] for c in PERSON_CASES]
)
def test_a_persons_missing_rating_is_a_check(world, case_id, code, history, status, failed, key) -> None:
    person = person_in(world.member_unit)
    history(person)
    verdict, single, batch = _all_answers(person, code, [world.member_unit.pk])
    assert (verdict.status, ", ".join(verdict.failed_rules)) == (status, failed)
    assert single == batch == (status, failed)
    assert key in _keys(verdict)
    if status == NEEDS_CHECK:
        assert _keys(verdict)[key] in ("check", "met")


@pytest.fixture
def unit(world) -> Unit:
    return cast("Unit", world.member_sub_unit)


def _members(unit: Unit, ratings: list[str | None]) -> None:
    for i, rating in enumerate(ratings):
        member = person_in(unit, f"Thành Viên {i}")
        if rating is not None:
            rate(member, YEAR, rating)


UNIT_CASES: list[tuple[str, str, str | None, list[str | None], str, str, str]] = [
    # (id, title, the unit's rating, its members' ratings, status, failed rules, the key that answers)
    ("ttldtt-rated-low", "TTLDTT", "completed", ["good"] * 4, NOT_ELIGIBLE, "R-COL-01", "unit_rating_low"),
    ("ttldtt-unrated", "TTLDTT", None, ["good"] * 4, NEEDS_CHECK, "", "unit_rating_missing"),
    ("ttldtt-no-members", "TTLDTT", "good", [], NEEDS_CHECK, "", "no_members"),
    # 2 of 4 meet the standard (50 % < 70 %): two rated low fail, two unrated are a check.
    (
        "ttldtt-share-low",
        "TTLDTT",
        "good",
        ["good", "good", "completed", "completed"],
        NOT_ELIGIBLE,
        "R-COL-01",
        "share_low",
    ),
    (
        "ttldtt-share-unrated",
        "TTLDTT",
        "good",
        ["good", "good", None, None],
        NEEDS_CHECK,
        "",
        "share_unrecorded",
    ),
    # One member short: rated "not completed" fails, unrated is a check (TTLĐXS also needs a CSTĐCS).
    (
        "ttldxs-member-short",
        "TTLDXS",
        "excellent",
        [*(["good"] * 9), "not_completed"],
        NOT_ELIGIBLE,
        "R-COL-02",
        "not_all_completed",
    ),
    (
        "ttldxs-member-unrated",
        "TTLDXS",
        "excellent",
        [*(["good"] * 9), None],
        NEEDS_CHECK,
        "",
        "completed_unrecorded",
    ),
    ("gk-unit-unrated", "GIAY_KHEN", None, [], NEEDS_CHECK, "", "unit_rating_missing"),
    ("gk-unit-rated-low", "GIAY_KHEN", "completed", [], NOT_ELIGIBLE, "Art 75", "unit_rating_low"),
]


@pytest.mark.parametrize(
    ("case_id", "code", "rating", "members", "status", "failed", "key"),
    UNIT_CASES,
    ids=[c[0] for c in UNIT_CASES],
)
def test_a_units_missing_records_are_a_check(
    unit, case_id, code, rating, members, status, failed, key
) -> None:
    if rating is not None:
        rate(unit, YEAR, rating)
    _members(unit, members)
    if code == "TTLDXS":
        award(Person.objects.get(full_name="Thành Viên 0"), "CSTDCS", YEAR)
    verdict, single, batch = _all_answers(unit, code, [unit.pk])
    assert (verdict.status, ", ".join(verdict.failed_rules)) == (status, failed)
    assert single == batch == (status, failed)
    assert key in _keys(verdict)


def test_the_sentences_say_what_is_missing(world) -> None:
    """The explanation says which record is missing, in Vietnamese, with the members it counted."""
    unit = world.member_sub_unit
    rate(unit, YEAR, "good")
    _members(unit, ["good", "good", None, None])
    person = person_in(world.member_unit)
    with translation.override("vi"):
        share = next(c for c in evaluate(unit, "TTLDTT", YEAR).conditions if c.key == "share_unrecorded")
        assert "2 người chưa có kết quả xếp loại" in share.text and "Thành Viên 0" in share.text
        standard = next(c for c in evaluate(person, "CSTDCS", YEAR).conditions if c.rule == "R-IND-02")
        assert "Chưa có kết quả xếp loại năm 2025" in standard.text


@pytest.mark.parametrize(
    ("case_id", "members", "status", "failed", "key"),
    [
        ("no-cstdcs-all-rated", ["good"] * 10, NOT_ELIGIBLE, "R-COL-02", "member_cstdcs_missing"),
        # The unrated member's own CSTĐCS of the year is a check, so is "at least one member has it".
        ("no-cstdcs-one-unrated", [*(["good"] * 9), None], NEEDS_CHECK, "", "member_cstdcs_unknown"),
    ],
)
def test_a_members_cstdcs_that_needs_a_check(unit, case_id, members, status, failed, key) -> None:
    """R-COL-02: no member holds CSTĐCS; a member whose CSTĐCS cannot be decided makes it a check."""
    rate(unit, YEAR, "excellent")
    _members(unit, members)
    verdict, single, batch = _all_answers(unit, "TTLDXS", [unit.pk])
    assert (verdict.status, ", ".join(verdict.failed_rules)) == single == batch == (status, failed)
    assert key in _keys(verdict)
