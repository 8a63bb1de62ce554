"""R-MONEY-01: coefficient × the base salary in force on the decision date, rounded up (law.md §3.5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.models import AwardType, EligibilitySettings
from thidua.awards.services import cash_amount, round_up, save_base_salary
from thidua.awards.tests.helpers import D


@pytest.mark.parametrize(
    ("code", "day", "collective", "expected"),
    [
        ("CSTDCS", D(2026, 7, 15), False, 2530000),  # law.md R-MONEY-01 example
        ("CSTD_TQ", D(2026, 7, 15), False, 11390000),  # 4.5 × 2,530,000 = 11,385,000 rounded up
        ("CSTD_TQ", D(2026, 6, 30), False, 10530000),  # the day before the new base salary
        ("CSTD_TINH", D(2026, 7, 1), False, 7590000),
        ("LDTT", D(2024, 7, 1), False, 710000),  # 702,000 rounded up (Art 49(2))
        ("TTLDTT", D(2024, 12, 20), True, 1880000),  # 1,872,000
        ("TTLDXS", D(2026, 7, 15), True, 3800000),  # 3,795,000
        ("CO_TD_CP", D(2024, 12, 20), True, 28080000),
        ("CO_TD_TINH", D(2026, 8, 1), True, 20240000),
        ("GIAY_KHEN", D(2024, 12, 20), True, 1410000),  # 1,404,000
        ("BK_TTG", D(2026, 8, 1), True, 17710000),
        ("LDTT", D(2024, 6, 30), False, 540000),  # 0.3 × 1,800,000 before 01/07/2024
    ],
)
def test_cash_amounts(db, code, day, collective, expected) -> None:
    amount = cash_amount(
        award_type=AwardType.objects.get(code=code), decision_date=day, collective=collective
    )
    assert amount.amount == expected


def test_rounding_step_is_a_setting(db) -> None:
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), rounding_step=1)
    amount = cash_amount(
        award_type=AwardType.objects.get(code="LDTT"), decision_date=D(2024, 7, 1), collective=False
    )
    assert amount.amount == 702000 and amount.exact == 702000


def test_round_up_is_exact() -> None:
    from decimal import Decimal

    assert round_up(Decimal("11385000.0"), 10000) == 11390000
    assert round_up(Decimal("11380000"), 10000) == 11380000
    assert round_up(Decimal("0.01"), 10000) == 10000


def test_refusals_say_what_is_wrong(db) -> None:
    with pytest.raises(ValidationError, match="01/01/2018"):
        cash_amount(
            award_type=AwardType.objects.get(code="CSTDCS"), decision_date=D(2017, 12, 31), collective=False
        )
    # R-VER-03: the Decree 91/2017 version has no coefficient until the board enters one ([U]).
    with pytest.raises(ValidationError, match="cá nhân|person"):
        cash_amount(
            award_type=AwardType.objects.get(code="CSTDCS"), decision_date=D(2023, 12, 31), collective=False
        )
    with pytest.raises(ValidationError, match="tập thể"):
        cash_amount(
            award_type=AwardType.objects.get(code="CSTDCS"), decision_date=D(2025, 1, 1), collective=True
        )


def test_base_salary_table_is_dated_and_editable(db) -> None:
    save_base_salary(actor=None, valid_from=D(2027, 1, 1), amount=2800000, citation="Nghị định giả định")
    amount = cash_amount(
        award_type=AwardType.objects.get(code="CSTDCS"), decision_date=D(2027, 1, 1), collective=False
    )
    assert amount.base_salary == 2800000 and amount.amount == 2800000
