from __future__ import annotations

from typing import Any

import pytest

from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.services.covenant import add_target, create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.tables import freeze_table
from thidua.scoring.tests.test_tables import _table


@pytest.fixture
def year(world: Any) -> dict[str, Any]:
    """A signed covenant and open scorecards for block A in 2024."""
    table = freeze_table(actor=None, table=_table(world))
    covenant = create_covenant(actor=None, block_year=world.block_year, content="Giao ước 2024")
    add_target(actor=None, covenant=covenant, text="10 chỉ tiêu trọng tâm")
    open_for_signing(actor=None, covenant=covenant, table=table)
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        sign_covenant(actor=world.user(persona), covenant=covenant, unit=unit)
    all_cards = {c.unit_id: c for c in open_scorecards(actor=None, block_year=world.block_year)}
    return {"table": table, "cards": all_cards}
