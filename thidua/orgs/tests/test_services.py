from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEntry
from thidua.orgs import services
from thidua.orgs.models import LineageKind, Person, Unit
from thidua.testing import make_person

D = datetime.date


def test_create_unit_writes_audit_and_search_keys(world) -> None:
    before = AuditEntry.objects.count()
    unit = services.create_unit(
        actor=world.user("board"), code="SO-YT", name="Sở  Y tế", kind="state_agency", level="province"
    )
    assert unit.name == "Sở Y tế"
    assert Unit.objects.search("so y te").get() == unit
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry is not None and entry.after is not None
    assert entry.action == "unit.create" and entry.after["code"] == "SO-YT"


def test_unit_cannot_be_moved_under_its_own_sub_unit(world) -> None:
    with pytest.raises(ValidationError):
        services.update_unit(actor=world.user("board"), unit=world.member_unit, parent=world.member_sub_unit)


def test_merger_closes_predecessors_and_keeps_their_history(world) -> None:
    merged = services.create_unit(
        actor=None, code="SO-TCKH", name="Sở Tài chính mới", kind="state_agency", level="province"
    )
    services.add_lineage(
        actor=world.user("board"),
        predecessors=[world.leader_unit, world.deputy_unit],
        successor=merged,
        kind=LineageKind.MERGE,
        date=D(2025, 3, 1),
    )
    world.leader_unit.refresh_from_db()
    assert world.leader_unit.active_to == D(2025, 2, 28)
    merged.refresh_from_db()
    assert merged.active_from == D(2025, 3, 1)
    chain = services.lineage_chain(merged)
    assert {link.predecessor for link in chain} == {world.leader_unit, world.deputy_unit}
    # A merger does not carry history unless the board says so (law.md D6).
    assert services.lineage_chain(merged, history_only=True) == []
    # The predecessors' memberships are untouched: the history stays with them.
    assert world.leader_unit.memberships.count() == 1


def test_rename_carries_history_across_several_steps(world) -> None:
    second = services.create_unit(
        actor=None, code="X2", name="Tên thứ hai", kind="state_agency", level="province"
    )
    third = services.create_unit(
        actor=None, code="X3", name="Tên thứ ba", kind="state_agency", level="province"
    )
    services.add_lineage(
        actor=None, predecessors=[world.member_unit], successor=second, kind="rename", date=D(2023, 1, 1)
    )
    services.add_lineage(
        actor=None, predecessors=[second], successor=third, kind="rename", date=D(2025, 7, 1)
    )
    chain = services.lineage_chain(third, history_only=True)
    assert [link.predecessor for link in chain] == [second, world.member_unit]


def test_lineage_refuses_self_and_two_predecessors_for_a_rename(world) -> None:
    with pytest.raises(ValidationError):
        services.add_lineage(
            actor=None,
            predecessors=[world.member_unit],
            successor=world.member_unit,
            kind="merge",
            date=D(2025, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.add_lineage(
            actor=None,
            predecessors=[world.leader_unit, world.deputy_unit],
            successor=world.member_unit,
            kind="rename",
            date=D(2025, 1, 1),
        )


def _new_person(world, **values):
    defaults: dict[str, Any] = {
        "full_name": "Lê Văn Cường",
        "gender": "male",
        "birth_date": D(1980, 5, 1),
        "national_id": None,
    }
    defaults.update(values)
    return services.create_person(
        actor=world.user("board"),
        unit=world.member_unit,
        position_title="Chuyên viên",
        position_start=D(2024, 1, 1),
        **defaults,
    )


def test_same_national_id_is_refused(world) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _new_person(world, national_id=world.member_person.national_id, allow_duplicate=True)
    assert "national_id" in excinfo.value.message_dict


def test_same_name_and_birth_date_is_flagged_then_accepted_when_confirmed(world) -> None:
    first = _new_person(world)
    with pytest.raises(services.LikelyDuplicate) as excinfo:
        _new_person(world, full_name="LÊ VĂN  CƯỜNG")
    assert [hint.person for hint in excinfo.value.hints] == [first]
    second = _new_person(world, full_name="Lê Văn Cường", allow_duplicate=True)
    assert second.pk != first.pk


def test_database_keeps_national_ids_unique_and_twelve_digits(world) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="Ai Đó", gender="male", national_id=world.member_person.national_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="Ai Đó", gender="male", national_id="12345")
    # Many people may have no national ID.
    Person.objects.create(full_name="Không Số A", gender="male")
    Person.objects.create(full_name="Không Số B", gender="male")


def test_move_person_ends_the_current_position(world) -> None:
    person = world.member_person
    services.move_person(
        actor=None, person=person, unit=world.leader_unit, title="Phó Giám đốc", start=D(2025, 7, 1)
    )
    old, new = person.positions.order_by("start")
    assert old.end == D(2025, 6, 30) and new.end is None and new.unit == world.leader_unit
    assert Person.objects.in_unit(world.leader_unit.pk, D(2025, 8, 1)).get() == person
    assert not Person.objects.in_unit(world.member_unit.pk, D(2025, 8, 1)).exists()
    with pytest.raises(ValidationError):
        services.move_person(
            actor=None, person=person, unit=world.member_unit, title="X", start=D(2025, 1, 1)
        )


def test_people_search_ignores_accents_and_finds_ids(world) -> None:
    make_person("Đặng Thị Ánh", world.member_unit, national_id="001190000099")
    assert [p.full_name for p in Person.objects.search("dang thi anh")] == ["Đặng Thị Ánh"]
    assert [p.full_name for p in Person.objects.search("001190000099")] == ["Đặng Thị Ánh"]


def test_a_unit_absorbing_another_keeps_its_start(world) -> None:
    services.add_lineage(
        actor=None,
        predecessors=[world.deputy_unit],
        successor=world.leader_unit,
        kind=LineageKind.MERGE,
        date=D(2025, 3, 1),
    )
    world.leader_unit.refresh_from_db()
    assert world.leader_unit.active_from is None  # it led the block in 2024: not a new unit


def test_the_holder_of_a_typed_id_number_is_named_only_to_who_may_read_them(world) -> None:
    """A unit officer creating a person with the ID number of someone in another unit is refused
    without being told whose number it is; the board is told."""
    make_person("Đỗ Thị Bí Mật", world.outside_unit, national_id="079300000778")

    def refusal(actor: Any) -> str:
        with pytest.raises(ValidationError) as excinfo:
            services.create_person(
                actor=actor,
                unit=world.member_unit,
                position_title="Chuyên viên",
                position_start=D(2024, 1, 1),
                full_name="Ai Đó",
                gender="female",
                national_id="079300000778",
            )
        return " ".join(excinfo.value.message_dict["national_id"])

    assert "Bí Mật" not in refusal(world.user("member"))
    assert "Bí Mật" in refusal(world.user("board"))
