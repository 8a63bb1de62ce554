"""The statutory forms as versioned data (issue 10 item 4): a later circular's form is added as rows
in the database, no code, and the page offers each year the version in force then; form 0602's cells
against hand counts over the generated history."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import AwardRecord, AwardType
from thidua.stats import statutory
from thidua.stats.models import FormColumn, FormRow, FormVersion
from thidua.stats.queries import Scope
from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db

CODE = "0603.N/BNV-TĐKT"


def _circular_18_2025() -> FormVersion:
    """A made-up shape of 0603 under Circular 18/2025/TT-BNV: two rows, two columns, all data."""
    version = FormVersion.objects.create(
        code=CODE,
        circular="18/2025/TT-BNV",
        valid_from=datetime.date(2025, 7, 1),
        title="SỐ LƯỢNG KHEN THƯỞNG CẤP TỈNH",
        unit_of_count="Lượt",
        source="awards",
    )
    FormRow.objects.create(
        version=version, position=1, code="01", label="Tập thể", spec={"recipient": "collective"}
    )
    FormRow.objects.create(
        version=version, position=2, code="02", label="Cá nhân", spec={"recipient": "individual"}
    )
    FormColumn.objects.create(version=version, number=1, label="Tổng số", spec={"levels": ["province"]})
    FormColumn.objects.create(version=version, number=2, label="Bằng khen", spec={"codes": ["BK_TINH"]})
    return version


def test_a_later_circulars_form_is_data_and_each_year_gets_the_version_in_force(world, login) -> None:
    older = FormVersion.objects.get(code=CODE, circular="02/2023/TT-BNV")
    newer = _circular_18_2025()
    assert {v.code: v for v in statutory.current_forms(2024)}[CODE] == older
    assert {v.code: v for v in statutory.current_forms(2025)}[CODE] == newer
    assert {v.code: v for v in statutory.current_forms()}[CODE] == newer
    assert {v.code: v for v in statutory.current_forms(2020)}[CODE] == newer  # before every version

    bk = AwardType.objects.get(code="BK_TINH")
    AwardRecord.objects.create(unit=world.member_unit, award_type=bk, year=2025)
    AwardRecord.objects.create(
        unit=world.leader_unit, award_type=AwardType.objects.get(code="CO_TD_TINH"), year=2025
    )
    AwardRecord.objects.create(person=world.member_person, award_type=bk, year=2025)
    AwardRecord.objects.create(person=world.member_person, award_type=bk, year=2024)  # another year
    computed = statutory.compute_form(newer, Scope(year_from=2025, year_to=2025))
    assert (computed.value("01", 1), computed.value("01", 2)) == (2, 1)
    assert (computed.value("02", 1), computed.value("02", 2)) == (1, 1)

    client = login(world.user("board"))
    page_2025 = client.get(reverse("stats:page"), {"year_from": 2025, "year_to": 2025}).content.decode()
    page_2024 = client.get(reverse("stats:page"), {"year_from": 2024, "year_to": 2024}).content.decode()
    assert reverse("stats:form_export", args=[newer.pk]) in page_2025
    assert reverse("stats:form_export", args=[older.pk]) not in page_2025
    assert reverse("stats:form_export", args=[older.pk]) in page_2024
    body = client.get(reverse("stats:form_export", args=[newer.pk]), {"year_from": 2025, "year_to": 2025})
    sheet = load_workbook(io.BytesIO(body.content)).active
    assert "18/2025/TT-BNV" in sheet["A2"].value
    assert [sheet.cell(row=9, column=c).value for c in (2, 4, 5)] == ["01", 2, 1]
    assert [sheet.cell(row=10, column=c).value for c in (2, 4, 5)] == ["02", 1, 1]


def test_0602_cells_equal_hand_counts(world) -> None:
    given = [g for g in generate(world) if g.year == 2024]
    version = FormVersion.objects.get(code="0602.N/BNV-TĐKT")
    computed = statutory.compute_form(version, Scope(year_from=2024, year_to=2024))
    national = [g for g in given if g.level == "national"]
    assert national and any(g.code == "CSTD_TQ" for g in national)
    assert computed.value("01", 1) == len(national)
    assert computed.value("06", 1) == sum(g.collective for g in national)
    assert computed.value("09", 1) == sum(not g.collective for g in national)
    assert computed.value("01", 3) == sum(g.code == "CSTD_TQ" and not g.collective for g in given)
    assert computed.value("08", 1) == 0  # households: not in the history
