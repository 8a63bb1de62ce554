"""Downloadable templates: the headings in the user's language, a guide with the allowed values."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.transfer.sheets import SHEETS


@pytest.mark.parametrize("kind", ["units", "people", "memberships"])
def test_template_reopens_with_bold_vietnamese_headings_and_no_data(world, login, kind) -> None:
    response = login(world.user("board")).get(reverse("transfer:template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"thidua-mau-{kind}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    expected = {
        "units": ["Mã", "Tên", "Tên viết tắt", "Loại", "Cấp", "Mã đơn vị cấp trên"],
        "people": ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã công chức", "Mã đơn vị"],
        "memberships": ["Mã khối", "Năm", "Mã đơn vị", "Vai trò"],
    }[kind]
    assert headings[: len(expected)] == expected
    assert len(headings) == len(SHEETS[kind].columns)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.max_row == 1
    assert workbook.sheetnames[1] == "Hướng dẫn"


def test_unit_template_guide_lists_each_kind_with_code_and_labels(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:template", args=["units"])).content
    workbook = load_workbook(io.BytesIO(content))
    guide = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ["Cơ quan Đảng", "Party agency", "party_agency"] in guide
    assert ["Phòng, ban trực thuộc", "Sub-unit (division, office)", "sub_unit"] in guide
    assert ["Tỉnh", "Province", "province"] in guide
    assert any(row[0] and "dd/mm/yyyy" in row[0] for row in guide)
    # The kind column offers the Vietnamese labels as a dropdown but accepts anything typed.
    dropdowns = {str(v.sqref): v for v in workbook.worksheets[0].data_validations.dataValidation}
    kind = dropdowns["D2:D2001"]
    assert kind.type == "list" and "Hướng dẫn" in kind.formula1 and not kind.showErrorMessage


def test_people_template_keeps_national_ids_as_text(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:template", args=["people"])).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.column_dimensions["D"].number_format == "@"
    guide = [
        list(row) for row in load_workbook(io.BytesIO(content)).worksheets[1].iter_rows(values_only=True)
    ]
    assert ["Nữ", "Female", "female"] in guide


def test_template_speaks_english_when_the_user_chose_english(world, login) -> None:
    client = login(world.user("board"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("transfer:template", args=["memberships"])).content
    workbook = load_workbook(io.BytesIO(content))
    assert [c.value for c in workbook.worksheets[0][1]] == ["Block code", "Year", "Unit code", "Role"]
    assert workbook.sheetnames[1] == "Guide"
