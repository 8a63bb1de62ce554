"""Every persona on every API endpoint: 200 when visible, 404 when hidden, 403 on a refused write."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.testing import PERSONAS

EVERYONE = set(PERSONAS)
READ_ALL = {"board", "admin", "observer"}
A_SIDE = {"leader", "member", "delegate"}


def _reads(w: Any) -> list[tuple[str, set[str]]]:
    """(detail URL, personas who may read it); everyone else gets 404."""
    return [
        (f"/api/v1/units/{w.member_unit.pk}/", READ_ALL | A_SIDE),
        (f"/api/v1/units/{w.outside_unit.pk}/", READ_ALL | {"outsider"}),
        (f"/api/v1/people/{w.member_person.pk}/", READ_ALL | {"leader", "member"}),
        (f"/api/v1/people/{w.outside_person.pk}/", READ_ALL | {"outsider"}),
        (f"/api/v1/blocks/{w.block.pk}/", READ_ALL | A_SIDE),
        (f"/api/v1/blocks/{w.block_b.pk}/", READ_ALL | {"outsider"}),
        (f"/api/v1/block-years/{w.block_year.pk}/", READ_ALL | A_SIDE),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_endpoint_for_every_persona(world, persona) -> None:
    client = APIClient()
    client.force_authenticate(world.user(persona))
    for path in (
        "/api/v1/units/",
        "/api/v1/people/",
        "/api/v1/blocks/",
        "/api/v1/block-years/",
        "/api/v1/schema/",
    ):
        assert client.get(path).status_code == 200, (persona, path)
    for url, readers in _reads(world):
        assert client.get(url).status_code == (200 if persona in readers else 404), (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes_follow_the_same_door(world, persona) -> None:
    client = APIClient()
    client.force_authenticate(world.user(persona))
    cases = [
        # (url, payload, personas who may write, personas who do not even see it)
        (
            f"/api/v1/units/{world.member_sub_unit.pk}/",
            {"short_name": "TĐKT"},
            {"board", "admin", "member"},
            {"leader", "outsider"},
        ),
        (f"/api/v1/units/{world.member_unit.pk}/", {"short_name": "SNV"}, {"board", "admin"}, {"outsider"}),
        (
            f"/api/v1/people/{world.member_person.pk}/",
            {"phone": "0911111111"},
            {"board", "admin", "member"},
            {"outsider", "delegate"},
        ),
        (f"/api/v1/blocks/{world.block.pk}/", {"description": "x"}, {"board", "admin"}, {"outsider"}),
    ]
    for url, payload, writers, hidden in cases:
        expected = 200 if persona in writers else 404 if persona in hidden else 403
        assert client.patch(url, payload, format="json").status_code == expected, (persona, url)


def test_anonymous_cannot_read_or_write(world) -> None:
    client = APIClient()
    for url, _readers in _reads(world):
        assert client.get(url).status_code == 401
        assert client.patch(url, {"name": "x"}, format="json").status_code == 401
