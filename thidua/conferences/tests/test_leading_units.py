"""Several leading units (issue 12 item 6): how many units may share first place is the block's
setting (`Block.leading_units_max`); a tie within it is recorded, a tie beyond it leaves the place open."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.awards.rules import evaluate
from thidua.blocks.models import Standing
from thidua.blocks.services import record_standings
from thidua.conferences import counting, services
from thidua.conferences.documents import minutes_docx
from thidua.conferences.results import OptionResult, PollResult, StoredThreshold, StoredVerdict, given
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for
from thidua.lib.thresholds import Threshold


def _spec(leading_units_max: int, n: int) -> counting.PollSpec:
    return counting.PollSpec(
        select=True,
        max_choices=n,
        ranks_to_fill=n,
        threshold=Threshold(0, 1),
        base="valid",
        yes_answers="yes",
        tie_break="none",
        options=[counting.OptionInfo(i, f"Đơn vị {i}", 100 + i, None) for i in range(1, n + 1)],
        leading_units_max=leading_units_max,
    )


def _counted(spec: counting.PollSpec, votes: list[int]) -> PollResult:
    """A counted result before its places are filled: every candidate passed with its votes."""
    return PollResult(
        paper=False,
        entitled=10,
        present=10,
        threshold=StoredThreshold(0, 1, "more_than", "valid", "yes"),
        options=tuple(
            OptionResult(
                id=i,
                label=f"Đơn vị {i}",
                unit_id=100 + i,
                verdict=StoredVerdict(passed=True, got=v, needed=1, base=10),
                score_rank=None,
                votes=v,
            )
            for i, v in enumerate(votes, start=1)
        ),
        roll_fingerprint="",
    )


@pytest.mark.parametrize(
    ("allowed", "votes", "places", "tied", "shared"),
    [
        # one leading unit (the default): a tie for first leaves the place open, the rest keep theirs
        (1, [5, 5, 3], [(3, 3)], [1], []),
        (1, [5, 4, 3], [(1, 1), (2, 2), (3, 3)], [], []),
        # two allowed: two tied units both take place 1; three tied is one too many
        (2, [5, 5, 3], [(1, 1), (2, 1), (3, 3)], [], [1]),
        (2, [5, 5, 5], [], [1], []),
        # three allowed: three tied units are all first
        (3, [5, 5, 5], [(1, 1), (2, 1), (3, 1)], [], [1]),
        # a single winner is never "shared"
        (3, [6, 5, 5], [(1, 1), (2, 2), (3, 2)], [], []),
    ],
)
def test_places_follow_the_leading_units_setting(allowed, votes, places, tied, shared) -> None:
    spec = _spec(allowed, len(votes))
    result = counting._places(spec, _counted(spec, votes))
    assert [(p.option_id, p.place) for p in result.place_list()] == places
    assert list(result.open_places()) == tied
    assert list(given(result.shared_places) or []) == shared


def _tied_first_poll(world):
    """Two units tie for first place under a "no tie-break" rule (2 votes each, 1/3 threshold)."""
    w = world
    conference = make_conference(w)
    poll = open_ranking(
        w, conference, max_choices=2, tie_break="none", threshold_numerator=1, threshold_denominator=3
    )
    for voter in (w.leader_unit, w.deputy_unit):
        choice = [option_for(poll, u) for u in (w.member_unit, w.deputy_unit)]
        services.cast_ballot(poll=poll, participant=delegate(conference, voter), choice=choice)
    return services.close_poll(actor=w.user("board"), poll=poll)


@pytest.mark.parametrize(("allowed", "recorded"), [(1, False), (2, True), (3, True)])
def test_tied_first_place_is_recorded_when_the_setting_allows(world, login, allowed, recorded) -> None:
    w = world
    w.block.leading_units_max = allowed
    w.block.save()
    poll = _tied_first_poll(w)
    result = poll.outcome
    assert result is not None and list(result.open_places()) == ([] if recorded else [1])
    services.publish_poll(actor=w.user("board"), poll=poll)
    standings = dict(Standing.objects.values_list("unit_id", "rank"))
    if recorded:
        assert standings == {w.member_unit.pk: 1, w.deputy_unit.pk: 1}
        assert result.shared_places == (1,)
        assert services.recount(poll) == result
        document = docx.Document(io.BytesIO(minutes_docx(poll.conference)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Các đơn vị bằng phiếu cùng dẫn đầu" in text
        page = login(w.user("board")).get(reverse("conferences:poll", args=[poll.pk])).content.decode()
        assert "Đồng hạng nhất" in page
    else:
        # Issue 12 item 6: a tie beyond the setting records the tie, not nothing; each tied unit
        # first, flagged for the province's decision.
        assert standings == {w.member_unit.pk: 1, w.deputy_unit.pk: 1}
        assert set(Standing.objects.filter(tied=True).values_list("unit_id", flat=True)) == {
            w.member_unit.pk,
            w.deputy_unit.pk,
        }
        document = docx.Document(io.BytesIO(minutes_docx(poll.conference)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "tỉnh quyết định" in text


def test_a_tie_beyond_the_setting_needs_the_provinces_decision(world, award_catalogue, login) -> None:
    """One leading unit allowed, two tied under "no tie-break": both stand first and tied; R-COL-03
    follows the setting: once the province gives the flag to one, the other's quota is used."""
    w = world
    poll = _tied_first_poll(w)
    page = login(w.user("board")).get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert 'id="tied-first"' in page
    services.publish_poll(actor=w.user("board"), poll=poll)
    tied = Standing.objects.filter(tied=True, rank=1)
    assert {s.unit_id for s in tied} == {w.member_unit.pk, w.deputy_unit.pk}
    assert not Standing.objects.filter(tied=True).exclude(rank=1).exists()
    year = w.block_year.year
    from thidua.awards.tests.helpers import award

    award(w.member_unit, "CO_TD_TINH", year)
    quota = {c.key for c in evaluate(w.deputy_unit, "CO_TD_TINH", year).conditions if c.rule == "R-COL-03"}
    assert "quota_used" in quota, quota
    # A second vote that separates them replaces the tie.
    record_standings(
        actor=w.user("board"), block_year=w.block_year, ranks=[(w.member_unit, 1), (w.deputy_unit, 2)]
    )
    assert not Standing.objects.filter(tied=True).exists()


