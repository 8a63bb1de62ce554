from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.models import AuditEntry
from thidua.blocks import services
from thidua.blocks.models import Standing, StandingSource


def test_standings_replace_the_year_and_name_the_leading_unit(world) -> None:
    w = world
    services.record_standings(
        actor=w.user("board"), block_year=w.block_year, ranks=[(w.member_unit, 1), (w.leader_unit, 2)]
    )
    services.record_standings(
        actor=w.user("board"),
        block_year=w.block_year,
        ranks=[(w.deputy_unit, 1), (w.member_unit, 2), (w.leader_unit, 2)],
        source=StandingSource.CONFERENCE,
        basis="Biên bản số 01-BB/KTĐ",
    )
    rows = list(Standing.objects.filter(block_year=w.block_year).values_list("unit_id", "rank", "source"))
    assert sorted(rows, key=lambda r: (r[1], r[0])) == sorted(
        [
            (w.deputy_unit.pk, 1, "conference"),
            (w.member_unit.pk, 2, "conference"),
            (w.leader_unit.pk, 2, "conference"),
        ],
        key=lambda r: (r[1], r[0]),
    )
    leading = [s.unit for s in Standing.objects.filter(block_year=w.block_year) if s.leading]
    assert leading == [w.deputy_unit]
    assert AuditEntry.objects.filter(action="blockyear.standings").count() == 2


@pytest.mark.parametrize("case", ["outsider", "two_first", "twice", "zero"])
def test_bad_standings_are_refused_and_change_nothing(world, case) -> None:
    w = world
    services.record_standings(actor=w.user("board"), block_year=w.block_year, ranks=[(w.member_unit, 1)])
    ranks = {
        "outsider": [(w.outside_unit, 1)],
        "two_first": [(w.member_unit, 1), (w.leader_unit, 1)],
        "twice": [(w.member_unit, 1), (w.member_unit, 2)],
        "zero": [(w.member_unit, 0)],
    }[case]
    with pytest.raises(ValidationError):
        services.record_standings(actor=w.user("board"), block_year=w.block_year, ranks=ranks)
    assert list(Standing.objects.values_list("unit_id", "rank")) == [(w.member_unit.pk, 1)]
