"""List pages run a fixed number of queries, however many rows they show (no N+1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.blocks.models import Block
from thidua.blocks.services import set_block_year
from thidua.testing import make_person, make_unit

PAGES = ["web:home", "blocks:block_list", "orgs:unit_list", "orgs:person_list", "audit:entry_list"]


def _grow(world: Any, n: int) -> None:
    """Add n blocks with three fresh members each, and a person in every new unit."""
    for i in range(n):
        units = [make_unit(f"G{i}-{k}", f"Đơn vị {i}-{k}", parent=world.province) for k in range(3)]
        block = Block.objects.create(
            code=f"G{i}", name=f"Khối {i}", level="province", managing_body=world.province
        )
        set_block_year(
            actor=None, block=block, year=2024, members=units, leader=units[0], deputies=[units[1]]
        )
        for k, unit in enumerate(units):
            make_person(f"Người Thứ {i}{k}", unit)


def _count(client: Any, name: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_list_page_query_count_does_not_grow(world, login, page) -> None:
    client = login(world.user("board"))
    _count(client, page)  # warm-up: session and content types
    before = _count(client, page)
    _grow(world, 8)
    after = _count(client, page)
    assert after == before, f"{page}: {before} queries with little data, {after} with more"


def test_block_year_page_query_count_does_not_grow_with_members(world, login) -> None:
    client = login(world.user("member"))
    url = reverse("blocks:block_year_detail", args=[world.block.pk, 2024])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    extra = [make_unit(f"X{k}", f"Thêm {k}", parent=world.province) for k in range(10)]
    set_block_year(
        actor=None,
        block=world.block,
        year=2024,
        members=[world.leader_unit, world.deputy_unit, world.member_unit, *extra],
        leader=world.leader_unit,
        deputies=[world.deputy_unit],
    )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