@pytest.mark.parametrize(
    ("allowed", "leading", "ok"), [(1, 1, True), (1, 2, False), (2, 2, True), (2, 3, False)]
)
def test_record_standings_at_the_boundary(world, allowed, leading, ok) -> None:
    w = world
    w.block.leading_units_max = allowed
    w.block.save()
    units = [w.leader_unit, w.deputy_unit, w.member_unit]
    ranks = [(u, 1 if i < leading else 3) for i, u in enumerate(units)]
    if ok:
        record_standings(actor=w.user("board"), block_year=w.block_year, ranks=ranks)
        assert sorted(Standing.objects.filter(rank=1).values_list("unit_id", flat=True)) == sorted(
            u.pk for u in units[:leading]
        )
    else:
        with pytest.raises(ValidationError):
            record_standings(actor=w.user("board"), block_year=w.block_year, ranks=ranks)
        assert not Standing.objects.exists()


def test_rcol03_reads_every_shared_leader(world, award_catalogue) -> None:
    """R-COL-03 (Law Art 26(1)): with two leading units allowed and recorded, each is the leading unit."""
    w = world
    w.block.leading_units_max = 2
    w.block.save()
    poll = _tied_first_poll(w)
    services.publish_poll(actor=w.user("board"), poll=poll)
    year = w.block_year.year
    for unit, leading in ((w.member_unit, True), (w.deputy_unit, True), (w.leader_unit, False)):
        verdict = evaluate(unit, "CO_TD_TINH", year)
        keys = {c.key for c in verdict.conditions if c.rule == "R-COL-03"}
        assert ("leading_ok" in keys) is leading, (unit, keys)
    # The flag quota follows the block's setting: with two shared leaders, one flag already given to
    # the first leaves room for the second (R-COL-03 with D13), where one flag per block would not.
    from thidua.awards.tests.helpers import award

    award(w.member_unit, "CO_TD_TINH", year)
    quota = {c.key for c in evaluate(w.deputy_unit, "CO_TD_TINH", year).conditions if c.rule == "R-COL-03"}
    assert "quota_free" in quota and "quota_used" not in quota, quota
    w.block.leading_units_max = 1
    w.block.save()
    quota = {c.key for c in evaluate(w.deputy_unit, "CO_TD_TINH", year).conditions if c.rule == "R-COL-03"}
    assert "quota_used" in quota, quota
