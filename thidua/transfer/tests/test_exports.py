"""Exports: the same columns as the template, the visible records only, and they import back."""

from __future__ import annotations

from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.orgs.models import Person, Unit
from thidua.transfer.tests.workbooks import data_rows, post, state


def test_unit_export_holds_every_unit_with_its_parent_code(world, login) -> None:
    response = login(world.user("board")).get(reverse("transfer:export", args=["units"]))
    assert response.status_code == 200
    by_code = {row[0]: row for row in data_rows(response.content)}
    assert set(by_code) == set(Unit.objects.values_list("code", flat=True))
    assert by_code["SO-NV-TDKT"][1:6] == [
        "Phòng Thi đua - Khen thưởng",
        None,
        "Phòng, ban trực thuộc",
        "Tỉnh",
        "SO-NV",
    ]


def test_people_export_holds_the_current_position(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:export", args=["people"])).content
    rows = data_rows(content)
    assert [
        "Nguyễn Thị Lan",
        "Nữ",
        None,
        "001190000001",
        None,
        "SO-NV",
        "Chuyên viên",
        "01/01/2020",
        None,
    ] in rows
    assert len(rows) == Person.objects.count()


def test_membership_export_holds_each_member_with_its_role(world, login) -> None:
    content = login(world.user("board")).get(reverse("transfer:export", args=["memberships"])).content
    rows = data_rows(content)
    assert ["KHOI-A", 2024, "SO-TC", "Khối trưởng"] in rows
    assert ["KHOI-A", 2024, "VP-UB", "Khối phó"] in rows
    assert ["KHOI-A", 2024, "SO-NV", "Thành viên"] in rows
    assert len(rows) == 5


def test_unit_officer_exports_only_the_people_of_its_own_unit(world, login) -> None:
    names = {
        persona: {
            row[0]
            for row in data_rows(
                login(world.user(persona)).get(reverse("transfer:export", args=["people"])).content
            )
        }
        for persona in ("member", "outsider", "leader")
    }
    assert names["member"] == {"Nguyễn Thị Lan"}
    assert names["outsider"] == {"Trần Văn Bình"}
    # The block leader officer reads its members' people on the pages, but exports only its own.
    assert names["leader"] == set()


def test_export_imported_back_changes_nothing_and_writes_no_audit_entry(world, login) -> None:
    client = login(world.user("board"))
    for kind in ("units", "memberships"):
        rows = data_rows(client.get(reverse("transfer:export", args=[kind])).content)
        before = state()
        response = post(client, kind, rows, name="export.xlsx")
        assert response.status_code == 302, response.content.decode()[:3000]
        assert state() == before, kind


def test_unit_export_imported_into_a_changed_database_restores_it(world, login) -> None:
    client = login(world.user("board"))
    rows = data_rows(client.get(reverse("transfer:export", args=["units"])).content)
    Unit.objects.filter(code="SO-NV").update(name="Tên sai", short_name="X")
    Unit.objects.filter(code="SO-NV-TDKT").update(parent=world.province)
    response = post(client, "units", rows)
    assert response.status_code == 302
    assert Unit.objects.get(code="SO-NV").name == "Sở Nội vụ"
    assert Unit.objects.get(code="SO-NV-TDKT").parent == world.member_unit
    assert AuditEntry.objects.filter(action="unit.update").count() == 2
    page = client.get(response.url).content.decode()
    assert "thêm mới 0, cập nhật 2" in page


def test_people_export_imported_after_the_person_was_removed_brings_them_back(world, login) -> None:
    client = login(world.user("board"))
    rows = [
        r
        for r in data_rows(client.get(reverse("transfer:export", args=["people"])).content)
        if r[0] == "Nguyễn Thị Lan"
    ]
    world.member_person.delete()
    response = post(client, "people", rows)
    assert response.status_code == 302
    person = Person.objects.get(national_id="001190000001")
    position = person.positions.get()
    assert (person.full_name, position.unit, position.title) == (
        "Nguyễn Thị Lan",
        world.member_unit,
        "Chuyên viên",
    )
    assert AuditEntry.objects.filter(action="person.create", object_id=str(person.pk)).exists()
