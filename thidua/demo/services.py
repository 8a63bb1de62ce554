"""Loads the demo world; running it again changes nothing."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable

from django.db import transaction

from thidua.accounts.models import Role, User
from thidua.blocks import services as block_services
from thidua.blocks.models import Block, BlockYear, MemberRole
from thidua.demo import data
from thidua.demo.awards import load_awards_demo, load_eligibility_demo
from thidua.demo.certificates import load_certificates_demo
from thidua.demo.conferences import load_conferences
from thidua.demo.dates import backdate
from thidua.demo.history import load_history
from thidua.demo.proposals import load_proposals_demo
from thidua.demo.recorded import load_recorded_demo
from thidua.demo.reports import load_reports_demo
from thidua.demo.scoring import load_seed_000_scoring
from thidua.orgs import services as org_services
from thidua.orgs.models import Person, Unit, UnitLineage


@transaction.atomic
def load_demo(log: Callable[[str], None] = print) -> dict[str, int]:
    """Create what is missing of the demo world; existing records are left as they are."""
    created = {
        "units": 0,
        "lineage": 0,
        "blocks": 0,
        "block_years": 0,
        "people": 0,
        "accounts": 0,
        "rankings": 0,
        "conferences": 0,
    }
    started = time.monotonic()

    def step(what: str) -> None:
        # A newcomer's first `make demo` takes about a minute: say what is being loaded (issue 15 item 12).
        log(f"  [{time.monotonic() - started:5.1f} s] {what}")

    step("units, blocks and people of the five seed articles")
    units = _load_units(created)
    _load_lineage(units, created)
    blocks = _load_blocks(units, created)
    _load_block_years(blocks, units, created)
    _load_people(units, created)
    _load_accounts(units, created)
    step("seed 000: covenant, scorecards and the 2022 ranking")
    if load_seed_000_scoring():
        created["rankings"] += 1
    step("conferences and their secret ballots")
    created["conferences"] += load_conferences()
    step("award history and proposal dossiers")
    created["award_history"] = load_awards_demo()
    created["proposal_dossiers"] = load_proposals_demo()
    step("eligibility, recorded minutes and ten years of history")
    created["eligibility_batches"] = load_eligibility_demo()
    created["recorded_minutes"] = load_recorded_demo()
    created["history_awards"] = load_history()
    step("reports and certificates")
    created["news_drafts"] = load_reports_demo()
    created["certificate_prints"] = load_certificates_demo()
    step("the replayed events dated by the articles")
    backdate()
    step("done")
    log("Demo data: " + ", ".join(f"{count} {name} added" for name, count in created.items()))
    return created


def _load_units(created: dict[str, int]) -> dict[str, Unit]:
    units = {u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in data.UNITS])}
    for code, name, kind, level, parent, place in data.UNITS:
        if code in units:
            continue
        units[code] = org_services.create_unit(
            actor=None,
            code=code,
            name=name,
            kind=kind,
            level=level,
            parent=units[parent] if parent else None,
            place_name=place,
        )
        created["units"] += 1
    return units


def _load_lineage(units: dict[str, Unit], created: dict[str, int]) -> None:
    for predecessors, successor, kind, day, decision, inherits in data.LINEAGE:
        if UnitLineage.objects.filter(
            successor=units[successor], predecessor__code__in=predecessors
        ).exists():
            continue
        org_services.add_lineage(
            actor=None,
            predecessors=[units[code] for code in predecessors],
            successor=units[successor],
            kind=kind,
            date=datetime.date.fromisoformat(day),
            decision=decision,
            inherits_history=inherits,
        )
        created["lineage"] += len(predecessors)


def _load_blocks(units: dict[str, Unit], created: dict[str, int]) -> dict[str, Block]:
    blocks = {b.code: b for b in Block.objects.filter(code__in=[row[0] for row in data.BLOCKS])}
    for code, name, kind, level, managing, description in data.BLOCKS:
        if code in blocks:
            continue
        blocks[code] = block_services.create_block(
            actor=None,
            code=code,
            name=name,
            kind=kind,
            level=level,
            managing_body=units[managing],
            description=description,
        )
        created["blocks"] += 1
    return blocks


def _load_block_years(blocks: dict[str, Block], units: dict[str, Unit], created: dict[str, int]) -> None:
    existing = set(BlockYear.objects.filter(block__in=blocks.values()).values_list("block__code", "year"))
    for block_code, years in data.BLOCK_YEARS.items():
        for year in sorted(years):
            if (block_code, year) in existing:
                continue
            members, leader, deputies = years[year]
            block_services.set_block_year(
                actor=None,
                block=blocks[block_code],
                year=year,
                members=[units[code] for code in members],
                leader=units[leader],
                deputies=[units[code] for code in deputies],
            )
            created["block_years"] += 1


def _national_id(unit_code: str, gender: str, birth: datetime.date, serial: int) -> str:
    """A well-formed CCCD: province code, gender-and-century digit, birth year, six digits."""
    province = data.ID_PROVINCE[unit_code.split("-")[0]]
    century_digit = (0 if birth.year < 2000 else 2) + (1 if gender == "female" else 0)
    return f"{province}{century_digit}{birth.year % 100:02d}{serial:06d}"


def _load_people(units: dict[str, Unit], created: dict[str, int]) -> None:
    member_codes = sorted(
        {code for years in data.BLOCK_YEARS.values() for m, _, _ in years.values() for code in m}
    )
    rng = random.Random(2022)  # fixed seed: the same people every time
    wanted: list[tuple[str, str, str, str, datetime.date, str]] = []
    for index, code in enumerate(member_codes):
        unit = units[code]
        titles = data.POSITIONS if unit.kind == "party_agency" else data.STATE_POSITIONS
        for slot, title in enumerate(titles):
            gender = "female" if rng.random() < 0.5 else "male"
            middle = rng.choice(data.FEMALE_MIDDLE if gender == "female" else data.MALE_MIDDLE)
            given = rng.choice(data.FEMALE_GIVEN if gender == "female" else data.MALE_GIVEN)
            name = f"{rng.choice(data.FAMILY_NAMES)} {middle} {given}"
            birth = datetime.date(rng.randint(1968, 1995), rng.randint(1, 12), rng.randint(1, 28))
            wanted.append(
                (name, gender, code, title, birth, _national_id(code, gender, birth, index * 10 + slot + 1))
            )
    for serial, (name, gender, code, title) in enumerate(data.NAMED_PEOPLE, start=900):
        birth = datetime.date(1975 + serial % 7, 5, 15)
        wanted.append((name, gender, code, title, birth, _national_id(code, gender, birth, serial)))

    existing = set(
        Person.objects.filter(national_id__in=[w[5] for w in wanted]).values_list("national_id", flat=True)
    )
    for name, gender, code, title, birth, national_id in wanted:
        if national_id in existing:
            continue
        org_services.create_person(
            actor=None,
            unit=units[code],
            position_title=title,
            position_start=datetime.date(2019, 1, 1),
            allow_duplicate=True,
            full_name=name,
            gender=gender,
            birth_date=birth,
            national_id=national_id,
            civil_servant_code="",
        )
        created["people"] += 1


def _load_accounts(units: dict[str, Unit], created: dict[str, int]) -> None:
    for username, full_name, role, unit_code, _what in data.ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            full_name=full_name,
            role=role,
            unit=units[unit_code] if unit_code else None,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        user.set_password(data.PASSWORD)
        user.save()
        created["accounts"] += 1


def leader_of(block_code: str, year: int) -> Unit | None:
    """The leading unit of a demo block year (used by tests and the README check)."""
    block_year = BlockYear.objects.filter(block__code=block_code, year=year).first()
    if block_year is None:
        return None
    membership = block_year.memberships.filter(role=MemberRole.LEADER).select_related("unit").first()
    return membership.unit if membership else None
