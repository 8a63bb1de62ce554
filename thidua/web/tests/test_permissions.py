"""Every persona on every page: who may see (200), who may only read (403), who may not see (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.testing import PERSONAS

ALL = set(PERSONAS)
BOARD = {"board", "admin"}
A_MEMBERS = {"leader", "member", "delegate"}
READ_ALL = BOARD | {"observer"}


def _pages(w):
    """(url, personas getting 200, personas getting 404; the rest get 403)."""
    return [
        (reverse("web:home"), ALL, set()),
        (reverse("blocks:block_list"), ALL, set()),
        (reverse("blocks:block_detail", args=[w.block.pk]), READ_ALL | A_MEMBERS, {"outsider"}),
        (reverse("blocks:block_year_detail", args=[w.block.pk, 2024]), READ_ALL | A_MEMBERS, {"outsider"}),
        (reverse("blocks:block_create"), BOARD, set()),
        (reverse("blocks:block_edit", args=[w.block.pk]), BOARD, {"outsider"}),
        (reverse("blocks:block_year_create", args=[w.block.pk]), BOARD, {"outsider"}),
        (reverse("blocks:block_year_edit", args=[w.block.pk, 2024]), BOARD, {"outsider"}),
        (reverse("orgs:unit_list"), ALL, set()),
        (reverse("orgs:unit_detail", args=[w.member_unit.pk]), READ_ALL | A_MEMBERS, {"outsider"}),
        (reverse("orgs:unit_detail", args=[w.outside_unit.pk]), READ_ALL | {"outsider"}, A_MEMBERS),
        (reverse("orgs:unit_create"), BOARD | {"leader", "member", "outsider"}, set()),
        (reverse("orgs:unit_edit", args=[w.member_sub_unit.pk]), BOARD | {"member"}, {"leader", "outsider"}),
        (reverse("orgs:unit_edit", args=[w.member_unit.pk]), BOARD, {"outsider"}),
        (reverse("orgs:lineage_add", args=[w.member_unit.pk]), BOARD, {"outsider"}),
        (reverse("orgs:person_list"), READ_ALL | {"leader", "member", "outsider"}, set()),
        (
            reverse("orgs:person_detail", args=[w.member_person.pk]),
            READ_ALL | {"leader", "member"},
            {"outsider", "delegate"},
        ),
        (
            reverse("orgs:person_detail", args=[w.outside_person.pk]),
            READ_ALL | {"outsider"},
            {"leader", "member", "delegate"},
        ),
        (reverse("orgs:person_create"), BOARD | {"leader", "member", "outsider"}, set()),
        (
            reverse("orgs:person_edit", args=[w.member_person.pk]),
            BOARD | {"member"},
            {"outsider", "delegate"},
        ),
        (
            reverse("orgs:person_move", args=[w.member_person.pk]),
            BOARD | {"member"},
            {"outsider", "delegate"},
        ),
        (reverse("audit:entry_list"), BOARD, set()),
        (reverse("transfer:index"), BOARD | {"leader", "member", "outsider"}, set()),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_for_every_persona(world, login, persona) -> None:
    client = login(world.user(persona))
    for url, ok, hidden in _pages(world):
        expected = 200 if persona in ok else 404 if persona in hidden else 403
        assert client.get(url).status_code == expected, (persona, url)


def test_anonymous_is_redirected_from_every_page(world, client) -> None:
    for url, _ok, _hidden in _pages(world):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_unit_officer_cannot_post_changes_to_another_unit(world, login) -> None:
    client = login(world.user("member"))
    response = client.post(
        reverse("orgs:person_edit", args=[world.outside_person.pk]), {"full_name": "Hacked"}
    )
    assert response.status_code == 404
    world.outside_person.refresh_from_db()
    assert world.outside_person.full_name == "Trần Văn Bình"


def test_leader_officer_sees_its_block_members_people_but_cannot_edit_them(world, login) -> None:
    client = login(world.user("leader"))
    assert client.get(reverse("orgs:person_detail", args=[world.member_person.pk])).status_code == 200
    response = client.post(
        reverse("orgs:person_edit", args=[world.member_person.pk]), {"full_name": "Đổi tên"}
    )
    assert response.status_code == 403
    world.member_person.refresh_from_db()
    assert world.member_person.full_name == "Nguyễn Thị Lan"


def test_observer_does_not_see_national_ids(world, login) -> None:
    content = (
        login(world.user("observer"))
        .get(reverse("orgs:person_detail", args=[world.member_person.pk]))
        .content
    )
    assert world.member_person.national_id.encode() not in content
    content = (
        login(world.user("board")).get(reverse("orgs:person_detail", args=[world.member_person.pk])).content
    )
    assert world.member_person.national_id.encode() in content


def test_leader_officer_does_not_see_other_members_personal_ids(world, login) -> None:
    page = (
        login(world.user("leader")).get(reverse("orgs:person_detail", args=[world.member_person.pk])).content
    )
    assert world.member_person.national_id.encode() not in page
    page = (
        login(world.user("member")).get(reverse("orgs:person_detail", args=[world.member_person.pk])).content
    )
    assert world.member_person.national_id.encode() in page


def test_api_keeps_an_officers_sub_unit_under_its_own_unit(world) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.user("member"))
    url = f"/api/v1/units/{world.member_sub_unit.pk}/"
    assert client.patch(url, {"parent": world.outside_unit.pk}, format="json").status_code == 403
    assert client.patch(url, {"kind": "state_agency"}, format="json").status_code == 200
    world.member_sub_unit.refresh_from_db()
    assert world.member_sub_unit.kind == "sub_unit" and world.member_sub_unit.parent == world.member_unit
