"""Personas and shared test helpers (STYLE.md, Tests).

`make_world()` builds a small province: block A with three member units (leader, deputy, member),
a unit outside A, and one account per persona:

    board        board officer (sees and changes everything)
    admin        administrator
    leader       unit officer of A's leading unit (the block leader officer)
    member       unit officer of a member of A
    outsider     unit officer of a unit outside A
    delegate     delegate of A's member unit
    observer     observer (reads everything, changes nothing)

Anonymous is simply no login.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from thidua.accounts.models import Role, User
from thidua.blocks.models import Block, BlockYear
from thidua.blocks.services import set_block_year
from thidua.orgs.models import Person, Position, Unit, UnitKind, UnitLevel

PASSWORD = "thidua-test-pw-1"  # noqa: S105 - test only


@dataclass
class World:
    province: Unit
    leader_unit: Unit
    deputy_unit: Unit
    member_unit: Unit
    member_sub_unit: Unit
    outside_unit: Unit
    block: Block
    block_b: Block
    block_year: BlockYear
    member_person: Person
    outside_person: Person
    users: dict[str, User]

    def user(self, persona: str) -> User:
        return self.users[persona]


def make_unit(code: str, name: str, *, kind: str = UnitKind.STATE_AGENCY, parent: Unit | None = None) -> Unit:
    return Unit.objects.create(code=code, name=name, kind=kind, level=UnitLevel.PROVINCE, parent=parent)


def make_person(name: str, unit: Unit, *, national_id: str | None = None, **extra: Any) -> Person:
    person = Person.objects.create(
        full_name=name, gender=extra.pop("gender", "female"), national_id=national_id, **extra
    )
    Position.objects.create(person=person, unit=unit, title="Chuyên viên", start=datetime.date(2020, 1, 1))
    return person


def make_user(username: str, role: str, unit: Unit | None = None) -> User:
    user = User(username=username, role=role, unit=unit, full_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


def make_world() -> World:
    province = make_unit("UBND-T", "UBND tỉnh Thử Nghiệm")
    leader_unit = make_unit("SO-TC", "Sở Tài chính", parent=province)
    deputy_unit = make_unit("VP-UB", "Văn phòng UBND tỉnh", parent=province)
    member_unit = make_unit("SO-NV", "Sở Nội vụ", parent=province)
    member_sub_unit = make_unit(
        "SO-NV-TDKT", "Phòng Thi đua - Khen thưởng", kind=UnitKind.SUB_UNIT, parent=member_unit
    )
    outside_unit = make_unit("CA-T", "Công an tỉnh", kind=UnitKind.ARMED_FORCES, parent=province)
    other_unit = make_unit("VKS-T", "Viện Kiểm sát nhân dân tỉnh", kind=UnitKind.JUDICIARY, parent=province)
    block = Block.objects.create(
        code="KHOI-A", name="Khối A tổng hợp", level=UnitLevel.PROVINCE, managing_body=province
    )
    block_b = Block.objects.create(
        code="KHOI-B", name="Khối B nội chính", level=UnitLevel.PROVINCE, managing_body=province
    )
    board = make_user("board", Role.BOARD_OFFICER)
    block_year = set_block_year(
        actor=board,
        block=block,
        year=2024,
        members=[leader_unit, deputy_unit, member_unit],
        leader=leader_unit,
        deputies=[deputy_unit],
    )
    set_block_year(
        actor=board,
        block=block_b,
        year=2024,
        members=[outside_unit, other_unit],
        leader=outside_unit,
        deputies=[other_unit],
    )
    users = {
        "board": board,
        "admin": make_user("admin", Role.ADMINISTRATOR),
        "leader": make_user("leader", Role.UNIT_OFFICER, leader_unit),
        "member": make_user("member", Role.UNIT_OFFICER, member_unit),
        "outsider": make_user("outsider", Role.UNIT_OFFICER, outside_unit),
        "delegate": make_user("delegate", Role.DELEGATE, member_unit),
        "observer": make_user("observer", Role.OBSERVER),
    }
    return World(
        province=province,
        leader_unit=leader_unit,
        deputy_unit=deputy_unit,
        member_unit=member_unit,
        member_sub_unit=member_sub_unit,
        outside_unit=outside_unit,
        block=block,
        block_b=block_b,
        block_year=block_year,
        member_person=make_person("Nguyễn Thị Lan", member_unit, national_id="001190000001"),
        outside_person=make_person("Trần Văn Bình", outside_unit, national_id="001190000002", gender="male"),
        users=users,
    )


PERSONAS = ["board", "admin", "leader", "member", "outsider", "delegate", "observer"]


def log_in(page: Any, base: str, username: str) -> None:
    """Log a Playwright page in through the login form (browser tests)."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
