from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.scoring.models import Movement, MovementKind, RankingSnapshot, Registration
from thidua.scoring.services.registration import add_movement, not_registered, register


def test_thematic_movement_needs_theme_and_ordered_dates(world) -> None:
    with pytest.raises(ValidationError):
        add_movement(actor=None, block_year=world.block_year, name="Học Bác", kind=MovementKind.THEMATIC)
    with pytest.raises(ValidationError):
        add_movement(
            actor=None,
            block_year=world.block_year,
            name="Học Bác",
            kind=MovementKind.THEMATIC,
            theme="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            start=datetime.date(2024, 6, 1),
            end=datetime.date(2024, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Movement.objects.create(block_year=world.block_year, name="x", kind=MovementKind.THEMATIC)
    movement = add_movement(
        actor=None,
        block_year=world.block_year,
        name="Học Bác",
        kind=MovementKind.THEMATIC,
        theme="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
    )
    assert movement.pk is not None


def test_members_register_and_the_leader_sees_who_has_not(world) -> None:
    assert set(not_registered(world.block_year)) == {
        world.leader_unit,
        world.deputy_unit,
        world.member_unit,
    }
    movement = add_movement(actor=None, block_year=world.block_year, name="Phong trào thi đua thường xuyên")
    register(
        actor=world.user("member"),
        block_year=world.block_year,
        unit=world.member_unit,
        targets="Hoàn thành 100% chỉ tiêu",
        titles="Tập thể lao động xuất sắc\nCờ thi đua của UBND tỉnh",
        movements=[movement],
    )
    assert set(not_registered(world.block_year)) == {world.leader_unit, world.deputy_unit}
    again = register(
        actor=world.user("member"), block_year=world.block_year, unit=world.member_unit, targets="Sửa lại"
    )
    assert Registration.objects.count() == 1 and again.targets == "Sửa lại"
    with pytest.raises(ValidationError):
        register(
            actor=world.user("outsider"), block_year=world.block_year, unit=world.outside_unit, targets="x"
        )
    with pytest.raises(ValidationError):
        register(
            actor=world.user("member"), block_year=world.block_year, unit=world.member_unit, targets="  "
        )


def test_registration_through_the_page(world, login) -> None:
    url = reverse("scoring:registration_save", args=[world.block.pk, 2024])
    response = login(world.user("member")).post(
        url, {"targets": "Hoàn thành 10 chỉ tiêu", "titles": "Cờ thi đua"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().unit == world.member_unit
    page = (
        login(world.user("leader"))
        .get(reverse("scoring:overview", args=[world.block.pk, 2024]))
        .content.decode()
    )
    assert "Hoàn thành 10 chỉ tiêu" in page and "Sở Tài chính" in page
    register(
        actor=world.user("leader"),
        block_year=world.block_year,
        unit=world.leader_unit,
        targets="Dẫn đầu khối",
    )
    overview = reverse("scoring:overview", args=[world.block.pk, 2024])
    # A member's people see their own unit's registration, never another member's; the delegate reads
    # it without the form.
    for persona in ("member", "delegate"):
        page = login(world.user(persona)).get(overview).content.decode()
        assert "Hoàn thành 10 chỉ tiêu" in page and "Dẫn đầu khối" not in page, persona
        assert ("reg-targets" in page) == (persona == "member")
    # Who has not registered: for those who run the year and observers.
    for persona in ("leader", "observer", "member"):
        page = login(world.user(persona)).get(overview).content.decode()
        assert ("Chưa đăng ký" in page) == (persona != "member"), persona
    publish = reverse("scoring:ranking_publish", args=[world.block.pk, 2024])
    assert publish in login(world.user("leader")).get(overview).content.decode()
    # Once the year's ranking is published the year is over: a member without a registration in thidua
    # is not told off as "not registered yet" (issue 15 item 8), only named as having none recorded.
    RankingSnapshot.objects.create(
        block_year=world.block_year,
        published_at=timezone.now(),
        published_by=world.user("leader"),
        rows=[],
        tie_breaks=[],
    )
    page = login(world.user("leader")).get(overview).content.decode()
    assert "Chưa đăng ký" not in page and 'id="no-registration"' in page
    # Nor are the actions of a running year offered once the ranking is published.
    publish = reverse("scoring:ranking_publish", args=[world.block.pk, 2024])
    assert publish not in page and 'id="ranking-published"' in page
    assert login(world.user("observer")).post(url, {"targets": "x"}).status_code == 403
    movement_url = reverse("scoring:movement_add", args=[world.block.pk, 2024])
    assert login(world.user("member")).post(movement_url, {"name": "x"}).status_code == 403
    login(world.user("leader")).post(movement_url, {"name": "Thi đua cải cách hành chính", "kind": "regular"})
    assert Movement.objects.filter(name="Thi đua cải cách hành chính").exists()
