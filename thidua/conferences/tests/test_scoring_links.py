"""The conference and the scoring ranking break each other's ties (issue 3 item 6, issue 4 item 3a)."""

from __future__ import annotations

from thidua.conferences import services
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for
from thidua.scoring.services.cards import open_scorecards
from thidua.scoring.services.ranking import publish_ranking, ranking_rows
from thidua.scoring.services.year import rules_for
from thidua.scoring.tests.test_year import FULL, _review_all, _score_all, _signed_year


def _tied_year(world):
    """Deputy and leader verified to the same total (96); the member 97."""
    _signed_year(world)
    all_cards = {c.unit_id: c for c in open_scorecards(actor=None, block_year=world.block_year)}
    officers = {world.leader_unit.pk: "leader", world.deputy_unit.pk: "board", world.member_unit.pk: "member"}
    for unit_id, card in all_cards.items():
        _score_all(world, card, FULL, world.user(officers[unit_id]))
    verified = {
        world.member_unit.pk: {"I.1": "38", "I.2": "20", "II.1": "24", "II.2": "15"},
        world.deputy_unit.pk: {"I.1": "36", "I.2": "20", "II.1": "25", "II.2": "15"},
        world.leader_unit.pk: {"I.1": "36", "I.2": "20", "II.1": "25", "II.2": "15"},
    }
    for unit_id, points in verified.items():
        reviewer = world.leader_unit if unit_id != world.leader_unit.pk else world.deputy_unit
        _review_all(world, all_cards[unit_id], reviewer, points)


def test_conference_vote_breaks_a_tie_in_the_scoring_ranking(world) -> None:
    w = world
    _tied_year(w)
    rules = rules_for(w.block_year)
    rules.tie_breaks = ["total", "vote"]
    rules.save()
    before = ranking_rows(w.block_year)
    assert [(r["rank"], r["separated_by"]) for r in before] == [(1, None), (2, "total"), (2, None)]
    conference = make_conference(w)
    poll = open_ranking(w, conference)
    for unit, chosen in (
        (w.leader_unit, [w.member_unit, w.leader_unit]),
        (w.deputy_unit, [w.member_unit, w.leader_unit]),
        (w.member_unit, [w.member_unit, w.deputy_unit]),
    ):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, u) for u in chosen]
        )
    services.publish_poll(actor=w.user("board"), poll=services.close_poll(actor=w.user("board"), poll=poll))
    after = ranking_rows(w.block_year)
    assert [(r["unit_id"], r["rank"], r["separated_by"]) for r in after] == [
        (w.member_unit.pk, 1, None),
        (w.leader_unit.pk, 2, "total"),
        (w.deputy_unit.pk, 3, "vote"),
    ]


def test_published_scoring_ranking_breaks_equal_votes(world) -> None:
    w = world
    _tied_year(w)
    publish_ranking(actor=w.user("board"), block_year=w.block_year)
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    # One vote each: only the published scoring ranking (97, 96, 96 → member, then the others) separates.
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, unit)]
        )
    result = services.close_poll(actor=w.user("board"), poll=poll).outcome
    assert result is not None
    by_unit = {o.unit_id: o for o in result.options}
    assert by_unit[w.member_unit.pk].rank == 1 and by_unit[w.member_unit.pk].separated_by is None
    assert by_unit[w.member_unit.pk].score_rank == 1
    # Leader and deputy share the scoring rank 2, so they share the vote's second place too.
    assert by_unit[w.leader_unit.pk].rank == by_unit[w.deputy_unit.pk].rank == 2
