"""A member with a scorecard stays in its block year: the scorecard's protected foreign key to the
membership refuses the drop (issue 14 item 2; blocks no longer looks scorecards up); scoring's audit
actions are named (item 5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.actions import describe
from thidua.audit.models import AuditEntry
from thidua.blocks.models import MemberRole
from thidua.blocks.services import set_block_year
from thidua.scoring.models import Scorecard
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.tests.test_year import _signed_year
from thidua.testing import make_unit


def test_a_member_with_a_scorecard_cannot_be_dropped(world) -> None:
    w = world
    _signed_year(w)
    open_scorecards(actor=w.user("board"), block_year=w.block_year)
    before = list(w.block_year.memberships.order_by("unit_id").values_list("id", "unit_id", "role"))
    with pytest.raises(ValidationError) as raised:
        set_block_year(
            actor=w.user("board"),
            block=w.block,
            year=2024,
            members=[w.leader_unit, w.deputy_unit],
            leader=w.leader_unit,
            deputies=[w.deputy_unit],
        )
    assert raised.value.message_dict["members"] == [
        "Các thành viên này đã có phiếu chấm điểm năm nay nên không thể bỏ ra: %s." % w.member_unit
    ]
    after = list(w.block_year.memberships.order_by("unit_id").values_list("id", "unit_id", "role"))
    assert after == before


def test_kept_members_keep_their_scorecards_when_the_roles_change(world) -> None:
    w = world
    _signed_year(w)
    opened = {c.unit_id: c.membership_id for c in open_scorecards(actor=None, block_year=w.block_year)}
    newcomer = make_unit("SO-YT", "Sở Y tế", parent=w.province)
    set_block_year(
        actor=w.user("board"),
        block=w.block,
        year=2024,
        members=[w.leader_unit, w.deputy_unit, w.member_unit, newcomer],
        leader=w.deputy_unit,
        deputies=[w.member_unit],
    )
    roles = dict(w.block_year.memberships.values_list("unit_id", "role"))
    assert roles == {
        w.leader_unit.pk: MemberRole.MEMBER,
        w.deputy_unit.pk: MemberRole.LEADER,
        w.member_unit.pk: MemberRole.DEPUTY,
        newcomer.pk: MemberRole.MEMBER,
    }
    cards_now = Scorecard.objects.filter(block_year=w.block_year).values_list("unit_id", "membership_id")
    assert dict(cards_now) == opened
    assert all(
        card.membership.unit_id == card.unit_id
        for card in Scorecard.objects.select_related("membership").filter(block_year=w.block_year)
    )


def test_every_scoring_action_of_a_year_has_a_sentence_in_the_audit_log(world) -> None:
    """Named audit actions (issue 14 item 5): cards.py still passes codes, ScoringAction names them."""
    _signed_year(world)
    open_scorecards(actor=world.user("board"), block_year=world.block_year)
    actions = set(AuditEntry.objects.exclude(action__startswith="unit.").values_list("action", flat=True))
    assert {"scoringtable.freeze", "covenant.sign", "scorecard.open"} <= actions
    unnamed = {a for a in actions if describe(a) == a}
    assert unnamed == set()
    assert describe("scorecard.open") == "Mở phiếu chấm điểm"
