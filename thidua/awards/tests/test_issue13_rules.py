"""Issue 13 item 3: discipline before the end of its period (R-GEN-02, D11), the CSTĐCS cap computed
from the unit's counts (R-IND-03), explanations citing the decree in force and naming the records
that do not count (D1), and the basis a proposal relies on (D4). Each table is checked in both outputs:
the explained verdict (`rules.evaluate`) and the batch's status path (`rules.decide_person`)."""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from thidua.awards.facts import load_people, new_world
from thidua.awards.models import EligibilitySettings
from thidua.awards.rules import (
    COLLECTIVE_CODES,
    ELIGIBLE,
    INDIVIDUAL_CODES,
    NEEDS_CHECK,
    NOT_ELIGIBLE,
    context,
    decide_person,
    default_on,
    evaluate,
    evaluate_person,
    evaluate_unit,
)
from thidua.awards.tests.helpers import (
    D,
    award,
    discipline,
    initiative,
    person_in,
    random_context,
    random_person,
    random_unit,
    rate,
    rates,
)
from thidua.orgs.models import Person


@pytest.fixture
def person(world):
    return person_in(world.member_unit)


def _text(verdict: Any) -> str:
    return " ".join(f"{c.rule} {c.text} {[r.text for r in c.records]}" for c in verdict.conditions)


def _batch(person: Person, code: str, year: int, on: datetime.date | None = None) -> tuple[str, str]:
    """What the batch's status path answers for the person (facts loaded as a batch does)."""
    world = new_world(year)
    ctx = context(world, on or default_on(year))
    world.people = load_people(world, ctx.settings, ids=[person.pk])
    return decide_person(world.people[person.pk], code, ctx)


def _both(person: Person, code: str, year: int, on: datetime.date | None = None) -> Any:
    verdict = evaluate(person, code, year, on=on)
    assert _batch(person, code, year, on) == (verdict.status, ", ".join(verdict.failed_rules)), _text(verdict)
    return verdict


def _chain(p: Person, years: Any) -> list[Any]:
    return [(rate(p, year, "excellent"), award(p, "CSTDCS", year)) for year in years]


