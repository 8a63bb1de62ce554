"""The deputy-order migration numbers the deputies recorded before it, in the order the pages showed
them (by name), and leaves the leader and the members without a number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.blocks.models import BlockYear, Membership

BEFORE = [("blocks", "0003_standing_votes")]


@pytest.mark.django_db(transaction=True)
def test_existing_deputies_get_their_order(world) -> None:
    w = world
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplied the apps that depend on it
    executor.migrate(BEFORE)
    old_membership = (
        MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("blocks", "Membership")
    )
    # Before the migration: Văn phòng UBND tỉnh is the deputy; Sở Nội vụ becomes a second one.
    old_membership.objects.filter(block_year_id=w.block_year.pk, unit_id=w.member_unit.pk).update(
        role="deputy"
    )
    MigrationExecutor(connection).migrate(latest)
    rows = Membership.objects.filter(block_year=w.block_year).values_list("unit_id", "deputy_order")
    assert dict(rows) == {w.leader_unit.pk: None, w.member_unit.pk: 1, w.deputy_unit.pk: 2}
    block_year = BlockYear.objects.with_members().get(pk=w.block_year.pk)
    assert block_year.deputies == [w.member_unit, w.deputy_unit]  # "Sở Nội vụ" sorts before "Văn phòng"
    assert Membership.objects.get(block_year__block=w.block_b, role="deputy").deputy_order == 1
