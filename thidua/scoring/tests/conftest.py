from __future__ import annotations

from typing import Any

import pytest

from thidua.scoring import cards, services
from thidua.scoring.tests.test_tables import _table


@pytest.fixture
def year(world: Any) -> dict[str, Any]:
    """A signed covenant and open scorecards for block A in 2024."""
    table = services.freeze_table(actor=None, table=_table(world))
    covenant = cards.create_covenant(actor=None, block_year=world.block_year, content="Giao ước 2024")
    cards.add_target(actor=None, covenant=covenant, text="10 chỉ tiêu trọng tâm")
    cards.open_for_signing(actor=None, covenant=covenant, table=table)
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        cards.sign_covenant(actor=world.user(persona), covenant=covenant, unit=unit)
    all_cards = {c.unit_id: c for c in cards.open_scorecards(actor=None, block_year=world.block_year)}
    return {"table": table, "cards": all_cards}
