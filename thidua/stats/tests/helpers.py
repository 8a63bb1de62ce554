"""Generated award history for the statistics tests: a fixed seed, every record also kept as a plain
tuple so the tests count by hand."""

from __future__ import annotations

import random
from dataclasses import dataclass

from thidua.accounts.models import User
from thidua.awards.models import AwardRecord, AwardType, CommendationType
from thidua.blocks.services import set_block_year
from thidua.orgs.models import Person, Unit
from thidua.testing import World, make_person


@dataclass(frozen=True)
class Given:
    year: int
    code: str
    level: str
    collective: bool
    gender: str  # "" for a collective
    owner_unit: int  # the unit (or the person's unit)
    commendation: str
    unit_kind: str


def generate(world: World, *, seed: int = 7) -> list[Given]:
    """People in every unit of the world and ~200 awards over 2021-2024; block A has other members in
    2023 (leader and member only) than in 2024 (leader, deputy, member)."""
    board: User = world.user("board")
    set_block_year(
        actor=board,
        block=world.block,
        year=2023,
        members=[world.leader_unit, world.member_unit],
        leader=world.member_unit,
        deputies=[world.leader_unit],
    )
    rng = random.Random(seed)
    units = [
        world.leader_unit,
        world.deputy_unit,
        world.member_unit,
        world.member_sub_unit,
        world.outside_unit,
    ]
    people: list[tuple[Person, Unit]] = []
    for i, unit in enumerate(units):
        for j in range(4):
            gender = "female" if (i + j) % 2 else "male"
            people.append((make_person(f"Người {i} {j}", unit, gender=gender), unit))
    individual_types = list(AwardType.objects.filter(recipient__in=["individual", "both"]))
    collective_types = list(AwardType.objects.filter(recipient__in=["collective", "both"]))
    commendations = [CommendationType.MOVEMENT, CommendationType.THEMATIC, CommendationType.AD_HOC]
    given: list[Given] = []
    seen: set[tuple[int, str, str, int, str]] = set()
    for year in range(2021, 2025):
        for person, unit in people:
            for _ in range(3):
                kind = rng.choice(individual_types)
                commendation = rng.choice(commendations)
                key = (person.pk, "p", kind.code, year, commendation)
                if key in seen:
                    continue
                seen.add(key)
                AwardRecord.objects.create(
                    person=person, award_type=kind, year=year, commendation_type=commendation
                )
                given.append(
                    Given(year, kind.code, kind.level, False, person.gender, unit.pk, commendation, unit.kind)
                )
        for unit in units:
            for _ in range(2):
                kind = rng.choice(collective_types)
                commendation = rng.choice(commendations)
                key = (unit.pk, "u", kind.code, year, commendation)
                if key in seen:
                    continue
                seen.add(key)
                AwardRecord.objects.create(
                    unit=unit, award_type=kind, year=year, commendation_type=commendation
                )
                given.append(Given(year, kind.code, kind.level, True, "", unit.pk, commendation, unit.kind))
    # A voided record never counts.
    voided = AwardRecord.objects.filter(person__isnull=False).first()
    assert voided is not None
    AwardRecord.objects.filter(pk=voided.pk).update(voided_at="2025-01-01T00:00:00Z")
    owner = voided.person
    assert owner is not None
    unit_of = next(u for p, u in people if p.pk == owner.pk)
    given.remove(
        Given(
            voided.year,
            voided.award_type.code,
            voided.award_type.level,
            False,
            owner.gender,
            unit_of.pk,
            voided.commendation_type,
            unit_of.kind,
        )
    )
    return given
