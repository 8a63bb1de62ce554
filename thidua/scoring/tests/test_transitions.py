"""The transitions tables of scoring's workflows (tables, covenants, scorecards, reviews, the ranking):
each names only its own states, and a step the table does not allow is refused with a Vietnamese
message that says why, changing nothing (issue 14 item 5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from thidua.scoring.models import (
    CARD_TRANSITIONS,
    COVENANT_TRANSITIONS,
    RANKING_TRANSITIONS,
    REVIEW_TRANSITIONS,
    TABLE_TRANSITIONS,
    CardStatus,
    CovenantStatus,
    RankingSnapshot,
    RankingState,
    ReviewStatus,
    TableStatus,
)
from thidua.scoring.services.cards import submit_scorecard
from thidua.scoring.services.covenant import create_covenant, open_for_signing, sign_covenant
from thidua.scoring.services.ranking import publish_ranking, ranking_state
from thidua.scoring.services.reviews import leader_assignment, submit_review
from thidua.scoring.services.tables import freeze_table
from thidua.scoring.tests.test_tables import _table
from thidua.scoring.tests.test_year import FULL, _review_all, _score_all, _signed_year


@pytest.mark.parametrize(
    ("table", "choices"),
    [
        (TABLE_TRANSITIONS, TableStatus),
        (COVENANT_TRANSITIONS, CovenantStatus),
        (CARD_TRANSITIONS, CardStatus),
        (REVIEW_TRANSITIONS, ReviewStatus),
        (RANKING_TRANSITIONS, RankingState),
    ],
)
def test_each_table_names_only_its_own_states_and_reaches_each(table, choices) -> None:
    states = set(choices.values)
    assert set(table) <= states and all(sources <= states for sources in table.values())
    assert set(table) == states - {choices.values[0]}


def _refusal(call, **kwargs) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        call(**kwargs)
    return " ".join(refused.value.messages)


def test_a_frozen_table_is_not_frozen_again(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
    assert _refusal(freeze_table, actor=None, table=table) == (
        "Phiên bản 1 của bảng đã chốt; hãy lập sửa đổi để tạo phiên bản mới."
    )


def test_a_covenant_is_opened_once_and_signed_only_while_open(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
    covenant = create_covenant(actor=None, block_year=world.block_year, content="Giao ước", targets=["Một"])
    assert _refusal(sign_covenant, actor=world.user("member"), covenant=covenant, unit=world.member_unit) == (
        "Giao ước này chưa được đưa ra ký kết."
    )
    open_for_signing(actor=None, covenant=covenant, table=table)
    assert _refusal(open_for_signing, actor=None, covenant=covenant, table=table) == (
        "Giao ước đã được đưa ra ký kết."
    )
    assert not covenant.signatures.exists()


def test_a_scorecard_and_its_review_are_submitted_once(world) -> None:
    _signed_year(world)
    from thidua.scoring.services.cards import open_scorecards

    card = next(
        c for c in open_scorecards(actor=None, block_year=world.block_year) if c.unit == world.member_unit
    )
    _score_all(world, card, FULL, world.user("member"))
    assert _refusal(submit_scorecard, actor=None, card=card) == "Phiếu chấm đã được gửi."
    review = leader_assignment(card, world.user("leader"))
    assert review.state == ReviewStatus.ASSIGNED
    _review_all(world, card, world.leader_unit, FULL)
    review.refresh_from_db()
    submitted_at = review.submitted_at
    assert review.state == ReviewStatus.SUBMITTED
    assert _refusal(submit_review, actor=None, assignment=review) == "Phiếu chấm thẩm định này đã được gửi."
    review.refresh_from_db()
    assert review.submitted_at == submitted_at  # not stamped again


def test_a_ranking_is_published_once(world) -> None:
    _signed_year(world)
    from thidua.scoring.services.cards import open_scorecards

    cards = open_scorecards(actor=None, block_year=world.block_year)
    for card in cards:
        _score_all(world, card, FULL, world.user("member"))
        verifier = world.deputy_unit if card.unit == world.leader_unit else world.leader_unit
        _review_all(world, card, verifier, FULL)
    assert ranking_state(world.block_year) == RankingState.PROVISIONAL
    publish_ranking(actor=world.user("board"), block_year=world.block_year)
    assert ranking_state(world.block_year) == RankingState.PUBLISHED
    assert _refusal(publish_ranking, actor=world.user("board"), block_year=world.block_year) == (
        "Kết quả xếp hạng năm 2024 đã được công bố; việc kiểm đếm lại được so với bản đã công bố."
    )
    assert RankingSnapshot.objects.count() == 1


def test_the_leaders_own_card_without_a_deputy_is_a_message(world) -> None:
    """'Leader verifies' method: the leader's own card is verified by a deputy; a year without one
    says what to do instead of failing."""
    from django.core.exceptions import ValidationError

    from thidua.blocks.models import MemberRole
    from thidua.scoring.services.cards import open_scorecards

    _signed_year(world)
    cards = open_scorecards(actor=None, block_year=world.block_year)
    own = next(c for c in cards if c.unit == world.leader_unit)
    world.block_year.memberships.filter(role=MemberRole.DEPUTY).update(
        role=MemberRole.MEMBER, deputy_order=None
    )
    with pytest.raises(ValidationError) as caught:
        leader_assignment(own, world.user("leader"))
    assert "Phiếu chấm của Khối trưởng do Khối phó thẩm định" in " ".join(caught.value.messages)
