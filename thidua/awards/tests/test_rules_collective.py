"""Table-driven cases for the collective rules (R-COL-01..06, R-BLK-07), unit lineage (D6) and the
versions on either side of 1 July 2025 (R-VER-01, R-VER-02)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from thidua.awards.models import AwardTypeVersion, Discipline, EligibilitySettings, PerformanceRating
from thidua.awards.rules import ELIGIBLE, NEEDS_CHECK, NOT_ELIGIBLE, blocking_conditions, evaluate
from thidua.awards.tests.helpers import D, award, case, discipline, maternity, person_in, rate, rates
from thidua.blocks.models import Block, StandingSource
from thidua.blocks.services import record_standings, set_block_year
from thidua.orgs.models import LineageKind
from thidua.orgs.services import add_lineage
from thidua.testing import make_unit


def _text(verdict) -> str:
    return " ".join(f"{c.rule} {c.text}" for c in verdict.conditions)


def _years(verdict):
    """R-COL-06: the status of the condition on the two years."""
    return next(
        c.status for c in verdict.conditions if c.key.startswith("bk_unit_") and c.key != "bk_unit_standards"
    )


@pytest.fixture
def team(world):
    """A sub-unit with ten people, all rated well in 2025, rated excellently itself."""
    unit = world.member_sub_unit
    people = [person_in(unit, f"Người Số {i}", gender="female" if i % 2 else "male") for i in range(10)]
    for p in people:
        rate(p, 2025, "good")
    rate(unit, 2025, "excellent")
    return unit, people


def test_ttldtt_at_the_70_percent_boundary(team) -> None:
    unit, people = team

    PerformanceRating.objects.filter(person__in=people[:3]).update(rating="completed")  # 7 of 10 left
    verdict = evaluate(unit, "TTLDTT", 2025)
    assert verdict.status == ELIGIBLE, _text(verdict)
    assert "7/10" in _text(verdict)
    PerformanceRating.objects.filter(person=people[3]).update(rating="completed")  # 6 of 10
    verdict = evaluate(unit, "TTLDTT", 2025)
    assert verdict.status == NOT_ELIGIBLE and "6/10" in _text(verdict) and "(7 người)" in _text(verdict)


def test_ttldtt_refused_for_a_member_warned_in_the_year(team) -> None:
    unit, people = team
    discipline(people[0], D(2025, 3, 1), D(2026, 2, 28), level=2)
    verdict = evaluate(unit, "TTLDTT", 2025)
    assert verdict.status == NOT_ELIGIBLE and people[0].full_name in _text(verdict)
    # A reprimand is below a warning: it does not block the collective.

    Discipline.objects.update(level=1)
    assert evaluate(unit, "TTLDTT", 2025).status == ELIGIBLE


def test_ttldxs_needs_a_cstdcs_member_and_everyone_completing(team) -> None:
    unit, people = team
    verdict = evaluate(unit, "TTLDXS", 2025)
    assert verdict.status == NOT_ELIGIBLE and "R-COL-02" in verdict.failed_rules
    award(people[0], "CSTDCS", 2025)
    assert evaluate(unit, "TTLDXS", 2025).status == ELIGIBLE
    newcomer = person_in(unit, "Chưa Xếp Loại")
    verdict = evaluate(unit, "TTLDXS", 2025)
    # No rating recorded for the newcomer: a human check, not a failure (issue 12 item 8).
    assert verdict.status == NEEDS_CHECK and "Chưa Xếp Loại" in _text(verdict)
    maternity(newcomer, D(2025, 1, 1), D(2025, 6, 30))  # R-GEN-03: counts as completing
    assert evaluate(unit, "TTLDXS", 2025).status == ELIGIBLE
    short = person_in(unit, "Không Hoàn Thành")
    rate(short, 2025, "not_completed")
    verdict = evaluate(unit, "TTLDXS", 2025)
    assert verdict.status == NOT_ELIGIBLE and "Không Hoàn Thành" in _text(verdict)


def test_ttldxs_discipline_condition_is_off_by_default(team) -> None:
    unit, people = team
    award(people[0], "CSTDCS", 2025)
    discipline(people[1], D(2025, 3, 1), D(2026, 2, 28), level=2)
    assert evaluate(unit, "TTLDXS", 2025).status == ELIGIBLE
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), ttldxs_no_discipline=True)
    assert evaluate(unit, "TTLDXS", 2025).status == NOT_ELIGIBLE


def _province_block_2025(world):
    return set_block_year(
        actor=None,
        block=world.block,
        year=2025,
        members=[world.leader_unit, world.deputy_unit, world.member_unit],
        leader=world.deputy_unit,
        deputies=[world.member_unit],
    )


def test_province_flag_follows_the_leading_unit(world) -> None:
    block_year = _province_block_2025(world)
    record_standings(
        actor=None,
        block_year=block_year,
        ranks=[(world.member_unit, 1), (world.leader_unit, 2)],
        source=StandingSource.RECORDED,
        basis="Biên bản",
    )
    verdict = evaluate(world.member_unit, "CO_TD_TINH", 2025)
    assert verdict.status == NEEDS_CHECK, _text(verdict)  # D3: the qualitative standards
    assert any(ref.kind == "standing" for ref in verdict.records)
    second = evaluate(world.leader_unit, "CO_TD_TINH", 2025)
    assert second.status == NOT_ELIGIBLE and "R-COL-03" in second.failed_rules and ": 2" in _text(second)
    assert evaluate(world.member_unit, "CO_TD_CP", 2025).status == NEEDS_CHECK  # D12: both levels allowed
    # D13: the block's one flag is used by another member.
    award(world.leader_unit, "CO_TD_TINH", 2025)
    verdict = evaluate(world.member_unit, "CO_TD_TINH", 2025)
    assert verdict.status == NOT_ELIGIBLE and world.leader_unit.name in _text(verdict)


def test_flag_refused_for_a_district_block_and_for_a_blocked_unit(world) -> None:
    district = Block.objects.create(
        code="HUYEN", name="Khối huyện", level="district", managing_body=world.province
    )
    year = set_block_year(
        actor=None,
        block=district,
        year=2025,
        members=[world.outside_unit, world.member_unit],
        leader=world.outside_unit,
        deputies=[world.member_unit],
    )
    record_standings(actor=None, block_year=year, ranks=[(world.outside_unit, 1)])
    # A block below the province: a human check by default, refused when the settings say so (issue 12 item 7).
    assert evaluate(world.outside_unit, "CO_TD_TINH", 2025).status == NEEDS_CHECK
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), low_level_block_flag="refuse")
    assert evaluate(world.outside_unit, "CO_TD_TINH", 2025).status == NOT_ELIGIBLE
    block_year = _province_block_2025(world)
    record_standings(actor=None, block_year=block_year, ranks=[(world.member_unit, 1)])
    case(world.member_unit, "inspection_violation", D(2025, 12, 1))
    verdict = evaluate(world.member_unit, "CO_TD_TINH", 2025)
    assert verdict.status == NOT_ELIGIBLE and "R-GEN-01, R-BLK-07" in verdict.failed_rules


def test_collective_bang_khen_two_consecutive_years(world) -> None:
    unit = world.member_unit
    rate(unit, 2024, "excellent")
    rate(unit, 2025, "good")
    assert evaluate(unit, "BK_TINH", 2025).status == NEEDS_CHECK
    award(unit, "TTLDXS", 2025)
    verdict = evaluate(unit, "BK_TINH", 2025)
    # R-COL-06: the years met, the qualitative conditions still need a human check.
    assert verdict.status == NEEDS_CHECK
    assert [c.key for c in verdict.conditions if c.rule == "R-COL-06"] == ["bk_unit_ok", "bk_unit_standards"]


@pytest.mark.parametrize(
    ("kind", "inherits", "expected"),
    [
        (LineageKind.RENAME, False, "met"),  # D6: a rename always carries the history
        (LineageKind.MERGE, False, "check"),  # a merger only when marked
        (LineageKind.MERGE, True, "met"),
    ],
)
def test_collective_renamed_or_merged_in_2025(world, kind, inherits, expected) -> None:
    old = make_unit("CU", "Sở Cũ", parent=world.province)
    rate(old, 2024, "excellent")
    new = make_unit("MOI", "Sở Mới", parent=world.province)
    add_lineage(
        actor=None,
        predecessors=[old],
        successor=new,
        kind=kind,
        date=D(2025, 3, 1),
        inherits_history=inherits,
    )
    rate(new, 2025, "excellent")
    verdict = evaluate(new, "BK_TINH", 2025)
    # R-COL-06: the two years' condition; the verdict itself always needs a human check here.
    assert _years(verdict) == expected, _text(verdict)
    assert verdict.status == NEEDS_CHECK
    assert "Sở Cũ" in _text(verdict)  # the explanation says whose history counts or not


def test_lineage_policy_setting(world) -> None:
    old = make_unit("CU", "Sở Cũ", parent=world.province)
    rate(old, 2024, "excellent")
    new = make_unit("MOI", "Sở Mới", parent=world.province)
    add_lineage(actor=None, predecessors=[old], successor=new, kind=LineageKind.MERGE, date=D(2025, 3, 1))
    rate(new, 2025, "excellent")
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), lineage_policy="always")
    assert _years(evaluate(new, "BK_TINH", 2025)) == "met"


@pytest.mark.parametrize(
    ("on", "decree"),
    [(D(2025, 6, 30), "98/2023"), (D(2025, 7, 1), "152/2025")],
)
def test_proposal_dated_either_side_of_1_july_2025(world, on, decree) -> None:
    person = person_in(world.member_unit)
    rate(person, 2025, "excellent")
    verdict = evaluate(person, "CSTDCS", 2025, on=on)
    assert verdict.status == ELIGIBLE
    assert decree in verdict.citation
    # The commune chairman's power moves from NĐ 98/Law Art 80 to NĐ 129/2025 on 1 July 2025 (R-VER-02).

    version = AwardTypeVersion.objects.filter(award_type__code="CSTDCS").in_force_on(on).get()
    assert ("129/2025" in version.deciding_authority) == (decree == "152/2025")


def test_no_version_before_decree_91(world) -> None:
    person = person_in(world.member_unit)
    rate(person, 2016, "excellent")
    verdict = evaluate(person, "CSTDCS", 2016, on=D(2016, 3, 12))
    assert verdict.status == NEEDS_CHECK and "12/03/2016" in _text(verdict) and "01/01/2018" in _text(verdict)


def test_newer_more_favourable_rule_is_offered(world) -> None:
    """R-VER-01: a dossier of 2024 under the old settings, a newer version in force since 1 July 2025."""
    person = person_in(world.member_unit)
    rate(person, 2024, "good")
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), ldtt_share_pct=70, cstdcs_cap_pct=15)
    EligibilitySettings.objects.create(valid_from=D(2025, 7, 1))
    verdict = evaluate(person, "LDTT", 2024)
    assert verdict.status == ELIGIBLE and verdict.newer is None
    rate(person, 2025, "excellent")
    cstdcs = evaluate(person, "CSTDCS", 2025, on=D(2025, 6, 30))
    # R-IND-03: the old settings' cap, 15 % of the one person meeting the LĐTT standard, rounds to 0.
    assert cstdcs.status == NOT_ELIGIBLE and "là 0" in _text(cstdcs)
    assert cstdcs.newer is not None and cstdcs.newer.status == ELIGIBLE and cstdcs.newer.on == D(2025, 7, 1)
    # The page says it in words; the rule ID is only the alert's tooltip.
    html = render_to_string("awards/partials/verdict.html", {"verdict": cstdcs})
    alert = html[html.index('<div class="alert') :]
    assert "Quy định mới có hiệu lực từ 01/07/2025 cho kết quả có lợi hơn" in alert
    assert 'title="R-VER-01"' in alert and "(R-VER-01)" not in alert


def test_blocking_conditions_contract(world) -> None:
    unit = world.member_unit
    assert blocking_conditions(unit=unit, on=D(2025, 12, 1)) == []
    open_case = case(unit, "investigation", D(2025, 11, 1))
    case(unit, "inspection_routine", D(2025, 11, 1))  # D10: does not block
    period = discipline(unit, D(2025, 1, 1), D(2025, 12, 31), level=1)
    found = blocking_conditions(unit=unit, on=D(2025, 12, 1))
    assert [(b.rule, b.record_id) for b in found] == [
        ("R-GEN-01, R-BLK-07", open_case.pk),
        ("R-GEN-02", period.pk),
    ]
    assert "điều tra" in found[0].description and "Khiển trách" in found[1].description
    assert blocking_conditions(unit=unit, on=D(2025, 10, 31)) == [found[1]]
    person = person_in(unit)
    assert blocking_conditions(person=person, on=D(2025, 12, 1)) == []
    with pytest.raises(ValueError):
        blocking_conditions(on=D(2025, 12, 1))


def test_discipline_counts_from_setting(world) -> None:
    person = person_in(world.member_unit)
    rates(person, [2025], "good")
    discipline(person, D(2024, 6, 1), D(2025, 5, 31))
    assert evaluate(person, "LDTT", 2025).status == NOT_ELIGIBLE  # D11 default
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), discipline_counts_from="same_year")
    assert evaluate(person, "LDTT", 2025).status == ELIGIBLE


def test_a_tied_first_place_needs_the_provinces_decision(world) -> None:
    """Issue 12 item 6, R-COL-03: two units tied for first beyond the block's one leading unit are each
    recorded at rank 1 and flagged; the flag check says the province decides which one leads, not
    "leading unit"."""
    from django.utils import timezone

    from thidua.blocks.models import Standing

    block_year = _province_block_2025(world)
    for unit in (world.member_unit, world.leader_unit):
        Standing.objects.create(
            block_year=block_year,
            unit=unit,
            rank=1,
            tied=True,
            source=StandingSource.CONFERENCE,
            recorded_at=timezone.now(),
        )
    verdict = evaluate(world.member_unit, "CO_TD_TINH", 2025)
    assert verdict.status == NEEDS_CHECK
    leading = [c for c in verdict.conditions if c.rule == "R-COL-03" and c.key.startswith("leading")]
    assert [c.key for c in leading] == ["leading_tied"], _text(verdict)
    assert "quyết định đơn vị dẫn đầu" in _text(verdict)
    Standing.objects.filter(unit=world.leader_unit).delete()
    Standing.objects.filter(unit=world.member_unit).update(tied=False)  # a later vote separated them
    keys = [c.key for c in evaluate(world.member_unit, "CO_TD_TINH", 2025).conditions]
    assert "leading_ok" in keys and "leading_tied" not in keys


def test_a_tie_above_does_not_hide_a_lead_the_province_allows_below(world) -> None:
    """R-COL-03 (issue 12 items 6 and 7): a unit tied for first in a province block that also leads a
    district block alone meets the leading condition where the settings allow a lower block's first
    place; with the default ("check") the tie still needs the province's decision."""
    from django.utils import timezone

    from thidua.blocks.models import Standing

    block_year = _province_block_2025(world)
    for unit in (world.member_unit, world.leader_unit):
        Standing.objects.create(
            block_year=block_year,
            unit=unit,
            rank=1,
            tied=True,
            source=StandingSource.CONFERENCE,
            recorded_at=timezone.now(),
        )
    district = Block.objects.create(
        code="HUYEN", name="Khối huyện", level="district", managing_body=world.province
    )
    year = set_block_year(
        actor=None,
        block=district,
        year=2025,
        members=[world.outside_unit, world.member_unit],
        leader=world.member_unit,
        deputies=[world.outside_unit],
    )
    record_standings(actor=None, block_year=year, ranks=[(world.member_unit, 1)])

    def leading_keys():
        verdict = evaluate(world.member_unit, "CO_TD_TINH", 2025)
        return [c.key for c in verdict.conditions if c.rule == "R-COL-03" and c.key.startswith("leading")]

    assert leading_keys() == ["leading_tied"]
    EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), low_level_block_flag="allow")
    assert leading_keys() == ["leading_low_level_allowed"]
    assert "Khối huyện" in _text(evaluate(world.member_unit, "CO_TD_TINH", 2025))
