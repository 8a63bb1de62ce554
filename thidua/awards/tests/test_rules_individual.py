"""Table-driven cases for every individual rule at its boundaries (law.md §8.1, §8.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thidua.awards.models import EligibilitySettings
from thidua.awards.rules import ELIGIBLE, NEEDS_CHECK, NOT_ELIGIBLE, evaluate
from thidua.awards.tests.helpers import (
    D,
    award,
    case,
    discipline,
    initiative,
    maternity,
    person_in,
    rate,
    rates,
    use,
)
from thidua.testing import make_unit


@pytest.fixture
def person(world):
    return person_in(world.member_unit)


def _cstdcs_chain(p: Any, years: Any) -> list[Any]:
    return [(rate(p, year, "excellent"), award(p, "CSTDCS", year)) for year in years]


CASES: list[tuple[str, str, int, Callable[[Any], Any], str, str]] = [
    # (case id, title, year, history, expected verdict, text the explanation must contain)
    ("ldtt-good", "LDTT", 2025, lambda p: rate(p, 2025, "good"), ELIGIBLE, "2025"),
    ("ldtt-excellent", "LDTT", 2025, lambda p: rate(p, 2025, "excellent"), ELIGIBLE, "xuất sắc"),
    (
        "ldtt-only-completed",
        "LDTT",
        2025,
        lambda p: rate(p, 2025, "completed"),
        NOT_ELIGIBLE,
        "hoàn thành tốt",
    ),
    (
        "ldtt-no-rating",  # issue 12 item 8: no record is not a failure
        "LDTT",
        2025,
        lambda p: rate(p, 2024, "excellent"),
        NEEDS_CHECK,
        "Chưa có xếp loại năm 2025",
    ),
    (
        "ldtt-maternity-no-rating",
        "LDTT",
        2025,
        lambda p: maternity(p, D(2025, 2, 1), D(2025, 7, 31)),
        NEEDS_CHECK,
        "thai sản",
    ),
    (
        "ldtt-open-case",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), case(p, "complaint", D(2025, 11, 1))),
        NOT_ELIGIBLE,
        "R-GEN-01",
    ),
    (
        "ldtt-routine-inspection",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), case(p, "inspection_routine", D(2025, 11, 1))),
        ELIGIBLE,
        "",
    ),
    (
        "ldtt-case-closed-before",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), case(p, "investigation", D(2025, 1, 1), D(2025, 6, 1))),
        ELIGIBLE,
        "",
    ),
    (
        "ldtt-case-closes-after-proposal",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), case(p, "investigation", D(2025, 1, 1), D(2026, 1, 2))),
        NOT_ELIGIBLE,
        "R-GEN-01",
    ),
    (
        "ldtt-discipline-in-year",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), discipline(p, D(2024, 6, 1), D(2025, 5, 31))),
        NOT_ELIGIBLE,
        "R-GEN-02",
    ),
    (
        "ldtt-discipline-ended-before-year",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), discipline(p, D(2023, 6, 1), D(2024, 5, 31))),
        ELIGIBLE,
        "",
    ),
    (
        "ldtt-already-awarded",
        "LDTT",
        2025,
        lambda p: (rate(p, 2025), award(p, "LDTT", 2025, decision_number="9/QĐ")),
        NOT_ELIGIBLE,
        "9/QĐ",
    ),
    ("cstdcs-excellent", "CSTDCS", 2025, lambda p: rate(p, 2025, "excellent"), ELIGIBLE, "xuất sắc"),
    ("cstdcs-good-no-ground", "CSTDCS", 2025, lambda p: rate(p, 2025, "good"), NOT_ELIGIBLE, "R-IND-02"),
    (
        "cstdcs-good-initiative",
        "CSTDCS",
        2025,
        lambda p: (rate(p, 2025), initiative(p, 2025, title="Số hóa hồ sơ")),
        ELIGIBLE,
        "Số hóa hồ sơ",
    ),
    (
        "cstdcs-initiative-other-year",
        "CSTDCS",
        2025,
        lambda p: (rate(p, 2025), initiative(p, 2024)),
        NOT_ELIGIBLE,
        "R-IND-02",
    ),
    (
        "cstdcs-initiative-already-used",
        "CSTDCS",
        2025,
        lambda p: (rate(p, 2025), use(initiative(p, 2025, title="Phần mềm A"), award(p, "GIAY_KHEN", 2025))),
        NOT_ELIGIBLE,
        "Phần mềm A",
    ),
    (
        "cstdcs-initiative-uncertified",
        "CSTDCS",
        2025,
        lambda p: (rate(p, 2025), initiative(p, 2025, title="Bản sao", evidence="uncertified_copy")),
        NOT_ELIGIBLE,
        "chưa chứng thực",
    ),
    (
        "cstdcs-not-ldtt",
        "CSTDCS",
        2025,
        lambda p: (rate(p, 2025, "completed"), initiative(p, 2025)),
        NOT_ELIGIBLE,
        "Lao động tiên tiến",
    ),
    # R-IND-05: the chain of three, broken by one year, with maternity leave, with discipline, reused
    (
        "cstd-tinh-chain-complete",
        "CSTD_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2023, 2024]),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        ELIGIBLE,
        "2023, 2024, 2025",
    ),
    (
        "cstd-tinh-chain-broken",
        "CSTD_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2023]),
            rate(p, 2024),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        "thiếu năm 2024",
    ),
    (
        "cstd-tinh-maternity-inside-chain",
        "CSTD_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2022, 2023]),
            maternity(p, D(2024, 3, 1), D(2024, 8, 31)),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        ELIGIBLE,
        "2022, 2023, 2025",
    ),
    (
        "cstd-tinh-discipline-inside-chain",
        "CSTD_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2023, 2024]),
            discipline(p, D(2024, 2, 1), D(2024, 10, 31), level=1),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        # R-GEN-02: only achievements after the end of the period count, 2023 is before it too.
        "thiếu năm 2023, 2024",
    ),
    (
        "cstd-tinh-grassroots-initiative-only",
        "CSTD_TINH",
        2025,
        lambda p: (_cstdcs_chain(p, [2023, 2024]), rate(p, 2025, "excellent"), initiative(p, 2025)),
        NOT_ELIGIBLE,
        "toàn tỉnh",
    ),
    (
        "cstd-tinh-initiative-already-used",
        "CSTD_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2023, 2024]),
            rate(p, 2025, "excellent"),
            use(initiative(p, 2024, level="province", title="Quy trình B"), award(p, "BK_TINH", 2024)),
        ),
        NOT_ELIGIBLE,
        "Quy trình B",
    ),
    (
        "cstd-tinh-chain-years-reused",
        "CSTD_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2021, 2022, 2023, 2024]),
            award(p, "CSTD_TINH", 2023),
            rate(p, 2025, "excellent"),
            initiative(p, 2025, level="province"),
        ),
        NOT_ELIGIBLE,
        "R-IND-05",
    ),
    # R-IND-07
    (
        "cstd-tq-two-consecutive",
        "CSTD_TQ",
        2025,
        lambda p: (
            award(p, "CSTD_TINH", 2022),
            award(p, "CSTD_TINH", 2025),
            initiative(p, 2024, level="national"),
        ),
        ELIGIBLE,
        "2022, 2025",
    ),
    (
        "cstd-tq-only-one",
        "CSTD_TQ",
        2025,
        lambda p: (award(p, "CSTD_TINH", 2025), initiative(p, 2024, level="national")),
        NOT_ELIGIBLE,
        "R-IND-07",
    ),
    (
        "cstd-tq-province-initiative-only",
        "CSTD_TQ",
        2025,
        lambda p: (
            award(p, "CSTD_TINH", 2022),
            award(p, "CSTD_TINH", 2025),
            initiative(p, 2024, level="province"),
        ),
        NOT_ELIGIBLE,
        "toàn quốc",
    ),
    # R-IND-08 (D4): point (d) decides; otherwise a person judges the other points
    (
        "bk-tinh-two-cstdcs-two-initiatives",
        "BK_TINH",
        2025,
        lambda p: (
            _cstdcs_chain(p, [2024, 2025]),
            initiative(p, 2024, title="SK1"),
            initiative(p, 2025, title="SK2"),
        ),
        ELIGIBLE,
        "SK2",
    ),
    (
        "bk-tinh-point-d",
        "BK_TINH",
        2025,
        lambda p: (
            rates(p, [2024, 2025], "excellent"),
            initiative(p, 2024, title="SK1"),
            initiative(p, 2025, title="SK2"),
        ),
        ELIGIBLE,
        "SK1",
    ),
    (
        "bk-tinh-one-initiative",
        "BK_TINH",
        2025,
        lambda p: (rates(p, [2024, 2025], "excellent"), initiative(p, 2025, title="SK2")),
        NEEDS_CHECK,
        "hiện có 1",
    ),
    (
        "bk-tinh-initiatives-used-for-cstdcs",
        "BK_TINH",
        2025,
        lambda p: (
            rates(p, [2024, 2025], "excellent"),
            use(initiative(p, 2024, title="SK1"), award(p, "CSTDCS", 2024)),
            use(initiative(p, 2025, title="SK2"), award(p, "CSTDCS", 2025)),
        ),
        NEEDS_CHECK,
        "SK1",
    ),
    # R-IND-09 (D7, R-GEN-06)
    (
        "bk-ttg-run-of-five",
        "BK_TTG",
        2025,
        lambda p: (
            award(p, "BK_TINH", 2020),
            rates(p, range(2021, 2026)),
            [award(p, "CSTDCS", y) for y in (2021, 2023, 2025)],
        ),
        ELIGIBLE,
        "2021",
    ),
    (
        "bk-ttg-run-of-four",
        "BK_TTG",
        2025,
        lambda p: (
            award(p, "BK_TINH", 2021),
            rates(p, range(2022, 2026)),
            [award(p, "CSTDCS", y) for y in (2022, 2023, 2025)],
        ),
        NEEDS_CHECK,
        "R-IND-09",
    ),
    (
        "bk-ttg-thematic-bk-does-not-count",
        "BK_TTG",
        2025,
        lambda p: (
            award(p, "BK_TINH", 2020, commendation_type="thematic"),
            rates(p, range(2021, 2026)),
            [award(p, "CSTDCS", y) for y in (2021, 2023, 2025)],
        ),
        NEEDS_CHECK,
        "chuyên đề",
    ),
    (
        "bk-ttg-maternity-year-counts",
        "BK_TTG",
        2025,
        lambda p: (
            award(p, "BK_TINH", 2020),
            rates(p, [2021, 2022, 2024, 2025]),
            maternity(p, D(2023, 1, 10), D(2023, 7, 9)),
            [award(p, "CSTDCS", y) for y in (2021, 2022, 2025)],
        ),
        ELIGIBLE,
        "2023",
    ),
]


@pytest.mark.parametrize(
    ("case_id", "code", "year", "history", "expected", "text"), CASES, ids=[c[0] for c in CASES]
)
def test_individual_rules(person, case_id, code, year, history, expected, text) -> None:
    history(person)
    verdict = evaluate(person, code, year)
    explanation = " ".join(f"{c.rule} {c.text} {[r.text for r in c.records]}" for c in verdict.conditions)
    assert verdict.status == expected, explanation
    assert text in explanation


def test_explanation_names_every_record_it_used(person) -> None:
    ratings = [rate(person, y, "excellent") for y in (2023, 2024, 2025)]
    awards = [award(person, "CSTDCS", y, decision_number=f"{y}/QĐ") for y in (2023, 2024)]
    item = initiative(person, 2025, level="province", title="Quy trình một cửa")
    verdict = evaluate(person, "CSTD_TINH", 2025)
    assert verdict.status == ELIGIBLE
    used = {(ref.kind, ref.id) for ref in verdict.records}
    assert {("award", a.pk) for a in awards} <= used
    assert ("initiative", item.pk) in used
    # The 2025 CSTĐCS is not decided yet: the engine used the 2025 rating through it and says so.
    assert any("2025" in c.text for c in verdict.conditions if c.rule == "R-IND-05")
    assert ratings  # the ratings ground the CSTĐCS of 2025 evaluated now


def test_cstt_is_for_the_armed_forces(world) -> None:
    soldier = person_in(world.outside_unit, "Trần Văn Chiến", gender="male")
    rate(soldier, 2025)
    assert evaluate(soldier, "CSTT", 2025).status == ELIGIBLE
    assert evaluate(soldier, "LDTT", 2025).status == NOT_ELIGIBLE


def test_d9_setting_requires_both_grounds_from_its_date(person) -> None:
    rate(person, 2026, "excellent")
    assert evaluate(person, "CSTDCS", 2026).status == ELIGIBLE
    EligibilitySettings.objects.create(valid_from=D(2026, 10, 1), cstdcs_both_from=D(2026, 10, 1))
    assert evaluate(person, "CSTDCS", 2026).status == NOT_ELIGIBLE
    initiative(person, 2026)
    assert evaluate(person, "CSTDCS", 2026).status == ELIGIBLE
    # Before the setting's date the old reading applies.
    assert evaluate(person, "CSTDCS", 2026, on=D(2026, 9, 30)).status == ELIGIBLE


def test_chain_reuse_setting(person) -> None:
    _cstdcs_chain(person, [2021, 2022, 2023, 2024])
    award(person, "CSTD_TINH", 2023)
    rate(person, 2025, "excellent")
    initiative(person, 2025, level="province")
    assert evaluate(person, "CSTD_TINH", 2025).status == NOT_ELIGIBLE
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), chain_reuse=True)
    assert evaluate(person, "CSTD_TINH", 2025).status == ELIGIBLE


def test_months_worked_exclusion_is_off_by_default(world) -> None:
    newcomer = person_in(make_unit("MOI", "Đơn vị mới", parent=world.province), "Ngô Văn Mới", gender="male")
    newcomer.positions.update(start=D(2025, 9, 1))
    rate(newcomer, 2025)
    assert evaluate(newcomer, "LDTT", 2025).status == ELIGIBLE
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), ldtt_min_months=10)
    verdict = evaluate(newcomer, "LDTT", 2025)
    assert verdict.status == NOT_ELIGIBLE and "4" in " ".join(c.text for c in verdict.conditions)
