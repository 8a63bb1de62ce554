"""The cell parsers: dates, choices and ID numbers as people type them in Excel."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from thidua.orgs.models import UnitKind
from thidua.transfer.sheets.base import RowProblem, parse_choice, parse_date, parse_national_id, parse_yes


@pytest.mark.parametrize(
    "value",
    [
        "03/04/2026",
        "3/4/2026",
        "03-04-2026",
        "03.04.2026",
        "2026-04-03",
        datetime.datetime(2026, 4, 3, 0, 0),
        datetime.date(2026, 4, 3),
    ],
)
def test_dates_are_day_first(value) -> None:
    assert parse_date(value) == datetime.date(2026, 4, 3)


@pytest.mark.parametrize("value", ["04/31/2026", "2026", "ngày 3", 45000])
def test_other_dates_say_how_to_write_them(value) -> None:
    with translation.override("vi"), pytest.raises(RowProblem, match="03/04/2026"):
        parse_date(value)


@pytest.mark.parametrize(
    "value", ["party_agency", "Cơ quan Đảng", "co quan dang", "Party agency", " PARTY AGENCY "]
)
def test_choices_accept_code_and_either_language(value) -> None:
    assert parse_choice(value, UnitKind) == "party_agency"


def test_national_id_keeps_twelve_digits_and_explains_lost_zeros() -> None:
    assert parse_national_id("001 190 000 001") == "001190000001"
    assert parse_national_id(123456789012) == "123456789012"
    with translation.override("en"), pytest.raises(RowProblem, match="leading zeros"):
        parse_national_id(1190000001)
    with translation.override("en"), pytest.raises(RowProblem, match="has 11"):
        parse_national_id("00119000000")


@pytest.mark.parametrize(
    ("value", "expected"), [("x", True), ("Có", True), ("yes", True), ("", False), ("không", False)]
)
def test_confirmation_column(value, expected) -> None:
    assert parse_yes(value) is expected
