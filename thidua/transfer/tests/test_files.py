"""Files that are not the template: a clear message, and nothing imported."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.orgs.models import Unit
from thidua.transfer.tests.workbooks import errors_of, post, state, xlsx


def test_a_file_that_is_not_xlsx_gets_a_clear_error(world, login) -> None:
    client = login(world.user("board"))
    url = reverse("transfer:import", args=["units"])
    response = client.post(url, {"file": SimpleUploadedFile("danh-sach.csv", b"a,b\n1,2\n")})
    assert response.status_code == 422
    assert "Tệp phải là bảng tính Excel (.xlsx)" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("hong.xlsx", b"not a zip")})
    errors = errors_of(response)
    assert "không đọc được" in errors[(0, "")]


def test_a_file_of_another_list_is_refused_by_its_headings(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    people = xlsx([["Lê Thị Hoa", "Nữ", "", "", "", "SO-NV", "Chuyên viên", "01/01/2024", ""]], "people")
    errors = errors_of(client.post(reverse("transfer:import", args=["units"]), {"file": people}))
    assert {row for row, _column in errors} == {1}
    assert "Họ và tên" in errors[(1, "Mã")] and "“Mã”" in errors[(1, "Mã")]
    assert state() == before


def test_headings_in_english_or_without_accents_are_accepted(world, login) -> None:
    client = login(world.user("board"))
    english = [
        "Code",
        "name",
        "SHORT NAME",
        "Kind",
        "Level",
        "Parent unit code",
        "Place name on documents",
        "Active from",
        "Hoat dong den",
    ]
    response = post(
        client, "units", [["E-1", "English", "", "Other", "Province", "", "", "", ""]], header=english
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="E-1").kind == "other"


def test_a_missing_optional_last_column_is_accepted(world, login) -> None:
    client = login(world.user("board"))
    header = [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Số CCCD",
        "Mã công chức",
        "Mã đơn vị",
        "Chức vụ",
        "Giữ chức vụ từ ngày",
    ]
    row = ["Lê Thị Hoa", "Nữ", "", "", "", "SO-NV", "Chuyên viên", "01/01/2024"]
    assert post(client, "people", [row], header=header).status_code == 302


def test_an_empty_file_and_a_file_without_rows_are_refused(world, login) -> None:
    client = login(world.user("board"))
    assert (1, "") in errors_of(post(client, "units", [], header=[]))
    assert (2, "") in errors_of(post(client, "units", []))


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        ["B-1", "Một", "", "Khác", "Tỉnh", "", "", "", ""],
        [],
        [],
        ["B-2", "", "", "Khác", "Tỉnh", "", "", "", ""],
    ]
    assert set(errors_of(post(client, "units", rows))) == {(5, "Tên")}


def test_many_problems_are_listed_up_to_a_limit(world, login) -> None:
    client = login(world.user("board"))
    rows = [[f"C-{i}", "", "", "Khác", "Tỉnh", "", "", "", ""] for i in range(250)]
    response = post(client, "units", rows)
    assert len(response.context["result"].errors) == 250
    assert response.content.decode().count("Ô này là bắt buộc.") == 200
