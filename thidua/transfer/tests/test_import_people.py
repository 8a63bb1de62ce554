"""Importing people: new people only, checked IDs, likely duplicates flagged until confirmed."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.audit.models import AuditEntry
from thidua.orgs.models import Person
from thidua.transfer.tests.workbooks import errors_of, post, state


def _row(name: str, **cells: Any) -> list[Any]:
    values: dict[str, Any] = {
        "gender": "Nữ",
        "birth": "",
        "national_id": "",
        "code": "",
        "unit": "SO-NV",
        "title": "Chuyên viên",
        "start": "01/01/2024",
        "confirmed": "",
    }
    values.update(cells)
    return [name, *values.values()]


def test_creates_people_with_their_position_and_an_audit_entry(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        _row(
            "Vũ Thị Hạnh",
            birth=datetime.datetime(1988, 3, 4),
            national_id="036188000777",
            code="CC-77",
            unit="SO-NV-TDKT",
            title="Trưởng phòng",
            start="01/07/2025",
        ),
        _row("Lê Văn Hùng", gender="male", national_id=" 036 188 000 778 "),
    ]
    response = post(client, "people", rows)
    assert response.status_code == 302
    person = Person.objects.get(national_id="036188000777")
    position = person.positions.get()
    assert person.birth_date == datetime.date(1988, 3, 4) and person.civil_servant_code == "CC-77"
    assert (position.unit, position.title, position.start) == (
        world.member_sub_unit,
        "Trưởng phòng",
        datetime.date(2025, 7, 1),
    )
    assert Person.objects.get(national_id="036188000778").gender == "male"
    assert AuditEntry.objects.filter(action="person.create").count() == 2


def test_people_with_bad_rows_are_all_reported_and_nothing_is_imported(world, login) -> None:
    client = login(world.user("board"))
    before = state()
    rows = [
        _row("Lê Thị Hoa", birth="05/06/1985", national_id="001185000123"),
        _row("Trần Văn Tư", gender="Nam", national_id="00118500012"),  # 11 digits
        _row("Phạm Văn Năm", gender="Nam", unit="KHONG-CO"),
        _row("Đỗ Thị Sáu", gender="Không rõ", start=""),
        _row("Nguyễn Thị Bảy", national_id="001190000001"),  # Nguyễn Thị Lan's number
        _row("", birth="1/13/1990"),
        _row("Hồ Thị Tám", national_id="001185000123"),  # same number as row 2
        _row("Mai Văn Chín", gender="Nam", national_id=1185000124),  # a number cell lost its zeros
    ]
    errors = errors_of(post(client, "people", rows))
    assert "Số CCCD phải có đúng 12 chữ số" in errors[(3, "Số CCCD")] and "11" in errors[(3, "Số CCCD")]
    assert "KHONG-CO" in errors[(4, "Mã đơn vị")]
    assert "Nam, Nữ" in errors[(5, "Giới tính")] or "Nữ, Nam" in errors[(5, "Giới tính")]
    assert errors[(5, "Giữ chức vụ từ ngày")] == "Ô này là bắt buộc."
    assert "Nguyễn Thị Lan" in errors[(6, "Số CCCD")]
    assert errors[(7, "Họ và tên")] == "Ô này là bắt buộc."
    assert "1/13/1990" in errors[(7, "Ngày sinh")]
    assert "dòng 2" in errors[(8, "Số CCCD")]
    assert "1185000124" in errors[(9, "Số CCCD")] and "10" in errors[(9, "Số CCCD")]
    assert state() == before


def test_a_likely_duplicate_is_flagged_until_the_row_is_confirmed(world, login) -> None:
    client = login(world.user("board"))
    Person.objects.filter(pk=world.member_person.pk).update(birth_date=datetime.date(1990, 1, 1))
    row = _row("NGUYEN THI LAN", birth="01/01/1990")
    before = state()
    errors = errors_of(post(client, "people", [row]))
    assert (
        "Nguyễn Thị Lan" in errors[(2, "Họ và tên")]
        and "trùng họ tên và ngày sinh" in errors[(2, "Họ và tên")]
    )
    assert state() == before
    row[-1] = "Có"
    assert post(client, "people", [row]).status_code == 302
    assert Person.objects.filter(name_search="nguyen thi lan").count() == 2


def test_same_civil_servant_code_is_flagged_in_the_database_and_within_the_file(world, login) -> None:
    client = login(world.user("board"))
    Person.objects.filter(pk=world.outside_person.pk).update(civil_servant_code="CC-1")
    rows = [
        _row("Đặng Văn Một", gender="Nam", code="CC-1"),
        _row("Đặng Văn Hai", gender="Nam", code="CC-2"),
        _row("Đặng Văn Ba", gender="Nam", code="CC-2"),
        _row("Lý Thị Bốn", birth="02/02/1992"),
        _row("Lý Thị Bốn", birth="02/02/1992"),
    ]
    errors = errors_of(post(client, "people", rows))
    assert "Trần Văn Bình" in errors[(2, "Họ và tên")] and "trùng mã công chức" in errors[(2, "Họ và tên")]
    assert "3" in errors[(4, "Mã công chức")]
    assert "3" not in errors.get((3, "Mã công chức"), "")
    assert "5" in errors[(6, "Họ và tên")]
    assert set(errors) == {(2, "Họ và tên"), (4, "Mã công chức"), (6, "Họ và tên")}
    # Confirmed rows are different people by the officer's word; the same national ID never is.
    for row in rows:
        row[-1] = "x"
    assert post(client, "people", rows).status_code == 302
    assert Person.objects.filter(civil_servant_code="CC-2").count() == 2


def test_a_person_already_recorded_with_the_same_national_id_is_never_imported(world, login) -> None:
    client = login(world.user("board"))
    errors = errors_of(
        post(client, "people", [_row("Nguyễn Thị Lan", national_id="001190000001", confirmed="x")])
    )
    assert errors[(2, "Số CCCD")] == "Nguyễn Thị Lan đã có số CCCD này trong thidua."


def test_unit_officer_imports_people_of_its_own_unit_only(world, login) -> None:
    client = login(world.user("member"))
    before = state()
    rows = [_row("Cao Thị Mười", unit="SO-NV-TDKT"), _row("Cao Văn Mười Một", gender="Nam", unit="CA-T")]
    errors = errors_of(post(client, "people", rows))
    assert set(errors) == {(3, "Mã đơn vị")} and "CA-T" in errors[(3, "Mã đơn vị")]
    assert state() == before
    assert post(client, "people", rows[:1]).status_code == 302
    assert Person.objects.get(full_name="Cao Thị Mười").positions.get().unit == world.member_sub_unit


def test_a_typed_id_number_does_not_tell_a_unit_officer_who_holds_it(world, login) -> None:
    """The attack: a unit officer types someone else's national ID number into an upload to learn whose
    it is. The holder (in another unit, not readable by that officer) is not named; the board is told."""
    from thidua.testing import make_person

    make_person("Đỗ Thị Bí Mật", world.outside_unit, national_id="079300000777")
    rows = [_row("Ai Đó", national_id="079300000777", confirmed="x")]
    officer = errors_of(post(login(world.user("member")), "people", rows))
    assert "Bí Mật" not in officer[(2, "Số CCCD")]
    assert "đã có số CCCD này" in officer[(2, "Số CCCD")]
    board = errors_of(post(login(world.user("board")), "people", rows))
    assert board[(2, "Số CCCD")] == "Đỗ Thị Bí Mật đã có số CCCD này trong thidua."


def test_a_typed_civil_servant_code_does_not_tell_a_unit_officer_whose_it_is(world, login) -> None:
    """The same attack with a civil-servant code: the officer is warned that someone has it (so that a
    duplicate is not made blindly) but not told who."""
    Person.objects.filter(pk=world.outside_person.pk).update(civil_servant_code="CC-9")
    errors = errors_of(
        post(login(world.user("member")), "people", [_row("Ai Đó", gender="Nam", code="CC-9")])
    )
    message = errors[(2, "Họ và tên")]
    assert "trùng mã công chức" in message and "Trần Văn Bình" not in message
    assert "đơn vị khác" in message


def test_the_person_form_hides_the_name_of_a_likely_duplicate_the_officer_may_not_read(world, login) -> None:
    from django.urls import reverse

    Person.objects.filter(pk=world.outside_person.pk).update(civil_servant_code="CC-8")
    client = login(world.user("member"))
    page = client.get(reverse("orgs:person_create")).content.decode()
    assert "form" in page
    response = client.post(
        reverse("orgs:person_create"),
        {
            "full_name": "Ai Đó",
            "gender": "male",
            "civil_servant_code": "CC-8",
            "unit": world.member_unit.pk,
            "position_title": "Chuyên viên",
            "position_start": "01/01/2024",
        },
    )
    page = response.content.decode()
    assert "trùng mã công chức" in page
    assert "Trần Văn Bình" not in page
    assert reverse("orgs:person_detail", args=[world.outside_person.pk]) not in page