# (case id, title, year, on, history, expected verdict, text the explanation must contain)
DISCIPLINE: list[tuple[str, str, int, datetime.date | None, Callable[[Any], Any], str, str]] = [
    # R-IND-05 chain: every year up to the end of the period is excluded (the years before it too).
    (
        "chain-period-in-first-year",
        "CSTD_TINH",
        2025,
        None,
        lambda p: (
            _chain(p, [2023, 2024]),
            discipline(p, D(2023, 3, 1), D(2023, 8, 31), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        "thiếu năm 2023.",
    ),
    (
        "chain-period-before-the-chain-ends-before-it",
        "CSTD_TINH",
        2025,
        None,
        lambda p: (
            _chain(p, [2022, 2023, 2024]),
            discipline(p, D(2022, 1, 1), D(2022, 12, 31), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        ELIGIBLE,
        "2023, 2024, 2025",
    ),
    (
        "chain-period-ends-on-the-first-day",
        "CSTD_TINH",
        2025,
        None,
        lambda p: (
            _chain(p, [2023, 2024]),
            discipline(p, D(2022, 6, 1), D(2023, 1, 1), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        "thiếu năm 2023.",
    ),
    (
        "chain-period-in-middle-year-excludes-the-first-too",
        "CSTD_TINH",
        2025,
        None,
        lambda p: (
            _chain(p, [2023, 2024]),
            discipline(p, D(2024, 2, 1), D(2024, 3, 31), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        "thiếu năm 2023, 2024.",
    ),
    # The evaluation date: a period imposed after it is not known to the dossier; one imposed before
    # it excludes every earlier year, also the year evaluated.
    (
        "period-imposed-after-the-date",
        "CSTD_TINH",
        2025,
        D(2025, 12, 31),
        lambda p: (
            _chain(p, [2023, 2024]),
            discipline(p, D(2026, 1, 5), D(2026, 6, 30), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        ELIGIBLE,
        "2023, 2024, 2025",
    ),
    (
        "period-imposed-before-a-late-date",
        "CSTD_TINH",
        2025,
        D(2026, 2, 1),
        lambda p: (
            _chain(p, [2023, 2024]),
            discipline(p, D(2026, 1, 5), D(2026, 6, 30), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        "R-GEN-02",
    ),
    # R-IND-09: the Bằng khen tỉnh the run starts from is an achievement too.
    (
        "pm-base-inside-period",
        "BK_TTG",
        2025,
        None,
        lambda p: (
            award(p, "BK_TINH", 2019),
            discipline(p, D(2019, 5, 1), D(2019, 11, 30), level=1),
            rates(p, range(2020, 2026)),
            [award(p, "CSTDCS", y) for y in (2021, 2023, 2025)],
        ),
        NEEDS_CHECK,
        "R-IND-09",
    ),
    (
        "pm-base-after-period",
        "BK_TTG",
        2025,
        None,
        lambda p: (
            award(p, "BK_TINH", 2019),
            discipline(p, D(2018, 5, 1), D(2018, 12, 31), level=1),
            rates(p, range(2020, 2026)),
            [award(p, "CSTDCS", y) for y in (2021, 2023, 2025)],
        ),
        ELIGIBLE,
        "2019",
    ),
    # R-IND-08: the alternative of two excellent years.
    (
        "bk-tinh-excellent-year-inside-period",
        "BK_TINH",
        2025,
        None,
        lambda p: (
            rates(p, [2024, 2025], "excellent"),
            discipline(p, D(2023, 6, 1), D(2024, 3, 31), level=1),
            initiative(p, 2024, title="SK1"),
            initiative(p, 2025, title="SK2"),
        ),
        NEEDS_CHECK,
        "R-IND-08",
    ),
    (
        "bk-tinh-excellent-years-after-period",
        "BK_TINH",
        2025,
        None,
        lambda p: (
            rates(p, [2024, 2025], "excellent"),
            discipline(p, D(2023, 6, 1), D(2023, 12, 31), level=1),
            initiative(p, 2024, title="SK1"),
            initiative(p, 2025, title="SK2"),
        ),
        ELIGIBLE,
        "SK1",
    ),
    # R-IND-07: the first Chiến sĩ thi đua tỉnh of the pair.
    (
        "tq-first-flag-inside-period",
        "CSTD_TQ",
        2025,
        None,
        lambda p: (
            award(p, "CSTD_TINH", 2022),
            award(p, "CSTD_TINH", 2025),
            discipline(p, D(2023, 2, 1), D(2023, 5, 31), level=1),
            initiative(p, 2024, level="national"),
        ),
        NOT_ELIGIBLE,
        "R-IND-07",
    ),
]


@pytest.mark.parametrize(
    ("case_id", "code", "year", "on", "history", "expected", "text"),
    DISCIPLINE,
    ids=[c[0] for c in DISCIPLINE],
)
def test_discipline_excludes_every_year_to_its_end(
    person, case_id, code, year, on, history, expected, text
) -> None:
    history(person)
    verdict = _both(person, code, year, on)
    assert verdict.status == expected, _text(verdict)
    assert text in _text(verdict), _text(verdict)


def test_discipline_same_year_setting_counts_the_year_it_ended(person) -> None:
    """D11 switched to "same_year": the year in which the period ended counts, the years before not."""
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), discipline_counts_from="same_year")
    _chain(person, [2023, 2024])
    discipline(person, D(2024, 2, 1), D(2024, 10, 31), level=1)
    rate(person, 2025, "excellent")
    initiative(person, 2025, level="province")
    verdict = _both(person, "CSTD_TINH", 2025)
    assert verdict.status == NOT_ELIGIBLE
    assert "thiếu năm 2023." in _text(verdict)


UNIT: list[tuple[str, Callable[[Any], Any], str]] = [
    # R-COL-06: (case id, unit history, the status of the condition on the two years)
    ("unit-year-inside-period", lambda u: discipline(u, D(2024, 1, 1), D(2024, 6, 30), level=1), "check"),
    ("unit-period-ended-before", lambda u: discipline(u, D(2023, 1, 1), D(2023, 12, 31), level=1), "met"),
]


@pytest.mark.parametrize(("case_id", "history", "years"), UNIT, ids=[c[0] for c in UNIT])
def test_collective_bk_tinh_years_after_discipline(world, case_id, history, years) -> None:
    unit = world.member_unit
    rates(unit, [2024, 2025], "excellent")
    history(unit)
    verdict = evaluate(unit, "BK_TINH", 2025)
    assert verdict.status == NEEDS_CHECK
    condition = next(c for c in verdict.conditions if c.key in ("bk_unit_ok", "bk_unit_missing"))
    assert condition.status == years, _text(verdict)


# R-IND-03: (case id, settings, people of the unit rated good, of them already CSTĐCS, people rated
# "completed" only, expected verdict of one more excellent person, text of the explanation)
CAP: list[tuple[str, dict[str, Any], int, int, int, str, str]] = [
    ("15-of-20-down-room", {"cstdcs_cap_pct": 15}, 19, 1, 0, ELIGIBLE, "có 20 người đạt"),
    ("15-of-20-down-full", {"cstdcs_cap_pct": 15}, 19, 3, 0, NOT_ELIGIBLE, "là 3 (làm tròn xuống)"),
    ("15-of-19-down", {"cstdcs_cap_pct": 15}, 18, 2, 0, NOT_ELIGIBLE, "là 2"),
    ("15-of-19-up", {"cstdcs_cap_pct": 15, "cstdcs_cap_rounding": "up"}, 18, 2, 0, ELIGIBLE, "là 3"),
    ("15-of-10-nearest", {"cstdcs_cap_pct": 15, "cstdcs_cap_rounding": "nearest"}, 9, 1, 0, ELIGIBLE, "là 2"),
    (
        "15-of-9-nearest",
        {"cstdcs_cap_pct": 15, "cstdcs_cap_rounding": "nearest"},
        8,
        1,
        0,
        NOT_ELIGIBLE,
        "là 1",
    ),
    ("15-of-6-down-none", {"cstdcs_cap_pct": 15}, 5, 0, 0, NOT_ELIGIBLE, "là 0"),
    (
        "rated-base",
        {"cstdcs_cap_pct": 15, "cstdcs_cap_base": "rated"},
        9,
        2,
        10,
        ELIGIBLE,
        "có 20 người được",
    ),
    ("ldtt-base-ignores-completed", {"cstdcs_cap_pct": 15}, 9, 2, 10, NOT_ELIGIBLE, "có 10 người đạt"),
    ("no-cap", {}, 9, 9, 0, ELIGIBLE, ""),
]


@pytest.mark.parametrize(
    ("case_id", "values", "good", "holders", "completed", "expected", "text"), CAP, ids=[c[0] for c in CAP]
)
def test_cstdcs_cap_from_the_units_counts(
    world, case_id, values, good, holders, completed, expected, text
) -> None:
    """The people of the deciding unit (Sở Nội vụ with its sub-unit) on 31/12/2025; the candidate is
    rated excellent (so meets the Lao động tiên tiến standard and counts in the base)."""
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), **values)
    units = [world.member_unit, world.member_sub_unit]
    for index in range(good):
        other = person_in(units[index % 2], f"Người Thứ {index}")
        rate(other, 2025, "good")
        if index < holders:
            award(other, "CSTDCS", 2025)
    for index in range(completed):
        rate(person_in(world.member_unit, f"Người Hoàn Thành {index}"), 2025, "completed")
    rate(person_in(world.outside_unit, "Người Ngoài", gender="male"), 2025, "good")  # not counted
    candidate = person_in(world.member_sub_unit, "Lê Thị Hoa")
    rate(candidate, 2025, "excellent")
    verdict = _both(candidate, "CSTDCS", 2025)
    assert verdict.status == expected, _text(verdict)
    assert text in _text(verdict), _text(verdict)
    if values:
        assert "Sở Nội vụ" in _text(verdict)


# -- explanations (D1, issue 13 item 3d) ------------------------------------------------------------


def _condition(verdict: Any, rule: str) -> Any:
    return next(c for c in verdict.conditions if c.rule.startswith(rule))


# (case id, evaluation date, the article R-GEN-01 and R-GEN-02 cite)
DECREES = [
    ("before-1-july-2025", D(2025, 6, 30), "NĐ 98/2023/NĐ-CP Điều 4"),
    ("from-1-july-2025", D(2025, 7, 1), "NĐ 152/2025/NĐ-CP Điều 4(4)"),
    ("year-end-2024", D(2024, 12, 31), "NĐ 98/2023/NĐ-CP Điều 4"),
]


@pytest.mark.parametrize(("case_id", "on", "article"), DECREES, ids=[c[0] for c in DECREES])
def test_general_rules_cite_the_decree_in_force(person, case_id, on, article) -> None:
    rate(person, on.year)
    verdict = evaluate(person, "LDTT", on.year, on=on)
    assert _condition(verdict, "R-GEN-01").article == article
    assert _condition(verdict, "R-GEN-02").article == article
    award(person, "BK_TINH", on.year - 6, commendation_type="thematic")
    pm = evaluate(person, "BK_TTG", on.year, on=on)
    cited = _condition(pm, "R-IND-09").article
    assert ("NĐ 98/2023/NĐ-CP Điều 4" if on < D(2025, 7, 1) else "NĐ 152/2025/NĐ-CP Điều 4(3)") in cited


# (case id, title, history, text naming a record that does not count with its reason)
NOT_COUNTED: list[tuple[str, str, Callable[[Any], Any], str]] = [
    (
        "pm-ad-hoc-base",
        "BK_TTG",
        lambda p: (
            award(p, "BK_TINH", 2019, commendation_type="ad_hoc"),
            rates(p, range(2020, 2026)),
            [award(p, "CSTDCS", y) for y in (2021, 2023, 2025)],
        ),
        "Bằng khen tỉnh 2019: đột xuất, R-GEN-06",
    ),
    (
        "pm-base-in-discipline",
        "BK_TTG",
        lambda p: (
            award(p, "BK_TINH", 2019),
            discipline(p, D(2019, 5, 1), D(2019, 11, 30), level=1),
            rates(p, range(2020, 2026)),
        ),
        "Bằng khen tỉnh 2019: trong thời gian kỷ luật (đến 30/11/2019), R-GEN-02",
    ),
    (
        "pm-base-too-recent",
        "BK_TTG",
        lambda p: (award(p, "BK_TINH", 2022), rates(p, range(2023, 2026))),
        "Bằng khen tỉnh 2022: chưa đủ 5 năm",
    ),
    (
        "chain-year-in-discipline",
        "CSTD_TINH",
        lambda p: (
            _chain(p, [2023, 2024]),
            discipline(p, D(2024, 2, 1), D(2024, 3, 31), level=1),
            rate(p, 2025, "excellent"),
        ),
        "CSTĐCS 2024: trong thời gian kỷ luật (đến 31/03/2024), R-GEN-02",
    ),
    (
        "chain-thematic-title",
        "CSTD_TINH",
        lambda p: (
            _chain(p, [2023]),
            award(p, "CSTDCS", 2024, commendation_type="thematic"),
            rate(p, 2025, "excellent"),
        ),
        "CSTĐCS 2024: theo chuyên đề, R-GEN-06",
    ),
    (
        "tq-first-flag-thematic",
        "CSTD_TQ",
        lambda p: (award(p, "CSTD_TINH", 2022, commendation_type="thematic"), award(p, "CSTD_TINH", 2025)),
        "CSTĐ tỉnh 2022: theo chuyên đề, R-GEN-06",
    ),
    (
        "bk-tinh-excellent-year-in-discipline",
        "BK_TINH",
        lambda p: (
            rates(p, [2024, 2025], "excellent"),
            discipline(p, D(2023, 6, 1), D(2024, 3, 31), level=1),
        ),
        "2024: trong thời gian kỷ luật (đến 31/03/2024), R-GEN-02",
    ),
]


@pytest.mark.parametrize(("case_id", "code", "history", "text"), NOT_COUNTED, ids=[c[0] for c in NOT_COUNTED])
def test_a_record_that_does_not_count_is_named_with_its_reason(person, case_id, code, history, text) -> None:
    history(person)
    verdict = _both(person, code, 2025)
    assert text in _text(verdict), _text(verdict)
    assert "không có" not in _text(verdict).split("R-IND")[-1] or code != "BK_TTG", _text(verdict)


def test_member_share_names_the_members_counted(world) -> None:
    unit = world.member_sub_unit
    counted = [person_in(unit, name) for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    for member in counted:
        rate(member, 2025, "good")
    rate(person_in(unit, "Phạm Văn Dũng", gender="male"), 2025, "completed")
    rate(unit, 2025, "good")
    verdict = evaluate(unit, "TTLDTT", 2025)
    share = next(c for c in verdict.conditions if c.key in ("share_ok", "share_low"))
    assert all(member.full_name in share.text for member in counted), share.text
    assert "Phạm Văn Dũng" not in share.text
    assert {ref.id for ref in share.records} == {member.pk for member in counted}


GLITCH = re.compile(r"\.\.|\.(?=[^\W\d_])")


def _glitches(texts: list[str]) -> list[str]:
    """Sentences run together ("2025.Skipped") or doubled full stops ("needs 3.. Other"); a full stop
    followed by a lower-case letter is as wrong as one followed by a capital."""
    return [text for text in texts if GLITCH.search(text)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_explanations_of_generated_cases_have_no_sentence_glitches(language) -> None:
    """Random histories (the status path's generator) and random settings, every title: no ".." and no
    full stop directly followed by a letter, in either language."""
    found: list[str] = []
    with translation.override(language):
        for seed in range(300):
            rng = random.Random(seed)
            person, ctx = random_person(rng), random_context(rng)
            texts = []
            for code in INDIVIDUAL_CODES:
                verdict = evaluate_person(person, code, ctx)
                texts += [c.text for c in verdict.conditions] + verdict.note_texts
            for code, basis in (("BK_TINH", "d"), ("BK_TINH", "a"), ("BK_TTG", "b"), ("BK_TTG", "other")):
                texts += [c.text for c in evaluate_person(person, code, ctx, basis).conditions]
            unit, members = random_unit(rng)
            ctx.world.people = {member.id: member for member in members}
            for code in COLLECTIVE_CODES:
                texts += [c.text for c in evaluate_unit(unit, code, ctx).conditions]
            texts += [c.text for c in evaluate_unit(unit, "BK_TINH", ctx, "collective").conditions]
            found += _glitches(texts)
    assert not found, sorted(set(found))[:10]


# -- the basis a proposal relies on (D4, issue 13 item 3e) ---------------------------------------------


def _point_d_met(p: Person) -> None:
    rates(p, [2024, 2025], "excellent")
    initiative(p, 2024, title="SK1")
    initiative(p, 2025, title="SK2")


def _point_d_failed(p: Person) -> None:
    rates(p, [2024, 2025], "excellent")
    initiative(p, 2025, title="SK2")


def _point_b_met(p: Person) -> None:
    award(p, "BK_TINH", 2020)
    rates(p, range(2021, 2026))
    for y in (2021, 2023, 2025):
        award(p, "CSTDCS", y)


def _point_b_failed(p: Person) -> None:
    award(p, "BK_TINH", 2021)
    rates(p, range(2022, 2026))


# (case id, title, history, basis, expected verdict, rule not met or "")
BASES: list[tuple[str, str, Callable[[Any], Any], str | None, str, str]] = [
    ("d-failed-no-basis", "BK_TINH", _point_d_failed, None, NEEDS_CHECK, ""),
    ("d-failed-basis-d", "BK_TINH", _point_d_failed, "d", NOT_ELIGIBLE, "R-IND-08"),
    ("d-met-basis-d", "BK_TINH", _point_d_met, "d", ELIGIBLE, ""),
    ("d-met-basis-a", "BK_TINH", _point_d_met, "a", NEEDS_CHECK, ""),
    ("d-failed-basis-e", "BK_TINH", _point_d_failed, "e", NEEDS_CHECK, ""),
    ("b-failed-no-basis", "BK_TTG", _point_b_failed, None, NEEDS_CHECK, ""),
    ("b-failed-basis-b", "BK_TTG", _point_b_failed, "b", NOT_ELIGIBLE, "R-IND-09, R-GEN-06"),
    (
        "b-none-basis-b",
        "BK_TTG",
        lambda p: rates(p, range(2021, 2026)),
        "b",
        NOT_ELIGIBLE,
        "R-IND-09, R-GEN-06",
    ),
    ("b-met-basis-b", "BK_TTG", _point_b_met, "b", ELIGIBLE, ""),
    ("b-met-basis-other", "BK_TTG", _point_b_met, "other", NEEDS_CHECK, ""),
    ("basis-of-another-title-ignored", "LDTT", lambda p: rate(p, 2025), "d", ELIGIBLE, ""),
]


@pytest.mark.parametrize(
    ("case_id", "code", "history", "basis", "expected", "rule"), BASES, ids=[c[0] for c in BASES]
)
def test_the_basis_a_proposal_relies_on(person, case_id, code, history, basis, expected, rule) -> None:
    history(person)
    verdict = evaluate(person, code, 2025, basis=basis)
    assert verdict.status == expected, _text(verdict)
    assert ", ".join(verdict.failed_rules) == rule
    if basis is None:
        assert evaluate(person, code, 2025).signature() == verdict.signature()  # as before issue 13
    world = new_world(2025)
    ctx = context(world, default_on(2025))
    world.people = load_people(world, ctx.settings, ids=[person.pk])
    assert decide_person(world.people[person.pk], code, ctx, basis) == (expected, rule)


UNIT_BASES: list[tuple[str, list[int], str | None, str]] = [
    ("years-missing-no-basis", [2025], None, NEEDS_CHECK),
    ("years-missing-basis", [2025], "collective", NOT_ELIGIBLE),
    ("years-met-basis", [2024, 2025], "collective", NEEDS_CHECK),  # its qualitative conditions remain
]


@pytest.mark.parametrize(
    ("case_id", "years", "basis", "expected"), UNIT_BASES, ids=[c[0] for c in UNIT_BASES]
)
def test_the_collective_basis(world, case_id, years, basis, expected) -> None:
    rates(world.member_unit, years, "excellent")
    verdict = evaluate(world.member_unit, "BK_TINH", 2025, basis=basis)
    assert verdict.status == expected, _text(verdict)
    assert ("R-COL-06" in verdict.failed_rules) == (expected == NOT_ELIGIBLE)


def test_a_members_title_that_does_not_count_is_named(world) -> None:
    """R-COL-02: a member's thematic CSTĐCS does not make the collective's CSTĐCS; it is named."""
    unit = world.member_sub_unit
    rate(unit, 2025, "excellent")
    member = person_in(unit, "Đỗ Thị Lan")
    rate(member, 2025, "good")
    award(member, "CSTDCS", 2025, commendation_type="thematic")
    verdict = evaluate(unit, "TTLDXS", 2025)
    condition = next(c for c in verdict.conditions if c.key == "member_cstdcs_missing")
    assert "CSTĐCS 2025 — Đỗ Thị Lan: theo chuyên đề, R-GEN-06" in condition.text
