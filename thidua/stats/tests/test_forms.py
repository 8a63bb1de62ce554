"""The statutory forms: seeded as data, computed from the history, cells read back from the XLSX."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from thidua.scoring.models import Movement
from thidua.stats import statutory
from thidua.stats.exports import FIRST_DATA_ROW, form_xlsx
from thidua.stats.models import FormVersion
from thidua.stats.queries import Scope
from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db

PROVINCE_CODES = {"BK_TINH", "CSTD_TINH", "CO_TD_TINH"}


def _cells(body: bytes) -> dict[tuple[str, int], object]:
    """(row code, column number) -> value, from the reopened workbook."""
    sheet = load_workbook(io.BytesIO(body)).active
    numbers = {c.value: c.column for c in sheet[FIRST_DATA_ROW - 1] if isinstance(c.value, int)}
    cells = {}
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW):
        code = row[1].value
        if code:
            for number, column in numbers.items():
                cells[(code, number)] = row[column - 1].value
    return cells


def test_the_circulars_forms_are_data():
    codes = set(FormVersion.objects.filter(circular="02/2023/TT-BNV").values_list("code", flat=True))
    assert codes == {"0601.N/BNV-TĐKT", "0602.N/BNV-TĐKT", "0603.N/BNV-TĐKT"}
    form = FormVersion.objects.get(code="0603.N/BNV-TĐKT")
    assert [r.code for r in form.rows.all() if r.code][:6] == ["01", "02", "03", "04", "05", "06"]


def test_0603_cells_equal_hand_counts(world):
    given = generate(world)
    version = FormVersion.objects.get(code="0603.N/BNV-TĐKT")
    body = form_xlsx(
        statutory.compute_form(version, Scope(year_from=2023, year_to=2023)),
        reporting_unit="UBND tỉnh",
        receiving_unit="Bộ Nội vụ",
        year=2023,
    )
    cells = _cells(body)
    year = [g for g in given if g.year == 2023]
    province = [g for g in year if g.code in PROVINCE_CODES]
    assert cells[("01", 1)] == len(province)
    assert cells[("01", 2)] == sum(g.code == "BK_TINH" for g in year)
    assert cells[("02", 1)] == sum(g.collective for g in province)
    assert cells[("05", 1)] == sum(not g.collective for g in province)
    assert cells[("05", 4)] == 0  # a flag is never an individual's
    assert cells[("11", 1)] == sum(g.commendation == "movement" for g in province)
    assert cells[("12", 2)] == sum(g.commendation == "thematic" and g.code == "BK_TINH" for g in year)
    assert cells[("04", 1)] == 0  # households: not in the history
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet["A1"].value == "Form no. 0603.N/BNV-TĐKT" or "0603.N/BNV-TĐKT" in sheet["A1"].value
    assert "02/2023/TT-BNV" in sheet["A2"].value
    assert sheet.cell(row=FIRST_DATA_ROW, column=4).number_format == "#,##0"


def test_a_blocks_share_of_0603(world):
    given = generate(world)
    members = {world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk, world.member_sub_unit.pk}
    version = FormVersion.objects.get(code="0603.N/BNV-TĐKT")
    computed = statutory.compute_form(version, Scope(year_from=2024, year_to=2024, block=world.block))
    mine = [g for g in given if g.year == 2024 and g.owner_unit in members and g.code in PROVINCE_CODES]
    assert computed.value("01", 1) == len(mine)
    assert computed.value("02", 1) == sum(g.collective for g in mine)


def test_0601_counts_the_blocks_movements(world):
    Movement.objects.create(block_year=world.block_year, name="Thi đua thường xuyên")
    Movement.objects.create(
        block_year=world.block_year,
        kind="thematic",
        name="Chuyển đổi số",
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 9, 30),
    )
    version = FormVersion.objects.get(code="0601.N/BNV-TĐKT")
    computed = statutory.compute_form(version, Scope(year_from=2024, year_to=2024, block=world.block))
    assert computed.value("01", 1) == 2
    assert computed.value("04", 3) == 2
    assert computed.value("11", 1) == 1
    assert computed.value("12", 1) == 1
    assert computed.value("02", 1) == 0


def test_an_unknown_spec_key_is_refused():
    with pytest.raises(ValueError):
        statutory.spec_q({"levle": ["national"]}, "awards")
