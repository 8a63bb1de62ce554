"""The eligibility engine: pure rule functions over the facts of `facts.py`.

For a candidate, a title or form and a year, `evaluate` answers eligible, not eligible or needs a
human check, and explains each condition with its rule ID (docs/rules.md), the article, the records
it used and what is missing. A batch (`batch.py`) decides only the status and the failed rules of
each verdict: for people, set-wise over columns of facts (`setwise.py`), and with `statuses.py` for
the people and collectives the columns do not model; both mirror the rule functions here title by
title (a change here is a change there; tests/test_statuses.py, tests/test_setwise.py and
tests/test_batch.py compare them, so the batch result equals the single result for every candidate).

Overall verdict: not eligible when any condition is not met; otherwise "needs a human check" when a
condition is qualitative (only people can judge it); otherwise eligible.

Two readings of law.md that the code makes explicit:
- "Title T holds in year y" means an award record of T for y (movement or merit type, R-GEN-06) in a
  year not affected by discipline (R-GEN-02); for the year being evaluated, a title not yet decided
  also holds when the engine finds the candidate eligible for it now (both are proposed together).
- Maternity leave (R-GEN-03, NĐ 152/2025 Art 4(5)): a year the person was away on leave without any
  rating neither breaks nor counts in a chain of consecutive titles, and counts as rated in a run of
  ratings; a year inside the leave that was rated without the title breaks the chain like any other.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from thidua.awards.facts import (
    AwardFact,
    InitiativeFact,
    PeriodFact,
    PersonFacts,
    UnitFacts,
    World,
    load_people,
    load_units,
    new_world,
    year_end,
)
from thidua.awards.messages import NOTES, REF_KINDS, SHORT, Msg, render
from thidua.awards.models import (
    RATING_RANK,
    AwardTypeVersion,
    CapBase,
    CapRounding,
    Case,
    CaseKind,
    Discipline,
    DisciplineCountsFrom,
    DisciplineLevel,
    EligibilitySettings,
    EvidenceKind,
    RatingLevel,
    VerdictStatus,
)
from thidua.orgs.models import LineageKind, Person

MET, NOT_MET, CHECK, INFO = "met", "not_met", "check", "info"
ELIGIBLE, NOT_ELIGIBLE, NEEDS_CHECK = "eligible", "not_eligible", "needs_check"
STATUS_RANK = {NOT_ELIGIBLE: 0, NEEDS_CHECK: 1, ELIGIBLE: 2}
GOOD = RATING_RANK[RatingLevel.GOOD]
EXCELLENT = RATING_RANK[RatingLevel.EXCELLENT]
COMPLETED = RATING_RANK[RatingLevel.COMPLETED]
# R-GEN-06: ad-hoc and thematic awards never count as prerequisites of merit awards.
PREREQUISITE_TYPES = frozenset({"movement", "merit"})
LEVEL_RANK = {"grassroots": 1, "province": 2, "national": 3}
LAW = "Luật TĐKT 06/2022/QH15"
ND152_4 = "NĐ 152/2025/NĐ-CP Điều 4"
ND98_4 = "NĐ 98/2023/NĐ-CP Điều 4"
ND152_FROM = datetime.date(2025, 7, 1)


def decree_4(on: datetime.date, paragraph: int) -> str:
    """D1 (R-VER-02): the article of the general principles (R-GEN-01, R-GEN-02, R-GEN-06) in the
    decree in force on the evaluation date: NĐ 98/2023 Điều 4 until 30/06/2025 (its paragraphs were
    not read, law.md §10, so none is cited), NĐ 152/2025 Điều 4(`paragraph`) from 01/07/2025."""
    return ND98_4 if on < ND152_FROM else f"{ND152_4}({paragraph})"


INDIVIDUAL_CODES = ("LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_TTG")
COLLECTIVE_CODES = (
    "TTLDTT",
    "TTLDXS",
    "CO_TD_TINH",
    "CO_TD_CP",
    "GIAY_KHEN",
    "BK_TINH",
    "BK_TTG",
    "XA_TIEU_BIEU",
    "THON_VAN_HOA",
)


@dataclass(slots=True)
class Ref:
    """A record a condition used: its kind (award, rating, ...), id and a short neutral label."""

    kind: str
    id: int
    label: str

    @property
    def kind_label(self) -> str:
        return str(REF_KINDS.get(self.kind, self.kind))

    @property
    def text(self) -> str:
        """The label in the current language (a rating's label is stored as "year: code")."""
        if self.kind == "rating" and ": " in self.label:
            year, code = self.label.split(": ", 1)
            return f"{year}: {RatingLevel(code).label}" if code in RatingLevel.values else self.label
        return self.label


@dataclass(slots=True)
class Condition:
    rule: str
    article: str
    status: str
    key: str
    params: dict[str, Any]
    records: tuple[Ref, ...] = ()

    @property
    def text(self) -> str:
        return render(self.key, self.params)

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.rule,
            self.article,
            self.status,
            self.key,
            sorted(self.params.items(), key=str),
            self.records,
        )


@dataclass
class Verdict:
    """The answer for one candidate, title or form and year, with every condition explained."""

    candidate: tuple[str, int]  # ("person" | "unit", id)
    code: str
    year: int
    on: datetime.date
    status: str
    conditions: list[Condition]
    citation: str = ""
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    newer: Verdict | None = None  # R-VER-01: the result under a newer, more favourable rule

    @property
    def status_label(self) -> str:
        return str(VerdictStatus(self.status).label)

    @property
    def records(self) -> list[Ref]:
        return [ref for condition in self.conditions for ref in condition.records]

    @property
    def failed_rules(self) -> list[str]:
        return sorted({c.rule for c in self.conditions if c.status == NOT_MET})

    @property
    def note_texts(self) -> list[str]:
        return [render(key, params, NOTES) for key, params in self.notes]

    def signature(self) -> tuple[Any, ...]:
        """Everything that must be equal between a batch and a single evaluation."""
        return (
            self.candidate,
            self.code,
            self.year,
            self.on,
            self.status,
            [c.as_tuple() for c in self.conditions],
            self.newer.signature() if self.newer else None,
        )


@dataclass
class Context:
    """What a rule reads besides the facts: the year, the date of the proposal, the settings and the
    catalogue versions in force on that date."""

    year: int
    on: datetime.date
    settings: EligibilitySettings
    versions: dict[str, AwardTypeVersion]
    world: World
    newer_dates: dict[str, list[datetime.date]]


def settings_on(day: datetime.date) -> EligibilitySettings:
    """The settings row in force on `day`, or law.md's defaults (unsaved) when the board set none."""
    return EligibilitySettings.objects.filter(valid_from__lte=day).order_by("-valid_from").first() or (
        EligibilitySettings(valid_from=datetime.date(2024, 1, 1))
    )


def default_on(year: int) -> datetime.date:
    """R-VER-01: the date the dossier is received; by default the last day of the year evaluated."""
    return year_end(year)


def context(world: World, on: datetime.date) -> Context:
    """The context of a date, built once per world (one query for settings, one for versions)."""
    if on in world.contexts:
        return world.contexts[on]
    versions: dict[str, AwardTypeVersion] = {}
    later: dict[str, list[datetime.date]] = {}
    today = timezone.localdate()
    for version in AwardTypeVersion.objects.select_related("award_type"):
        code = version.award_type.code
        if version.covers(on):
            versions[code] = version
        elif on < version.valid_from <= today:
            later.setdefault(code, []).append(version.valid_from)
    ctx = Context(world.year, on, settings_on(on), versions, world, later)
    world.contexts[on] = ctx
    return ctx


# -- shared conditions ------------------------------------------------------------------------------


def _award_label(fact: AwardFact) -> str:
    label = f"{SHORT.get(fact.code, fact.code)} {fact.year}"
    if fact.number:
        label += f" ({fact.number})"
    if fact.owner:
        label += f" — {fact.owner}"
    return label


def _rating_label(year: int, rating: str) -> str:
    """Language-neutral (Ref.text translates it): the rules never call gettext."""
    return f"{year}: {rating}"


def case_blocks(
    kind: str, opened: datetime.date, closed: datetime.date | None, on: datetime.date, kinds: Any
) -> bool:
    """R-GEN-01, R-BLK-07 (D10): a case of a blocking kind (`kinds`, the province's setting) is open on
    `on` from the day it was opened until the day before it was closed. The only statement of "a case
    is open": the rules, the batch and `blocking_conditions` all ask it."""
    return kind in kinds and opened <= on and (closed is None or on < closed)


def open_cases(cases: list[PeriodFact], ctx: Context) -> list[PeriodFact]:
    """The cases of `cases` that block a proposal on the context's date (`case_blocks`)."""
    kinds = ctx.settings.blocking_case_kinds
    return [c for c in cases if case_blocks(c.kind, c.start, c.end, ctx.on, kinds)]


def _gen01(cases: list[PeriodFact], ctx: Context, *, unit: bool) -> Condition:
    """R-GEN-01 (NĐ 152/2025 Art 4(4), D10); for a unit also R-BLK-07: no proposal while a case is open."""
    rule = "R-GEN-01, R-BLK-07" if unit else "R-GEN-01"
    found = open_cases(cases, ctx)
    if not found:
        return Condition(rule, decree_4(ctx.on, 4), MET, "no_case", {"on": ctx.on})
    refs = tuple(Ref("case", c.id, f"{CaseKind(c.kind).label} ({c.start:%d/%m/%Y})") for c in found)
    return Condition(
        rule,
        decree_4(ctx.on, 4),
        NOT_MET,
        "open_case",
        {"on": ctx.on, "cases": [r.label for r in refs]},
        refs,
    )


def tainted(
    discipline: list[PeriodFact], year: int, counts_from: str, on: datetime.date
) -> PeriodFact | None:
    """R-GEN-02 (NĐ 152/2025 Art 4(4)) with D11: the discipline period that keeps `year` from counting,
    if any. Only achievements after the end of a discipline period count, so every year up to the
    year the period ends is excluded, that year too unless `counts_from` is "same_year" and the period
    ended before 31/12. Only periods imposed by the evaluation date `on` are known to the proposal."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    found: PeriodFact | None = None
    for period in discipline:
        if period.start > on or period.end is None:
            continue
        if (
            period.end >= last if counts_from == DisciplineCountsFrom.SAME_YEAR else period.end >= first
        ) and (found is None or found.end is None or period.end > found.end):
            found = period
    return found


def excluded(discipline: list[PeriodFact], year: int, ctx: Context) -> PeriodFact | None:
    """`tainted` in the context's settings and on its date (R-GEN-02, D11)."""
    if not discipline:
        return None
    return tainted(discipline, year, ctx.settings.discipline_counts_from, ctx.on)


def _gen02(discipline: list[PeriodFact], ctx: Context) -> Condition:
    """R-GEN-02 (NĐ 152/2025 Art 4(4), D11): achievements count only after the discipline period."""
    period = excluded(discipline, ctx.year, ctx)
    if period is None or period.end is None:
        return Condition("R-GEN-02", decree_4(ctx.on, 4), MET, "no_discipline", {"year": ctx.year})
    ref = Ref(
        "discipline",
        period.id,
        f"{DisciplineLevel(period.kind).label} {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}",
    )
    return Condition(
        "R-GEN-02",
        decree_4(ctx.on, 4),
        NOT_MET,
        "disciplined",
        {"level": period.kind, "start": period.start, "end": period.end},
        (ref,),
    )


def _already(awards: dict[str, list[AwardFact]], code: str, year: int) -> Condition | None:
    """R-GEN-04 (Law Art 5(2)(c)): one achievement is not rewarded twice with the same title or form."""
    found = [a for a in awards.get(code, ()) if a.year == year]
    if not found:
        return None
    refs = tuple(Ref("award", a.id, _award_label(a)) for a in found)
    return Condition(
        "R-GEN-04",
        LAW + " Điều 5(2)(c)",
        NOT_MET,
        "already",
        {"code": code, "year": year, "records": [r.label for r in refs]},
        refs,
    )


def _maternity(person: PersonFacts, year: int) -> PeriodFact | None:
    """R-GEN-03: the leave overlapping `year`, if any."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for leave in person.maternity:
        if leave.start <= last and (leave.end is None or leave.end >= first):
            return leave
    return None


def _rating(ratings: dict[int, tuple[int, str]], year: int) -> tuple[int, int, str] | None:
    found = ratings.get(year)
    return (found[0], RATING_RANK[found[1]], found[1]) if found else None


def held(person: PersonFacts, code: str, year: int, ctx: Context) -> tuple[str, AwardFact | None]:
    """Whether `code` holds for the person in `year` (see the module docstring): MET with the record,
    "now" (eligible now, the evaluation year), CHECK, or NOT_MET."""
    for fact in person.awards.get(code, ()):
        if fact.year == year and fact.ctype in PREREQUISITE_TYPES:
            if excluded(person.discipline, year, ctx):
                return NOT_MET, fact
            return MET, fact
    if year == ctx.year:
        sub = evaluate_person(person, code, ctx)
        if sub.status == ELIGIBLE:
            return "now", None
        if sub.status == NEEDS_CHECK:
            return CHECK, None
    return NOT_MET, None


def usable(initiative: InitiativeFact, code: str, year: int, ctx: Context) -> str:
    """R-GEN-05 and R-GEN-08: "" when the initiative may ground `code` for `year`, else why not."""
    if initiative.evidence == EvidenceKind.UNCERTIFIED_COPY:
        return f"{initiative.title}: " + str(EvidenceKind.UNCERTIFIED_COPY.label).lower()
    kind = ctx.world.kinds.get(code, "")
    for _record, used_kind, used_code, used_year in initiative.uses:
        if used_code == code and used_year == year:
            continue  # the award being evaluated itself
        if ctx.settings.initiative_strict or used_kind == kind:
            return f"{initiative.title}: {SHORT.get(used_code, used_code)} {used_year}"
    return ""


def not_counted(fact: AwardFact, discipline: list[PeriodFact], ctx: Context) -> Msg | None:
    """Why a record of a prerequisite does not count, if it does not: an ad-hoc or thematic award
    (R-GEN-06, NĐ Điều 4(3)), or one of a year up to the end of a discipline period (R-GEN-02)."""
    if fact.ctype not in PREREQUISITE_TYPES:
        return Msg.of("not_counted_type", record=_award_label(fact), type=fact.ctype)
    period = excluded(discipline, fact.year, ctx)
    if period is not None:
        return Msg.of("not_counted_discipline", record=_award_label(fact), end=period.end)
    return None


def _excluded_note(reasons: list[Msg]) -> Msg | str:
    """The records named with the reason they do not count ("Not counted: ...")."""
    return Msg.of("not_counted", records=tuple(reasons)) if reasons else ""


def _unusable_note(reasons: list[str]) -> str:
    return (" (" + "; ".join(reasons) + ")") if reasons else ""


def _chain(
    person: PersonFacts, code: str, length: int, end: int, ctx: Context
) -> tuple[str, list[int], Condition]:
    """`length` consecutive years of `code` ending in `end`. R-GEN-03 (NĐ 152/2025 Art 4(5)): only a
    year of maternity leave without any rating is skipped; a year rated without the title breaks it."""
    years: list[int] = []
    missing: list[int] = []
    skipped: list[int] = []
    refs: list[Ref] = []
    reasons: list[Msg] = []
    status = MET
    year = end
    while len(years) + len(missing) < length and year > end - length - 3:
        state, fact = held(person, code, year, ctx)
        if state in (MET, "now"):
            years.append(year)
            if fact is not None:
                refs.append(Ref("award", fact.id, _award_label(fact)))
        elif state == CHECK:
            years.append(year)
            status = CHECK
        elif (
            len(skipped) < 2
            and year not in person.ratings
            and (leave := _maternity(person, year)) is not None
        ):
            skipped.append(year)
            refs.append(Ref("maternity", leave.id, f"{leave.start:%d/%m/%Y}–{leave.end:%d/%m/%Y}"))
        else:
            missing.append(year)
            for record in person.awards.get(code, ()):
                reason = not_counted(record, person.discipline, ctx) if record.year == year else None
                if reason is not None:
                    reasons.append(reason)
                    refs.append(Ref("award", record.id, _award_label(record)))
        year -= 1
    window = sorted(years + missing)
    skip = Msg.of("skipped_maternity", years=tuple(sorted(skipped))) if skipped else ""
    params = {
        "code": code,
        "years": window,
        "missing": sorted(missing),
        "skipped": skip,
        "excluded": _excluded_note(sorted(reasons, key=str)) if missing else "",
    }
    if missing:
        return NOT_MET, window, Condition("", "", NOT_MET, "chain_missing", params, tuple(refs))
    return status, window, Condition("", "", status, "chain_ok", params, tuple(refs))


def _initiatives(
    person: PersonFacts, code: str, ctx: Context, *, first: int, last: int, level: str, kinds: tuple[str, ...]
) -> tuple[list[InitiativeFact], list[str]]:
    """Usable initiatives of at least `level`, recognised between `first` and `last`."""
    found, reasons = [], []
    minimum = LEVEL_RANK[level]
    for initiative in person.initiatives:
        if initiative.kind not in kinds or not first <= initiative.year <= last:
            continue
        if LEVEL_RANK[initiative.level] < minimum:
            continue
        reason = usable(initiative, code, ctx.year, ctx)
        if reason:
            reasons.append(reason)
        else:
            found.append(initiative)
    return found, reasons


def _init_ref(initiative: InitiativeFact) -> Ref:
    return Ref("initiative", initiative.id, f"{initiative.title} ({initiative.year})")


# -- individual titles ------------------------------------------------------------------------------


def _person_common(person: PersonFacts, code: str, ctx: Context) -> list[Condition]:
    """R-GEN-01 and R-GEN-02 (computed once per person and date, shared by every title), R-GEN-04."""
    key = ("common", ctx.on)
    shared = person.memo.get(key)
    if shared is None:
        shared = person.memo[key] = (_gen01(person.cases, ctx, unit=False), _gen02(person.discipline, ctx))
    conditions = list(shared)
    already = _already(person.awards, code, ctx.year)
    if already:
        conditions.append(already)
    return conditions


def _rating_condition(person: PersonFacts, ctx: Context, rule: str, article: str) -> Condition:
    found = _rating(person.ratings, ctx.year)
    if found is None:
        leave = _maternity(person, ctx.year)
        if leave is not None:
            ref = Ref("maternity", leave.id, f"{leave.start:%d/%m/%Y}–{leave.end:%d/%m/%Y}")
            return Condition(
                rule + ", R-GEN-03", article, CHECK, "rating_maternity", {"year": ctx.year}, (ref,)
            )
        return Condition(rule, article, NOT_MET, "rating_missing", {"year": ctx.year})
    pk, rank, rating = found
    ref = Ref("rating", pk, _rating_label(ctx.year, rating))
    key = "rating_ok" if rank >= GOOD else "rating_low"
    return Condition(
        rule, article, MET if rank >= GOOD else NOT_MET, key, {"rating": rating, "year": ctx.year}, (ref,)
    )


def rule_ldtt(person: PersonFacts, ctx: Context, code: str = "LDTT") -> list[Condition]:
    """R-IND-01 (Law Art 24(1), (2), (4)): rated well completed duties or better in the year; Lao động
    tiên tiến outside the armed forces, Chiến sĩ tiên tiến inside; the province's exclusion on months
    worked when set ([U], off by default)."""
    conditions = _person_common(person, code, ctx)
    armed = person.unit_kind == "armed_forces"
    if code == "LDTT" and armed:
        conditions.append(
            Condition("R-IND-01", LAW + " Điều 24(2)", NOT_MET, "armed_forces_ldtt", {"year": ctx.year})
        )
    if code == "CSTT" and not armed:
        conditions.append(Condition("R-IND-01", LAW + " Điều 24(2)", NOT_MET, "not_armed_forces", {}))
    conditions.append(_rating_condition(person, ctx, "R-IND-01", LAW + " Điều 24(1)"))
    minimum = ctx.settings.ldtt_min_months
    if minimum:
        months = months_worked(person, ctx.year)
        status = MET if months >= minimum else NOT_MET
        conditions.append(
            Condition(
                "R-IND-01",
                LAW + " Điều 24(4)",
                status,
                "months_short",
                {"months": months, "year": ctx.year, "min": minimum},
            )
        )
    return conditions


def months_worked(person: PersonFacts, year: int) -> int:
    """R-IND-01 (Law Art 24(4)): whole months worked in `year` since the first position began (a month
    counts when the position starts on its first day)."""
    start = person.first_start
    if start is None or start.year < year:
        return 12
    if start.year > year:
        return 0
    return 12 - start.month + (1 if start.day == 1 else 0)


def ldtt_standard(person: PersonFacts, year: int) -> bool:
    """R-IND-02, R-COL-01: the standard of Lao động tiên tiến in `year` (the title, or a rating of
    well completed duties or better)."""
    for code in ("LDTT", "CSTT"):
        for fact in person.awards.get(code, ()):
            if fact.year == year:
                return True
    found = person.ratings.get(year)
    return found is not None and RATING_RANK[found[1]] >= GOOD


def _ldtt_standard(person: PersonFacts, year: int) -> tuple[bool, tuple[Ref, ...]]:
    """`ldtt_standard` with the record it rests on."""
    for code in ("LDTT", "CSTT"):
        for fact in person.awards.get(code, ()):
            if fact.year == year:
                return True, (Ref("award", fact.id, _award_label(fact)),)
    found = _rating(person.ratings, year)
    if found and found[1] >= GOOD:
        return True, (Ref("rating", found[0], _rating_label(year, found[2])),)
    return False, ()


def rule_cstdcs(person: PersonFacts, ctx: Context) -> list[Condition]:
    """R-IND-02 (Law Art 23), R-IND-03 (no cap unless set; when set, computed from the deciding unit's
    counts), D9 (both grounds from a date), R-GEN-05 and R-GEN-08 (the initiative is usable and
    certified)."""
    year = ctx.year
    article = LAW + " Điều 23"
    conditions = _person_common(person, "CSTDCS", ctx)
    ok, refs = _ldtt_standard(person, year)
    conditions.append(
        Condition(
            "R-IND-02",
            article + "(1)",
            MET if ok else NOT_MET,
            "ldtt_standard_ok" if ok else "ldtt_standard_missing",
            {"year": year},
            refs,
        )
    )
    grounds: list[Any] = []
    ground_refs: list[Ref] = []
    found = _rating(person.ratings, year)
    excellent = found is not None and found[1] == EXCELLENT
    if excellent and found:
        grounds.append(Msg.of("excellent"))
        ground_refs.append(Ref("rating", found[0], _rating_label(year, found[2])))
    usable_now, reasons = _initiatives(
        person,
        "CSTDCS",
        ctx,
        first=year,
        last=year,
        level="grassroots",
        kinds=("initiative", "science", "combat"),
    )
    for initiative in usable_now:
        grounds.append(initiative.title)
        ground_refs.append(_init_ref(initiative))
    both_from = ctx.settings.cstdcs_both_from
    if both_from is not None and ctx.on >= both_from:
        has_initiative = any(i.kind == "initiative" for i in usable_now)
        missing = []
        if not excellent:
            missing.append(Msg.of("excellent"))
        if not has_initiative:
            missing.append(Msg.of("an_initiative"))
        if missing:
            conditions.append(
                Condition(
                    "R-IND-02",
                    article + "(2); D9",
                    NOT_MET,
                    "cstdcs_both_missing",
                    {"from": both_from, "year": year, "missing": missing},
                    tuple(ground_refs),
                )
            )
        else:
            conditions.append(
                Condition(
                    "R-IND-02",
                    article + "(2); D9",
                    MET,
                    "cstdcs_ground_ok",
                    {"year": year, "grounds": grounds},
                    tuple(ground_refs),
                )
            )
    elif grounds:
        conditions.append(
            Condition(
                "R-IND-02",
                article + "(2)",
                MET,
                "cstdcs_ground_ok",
                {"year": year, "grounds": grounds},
                tuple(ground_refs),
            )
        )
    else:
        conditions.append(
            Condition(
                "R-IND-02, R-GEN-05",
                article + "(2)",
                NOT_MET,
                "cstdcs_ground_missing",
                {"year": year, "unusable": _unusable_note(reasons)},
            )
        )
    if ctx.settings.cstdcs_cap_pct:
        conditions.append(_cap(person, ctx, article))
    return conditions


def cap_of(pct: int, count: int, rounding: str) -> int:
    """R-IND-03: `pct` per cent of `count`, rounded as the setting says (exact integer arithmetic)."""
    if rounding == CapRounding.UP:
        return -(-pct * count // 100)
    if rounding == CapRounding.NEAREST:
        return (2 * pct * count + 100) // 200
    return pct * count // 100


def cap_state(person: PersonFacts, ctx: Context) -> tuple[int, int, int] | None:
    """R-IND-03: (the count the cap is a share of, the cap, the other people of the deciding unit
    holding Chiến sĩ thi đua cơ sở for the year), or None when the person has no unit on 31/12."""
    counts = person.unit_counts
    if counts is None:
        return None
    settings = ctx.settings
    count = counts.rated if settings.cstdcs_cap_base == CapBase.RATED else counts.ldtt
    own = any(fact.year == ctx.year for fact in person.awards.get("CSTDCS", ()))
    return (
        count,
        cap_of(settings.cstdcs_cap_pct or 0, count, settings.cstdcs_cap_rounding),
        counts.cstdcs - own,
    )


def _cap(person: PersonFacts, ctx: Context, article: str) -> Condition:
    """R-IND-03 (Law Art 23; the share, its base and its rounding are settings): the unit deciding the
    title stays within the cap; this proposal fits when the others already recorded leave room."""
    settings = ctx.settings
    state = cap_state(person, ctx)
    pct = settings.cstdcs_cap_pct
    if state is None:
        return Condition("R-IND-03", article, CHECK, "cap_no_unit", {"pct": pct, "year": ctx.year})
    count, cap, others = state
    counts = person.unit_counts
    assert counts is not None
    params = {
        "unit": counts.unit,
        "count": count,
        "base": Msg.of("cap_base_" + settings.cstdcs_cap_base),
        "year": ctx.year,
        "pct": pct,
        "cap": cap,
        "rounding": Msg.of("rounded_" + settings.cstdcs_cap_rounding),
        "others": others,
    }
    if others < cap:
        return Condition("R-IND-03", article, MET, "cap_ok", params)
    return Condition("R-IND-03", article, NOT_MET, "cap_full", params)


def rule_cstd_tinh(person: PersonFacts, ctx: Context) -> list[Condition]:
    """R-IND-05 (Law Art 22(1)-(2)) with D2: three consecutive Chiến sĩ thi đua cơ sở ending in the
    year, chain years not reused, and an initiative recognised as effective province-wide."""
    year = ctx.year
    article = LAW + " Điều 22"
    conditions = _person_common(person, "CSTD_TINH", ctx)
    status, window, chain = _chain(person, "CSTDCS", 3, year, ctx)
    chain.rule, chain.article = "R-IND-05", article + "(1)(a)"
    conditions.append(chain)
    if not ctx.settings.chain_reuse:
        earlier = [a for a in person.awards.get("CSTD_TINH", ()) if a.year < year and a.year >= min(window)]
        if earlier:
            refs = tuple(Ref("award", a.id, _award_label(a)) for a in earlier)
            conditions.append(
                Condition(
                    "R-IND-05",
                    article + "; D2",
                    NOT_MET,
                    "chain_reused",
                    {"years": window, "code": "CSTD_TINH", "used": [a.year for a in earlier]},
                    refs,
                )
            )
    first = min(window)
    found, reasons = _initiatives(
        person,
        "CSTD_TINH",
        ctx,
        first=first,
        last=year,
        level="province",
        kinds=("initiative", "science", "combat"),
    )
    if found:
        conditions.append(
            Condition(
                "R-IND-05",
                article + "(1)(b)",
                MET,
                "initiative_ok",
                {"scope": "province", "titles": [i.title for i in found]},
                tuple(_init_ref(i) for i in found),
            )
        )
    else:
        conditions.append(
            Condition(
                "R-IND-05, R-GEN-05",
                article + "(1)(b)",
                NOT_MET,
                "initiative_missing",
                {
                    "scope": "province",
                    "first": first,
                    "last": year,
                    "unusable": _unusable_note(reasons),
                },
            )
        )
    return conditions


def rule_cstd_tq(person: PersonFacts, ctx: Context) -> list[Condition]:
    """R-IND-07 (Law Art 21) with D2: Chiến sĩ thi đua tỉnh twice on back-to-back chains, the second in
    the year or the year before, and an initiative recognised as effective nationwide."""
    year = ctx.year
    article = LAW + " Điều 21"
    conditions = _person_common(person, "CSTD_TQ", ctx)
    pair: tuple[int, int] | None = None
    refs: list[Ref] = []
    found_years = []
    for second in (year, year - 1):
        state, fact = held(person, "CSTD_TINH", second, ctx)
        if state not in (MET, "now"):
            continue
        firsts = range(second - 3, second) if ctx.settings.chain_reuse else (second - 3,)
        for first in firsts:
            earlier = next(
                (
                    a
                    for a in person.awards.get("CSTD_TINH", ())
                    if a.year == first
                    and a.ctype in PREREQUISITE_TYPES
                    and not excluded(person.discipline, first, ctx)
                ),
                None,
            )
            if earlier is not None:
                pair = (first, second)
                refs = [Ref("award", earlier.id, _award_label(earlier))]
                if fact is not None:
                    refs.append(Ref("award", fact.id, _award_label(fact)))
                break
        if pair:
            break
    not_counting: list[Msg] = []
    for fact in person.awards.get("CSTD_TINH", ()):
        found_years.append(fact.year)
        reason = not_counted(fact, person.discipline, ctx)
        if reason is not None:
            not_counting.append(reason)
    if pair is None:
        found_text = ", ".join(str(y) for y in sorted(found_years)) or "—"
        conditions.append(
            Condition(
                "R-IND-07",
                article + "(1)(a); D2",
                NOT_MET,
                "flag_pair_missing",
                {
                    "prev": year - 1,
                    "year": year,
                    "found": found_text,
                    "excluded": _excluded_note(not_counting),
                },
            )
        )
        first_year = year - 5
    else:
        conditions.append(
            Condition(
                "R-IND-07", article + "(1)(a); D2", MET, "flag_pair_ok", {"years": list(pair)}, tuple(refs)
            )
        )
        first_year = pair[0] - 2
        used = [a for a in person.awards.get("CSTD_TQ", ()) if a.year >= pair[0] and a.year != year]
        if used:
            conditions.append(
                Condition(
                    "R-IND-07",
                    article,
                    NOT_MET,
                    "tq_used",
                    {"year": used[0].year},
                    (Ref("award", used[0].id, _award_label(used[0])),),
                )
            )
    found, reasons = _initiatives(
        person,
        "CSTD_TQ",
        ctx,
        first=first_year,
        last=year,
        level="national",
        kinds=("initiative", "science", "combat"),
    )
    if found:
        conditions.append(
            Condition(
                "R-IND-07",
                article + "(1)(b)",
                MET,
                "initiative_ok",
                {"scope": "national", "titles": [i.title for i in found]},
                tuple(_init_ref(i) for i in found),
            )
        )
    else:
        conditions.append(
            Condition(
                "R-IND-07, R-GEN-05",
                article + "(1)(b)",
                NOT_MET,
                "initiative_missing",
                {
                    "scope": "national",
                    "first": first_year,
                    "last": year,
                    "unusable": _unusable_note(reasons),
                },
            )
        )
    return conditions


def rule_bk_tinh_person(person: PersonFacts, ctx: Context) -> list[Condition]:
    """R-IND-08 (Law Art 74(1)(d)) with D4: point (d) is decided here; when it fails, the other
    points are grounds a person judges (needs a human check)."""
    year = ctx.year
    article = LAW + " Điều 74(1)(d)"
    conditions = _person_common(person, "BK_TINH", ctx)
    status, window, chain = _chain(person, "CSTDCS", 2, year, ctx)
    basis: Any = ""
    refs: list[Ref] = list(chain.records)
    missing: list[Msg] = []
    if status == MET:
        basis = Msg(chain.key, tuple(sorted(chain.params.items())))
    else:
        excellent = []
        out: list[Msg] = []
        for y in (year - 1, year):
            found = _rating(person.ratings, y)
            if found and found[1] == EXCELLENT:
                period = excluded(person.discipline, y, ctx)
                if period is None:
                    excellent.append(Ref("rating", found[0], _rating_label(y, found[2])))
                elif period.end is not None:
                    out.append(Msg.of("not_counted_year", year=y, end=period.end))
        if len(excellent) == 2:
            basis = Msg.of("excellent_years", years=(year - 1, year))
            refs = excellent
            window = [year - 1, year]
        else:
            missing.append(Msg(chain.key, tuple(sorted(chain.params.items()))))
            if out:
                missing.append(Msg.of("not_counted", records=tuple(out)))
    found_initiatives, reasons = _initiatives(
        person,
        "BK_TINH",
        ctx,
        first=min(window),
        last=year,
        level="grassroots",
        kinds=("initiative", "science"),
    )
    if len(found_initiatives) < 2:
        missing.append(
            Msg.of(
                "two_initiatives",
                found=len(found_initiatives),
                first=min(window),
                last=year,
                unusable=_unusable_note(reasons),
            )
        )
    refs += [_init_ref(i) for i in found_initiatives[:2]]
    if missing:
        conditions.append(
            Condition(
                "R-IND-08",
                article + "; D4",
                CHECK,
                "bk_d_missing",
                {"missing": missing},
                tuple(refs),
            )
        )
    else:
        conditions.append(
            Condition(
                "R-IND-08",
                article + "; D4",
                MET,
                "bk_d_ok",
                {"basis": basis, "titles": [i.title for i in found_initiatives[:2]]},
                tuple(refs),
            )
        )
    return conditions


def rule_bk_ttg_person(person: PersonFacts, ctx: Context) -> list[Condition]:
    """R-IND-09 (Law Art 73(1)(b)) with D7 and R-GEN-06: a movement or merit Bằng khen tỉnh in year B,
    then every year of the run rated well or better (maternity counts, R-GEN-03) with Chiến sĩ thi đua
    cơ sở at least 3 times; when it fails, the other points are judged by people."""
    year = ctx.year
    article = LAW + " Điều 73(1)(b)"
    pm_article = f"{article}; {decree_4(ctx.on, 3)}; D7"
    settings = ctx.settings
    conditions = _person_common(person, "BK_TTG", ctx)
    run = settings.pm_run_years
    last_pm = max((a.year for a in person.awards.get("BK_TTG", ()) if a.year < year), default=0)
    bases = sorted(
        (
            a
            for a in person.awards.get("BK_TINH", ())
            if a.ctype in PREREQUISITE_TYPES
            and a.year > last_pm
            and not excluded(person.discipline, a.year, ctx)
        ),
        key=lambda a: a.year,
        reverse=True,
    )
    rejected: list[Msg] = []  # the Bằng khen tỉnh recorded that cannot start the run, with the reason
    for record in person.awards.get("BK_TINH", ()):
        reason = not_counted(record, person.discipline, ctx)
        if reason is None and record.year <= last_pm:
            reason = Msg.of("not_counted_before_pm", record=_award_label(record), year=last_pm)
        if reason is not None:
            rejected.append(reason)
    first_miss: tuple[AwardFact, list[Msg]] | None = None
    for base in bases:
        first = base.year if settings.pm_run_counts_award_year else base.year + 1
        if year - first + 1 < run:
            rejected.append(Msg.of("not_counted_recent", record=_award_label(base), n=run, year=year))
            continue
        refs = [Ref("award", base.id, _award_label(base))]
        gaps, cstdcs = [], []
        for y in range(first, year + 1):
            found = _rating(person.ratings, y)
            if found and found[1] >= GOOD:
                refs.append(Ref("rating", found[0], _rating_label(y, found[2])))
            elif found is None and (leave := _maternity(person, y)) is not None:
                refs.append(Ref("maternity", leave.id, f"{leave.start:%d/%m/%Y}–{leave.end:%d/%m/%Y}"))
            else:
                gaps.append(y)
            state, fact = held(person, "CSTDCS", y, ctx)
            if state in (MET, "now"):
                cstdcs.append(y)
                if fact is not None:
                    refs.append(Ref("award", fact.id, _award_label(fact)))
        problems: list[Msg] = []
        if gaps:
            problems.append(Msg.of("rating_missing", year=tuple(gaps)))
        if len(cstdcs) < 3:
            problems.append(Msg.of("cstdcs_count", count=len(cstdcs), first=first, last=year))
        if not problems:
            conditions.append(
                Condition(
                    "R-IND-09, R-GEN-06",
                    pm_article,
                    MET,
                    "pm_ok",
                    {
                        "b": base.year,
                        "n": year - first + 1,
                        "first": first,
                        "last": year,
                        "count": len(cstdcs),
                        "years": cstdcs,
                    },
                    tuple(refs),
                )
            )
            return conditions
        if first_miss is None:
            first_miss = (base, problems)
    if first_miss is None and rejected:
        conditions.append(
            Condition(
                "R-IND-09, R-GEN-06",
                pm_article,
                CHECK,
                "pm_no_base",
                {"n": run, "year": year, "records": rejected},
                tuple(Ref("award", a.id, _award_label(a)) for a in person.awards.get("BK_TINH", ())),
            )
        )
    elif first_miss is None:
        conditions.append(
            Condition("R-IND-09, R-GEN-06", pm_article, CHECK, "pm_no_bk", {"n": run, "year": year})
        )
    else:
        base, problems = first_miss
        conditions.append(
            Condition(
                "R-IND-09, R-GEN-06",
                pm_article,
                CHECK,
                "pm_missing",
                {"b": base.year, "missing": problems},
                (Ref("award", base.id, _award_label(base)),),
            )
        )
    return conditions


def rule_giay_khen_person(person: PersonFacts, ctx: Context) -> list[Condition]:
    """Law Art 75 (Giấy khen): completes duties well (decided here); the achievements are judged by the head."""
    conditions = _person_common(person, "GIAY_KHEN", ctx)
    rating = _rating_condition(person, ctx, "Art 75", LAW + " Điều 75(1)")
    rating.rule = "Art 75"
    conditions.append(rating)
    if rating.status == MET:
        conditions.append(Condition("Art 75", LAW + " Điều 75(1)", CHECK, "giay_khen_check", {}))
    return conditions


# -- collective titles ------------------------------------------------------------------------------


def _unit_common(unit: UnitFacts, code: str, ctx: Context) -> list[Condition]:
    conditions = [_gen01(unit.cases, ctx, unit=True), _gen02(unit.discipline, ctx)]
    already = _already(unit.awards, code, ctx.year)
    if already:
        conditions.append(already)
    for link in unit.links:
        key = "lineage_carried" if link.carried else "lineage_not_carried"

        conditions.append(
            Condition(
                "D6",
                # Shown to officers as the condition's source: the province's setting, in words (D6).
                "Cài đặt của tỉnh về kế thừa thành tích khi hợp nhất, sáp nhập",
                INFO,
                key,
                {
                    "unit": link.predecessor,
                    "kind": str(LineageKind(link.kind).label).lower(),
                    "date": link.date,
                },
            )
        )
    return conditions


def _unit_rating(unit: UnitFacts, ctx: Context, needed: str, rule: str, article: str) -> Condition:
    found = _rating(unit.ratings, ctx.year)
    if found is None:
        return Condition(rule, article, NOT_MET, "unit_rating_missing", {"year": ctx.year, "needed": needed})
    pk, rank, rating = found
    ref = (Ref("rating", pk, _rating_label(ctx.year, rating)),)
    if rank >= RATING_RANK[needed]:
        return Condition(rule, article, MET, "unit_rating_ok", {"rating": rating, "year": ctx.year}, ref)
    return Condition(
        rule, article, NOT_MET, "unit_rating_low", {"rating": rating, "year": ctx.year, "needed": needed}, ref
    )


def _members(unit: UnitFacts, ctx: Context) -> list[PersonFacts]:
    people = ctx.world.people
    return [people[pk] for pk in unit.members if pk in people]


def _share(unit: UnitFacts, members: list[PersonFacts], ctx: Context, rule: str, article: str) -> Condition:
    """Exact arithmetic: count × 100 ≥ pct × headcount."""
    pct = ctx.settings.ldtt_share_pct
    total = len(members)
    counted = [Ref("person", person.id, person.name) for person in members if ldtt_standard(person, ctx.year)]
    count = len(counted)
    needed = -(-pct * total // 100)
    params = {
        "count": count,
        "total": total,
        "year": ctx.year,
        "pct": pct,
        "needed": needed,
        "counted": Msg.of("counted_names", names=tuple(r.label for r in counted)) if counted else "",
    }
    if count * 100 >= pct * total:
        return Condition(rule, article, MET, "share_ok", params, tuple(counted))
    return Condition(rule, article, NOT_MET, "share_low", params, tuple(counted))


def warnings_in(person: PersonFacts, year: int) -> list[PeriodFact]:
    """R-COL-01 (D5 for R-COL-02): the person's discipline periods of a warning or more in `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return [
        period
        for period in person.discipline
        if period.kind >= DisciplineLevel.WARNING
        and period.start <= last
        and period.end is not None
        and period.end >= first
    ]


def completed_duties(person: PersonFacts, year: int) -> bool:
    """R-COL-02, R-GEN-03: rated completed duties or better in `year`, or on maternity leave that year
    without a rating."""
    found = _rating(person.ratings, year)
    if found is None:
        return _maternity(person, year) is not None
    return found[1] >= COMPLETED


def _members_disciplined(members: list[PersonFacts], ctx: Context, rule: str, article: str) -> Condition:
    refs = []
    for person in members:
        for period in warnings_in(person, ctx.year):
            refs.append(Ref("discipline", period.id, f"{person.name}: {DisciplineLevel(period.kind).label}"))
    if refs:
        return Condition(
            rule,
            article,
            NOT_MET,
            "members_disciplined",
            {"year": ctx.year, "names": [r.label for r in refs]},
            tuple(refs),
        )
    return Condition(rule, article, MET, "members_clean", {"year": ctx.year})


def rule_ttldtt(unit: UnitFacts, ctx: Context) -> list[Condition]:
    """R-COL-01 (Law Art 28(1)): tasks completed well, at least 70% of members Lao động tiên tiến
    (a setting), no member disciplined with a warning or more in the year."""
    article = LAW + " Điều 28(1)"
    conditions = _unit_common(unit, "TTLDTT", ctx)
    conditions.append(_unit_rating(unit, ctx, RatingLevel.GOOD, "R-COL-01", article))
    members = _members(unit, ctx)
    if not members:
        conditions.append(Condition("R-COL-01", article, NOT_MET, "no_members", {"year": ctx.year}))
        return conditions
    conditions.append(_share(unit, members, ctx, "R-COL-01", article))
    conditions.append(_members_disciplined(members, ctx, "R-COL-01", article))
    return conditions


def rule_ttldxs(unit: UnitFacts, ctx: Context) -> list[Condition]:
    """R-COL-02 (Law Art 27(1)) with D5: tasks completed excellently, every member completed duties
    (maternity counts, R-GEN-03), at least 70% Lao động tiên tiến, at least one Chiến sĩ thi đua cơ sở."""
    article = LAW + " Điều 27(1)"
    conditions = _unit_common(unit, "TTLDXS", ctx)
    conditions.append(_unit_rating(unit, ctx, RatingLevel.EXCELLENT, "R-COL-02", article))
    members = _members(unit, ctx)
    if not members:
        conditions.append(Condition("R-COL-02", article, NOT_MET, "no_members", {"year": ctx.year}))
        return conditions
    short = [person.name for person in members if not completed_duties(person, ctx.year)]
    if short:
        conditions.append(
            Condition(
                "R-COL-02", article, NOT_MET, "not_all_completed", {"year": ctx.year, "names": short[:10]}
            )
        )
    else:
        conditions.append(
            Condition("R-COL-02", article, MET, "all_completed", {"year": ctx.year, "total": len(members)})
        )
    conditions.append(_share(unit, members, ctx, "R-COL-02", article))
    holders = []
    not_counting: list[Msg] = []  # members' titles of the year that do not count, with the reason
    for person in members:
        state, fact = held(person, "CSTDCS", ctx.year, ctx)
        if state in (MET, "now"):
            holders.append(Ref("person", person.id, person.name))
        for record in person.awards.get("CSTDCS", ()):
            reason = None
            if record.year == ctx.year:
                reason = not_counted(dataclasses.replace(record, owner=person.name), person.discipline, ctx)
            if reason is not None:
                not_counting.append(reason)
    if holders:
        conditions.append(
            Condition(
                "R-COL-02",
                article,
                MET,
                "member_cstdcs_ok",
                {"year": ctx.year, "names": [h.label for h in holders]},
                tuple(holders),
            )
        )
    else:
        conditions.append(
            Condition(
                "R-COL-02",
                article,
                NOT_MET,
                "member_cstdcs_missing",
                {"year": ctx.year, "excluded": _excluded_note(not_counting)},
            )
        )
    if ctx.settings.ttldxs_no_discipline:
        conditions.append(_members_disciplined(members, ctx, "R-COL-02", article + "; D5"))
    return conditions


def _leading(unit: UnitFacts, ctx: Context, rule: str, article: str) -> Condition:
    """R-COL-03 / R-COL-05: rank 1 of a block year of the year, in a block of a province or ministry."""
    ranks = [s for s in unit.standings if s.year == ctx.year]
    leading = [s for s in ranks if s.rank == 1]
    good = [s for s in leading if s.level in ("province", "central")]
    if good:
        refs = tuple(Ref("standing", s.id, f"{s.block} {s.year}: 1") for s in good)
        return Condition(
            rule, article, MET, "leading_ok", {"block": [s.block for s in good], "year": ctx.year}, refs
        )
    if leading:
        refs = tuple(Ref("standing", s.id, f"{s.block} {s.year}: 1") for s in leading)
        return Condition(
            rule,
            article,
            NOT_MET,
            "leading_low_level",
            {"block": [s.block for s in leading], "year": ctx.year},
            refs,
        )
    refs = tuple(Ref("standing", s.id, f"{s.block} {s.year}: {s.rank}") for s in ranks)
    standings = (" (" + "; ".join(r.label for r in refs) + ")") if refs else ""
    return Condition(
        rule, article, NOT_MET, "leading_missing", {"year": ctx.year, "standings": standings}, refs
    )


def rule_co_td_tinh(unit: UnitFacts, ctx: Context) -> list[Condition]:
    """R-COL-03 (Law Art 26(1)) with D13 and D3: the block's leading unit (Standing rank 1), within the
    block's flag quota (the province's flags per block, or more when the block lets several units share
    the lead); the qualitative standards need a human check."""
    article = LAW + " Điều 26(1)"
    conditions = _unit_common(unit, "CO_TD_TINH", ctx)
    leading = _leading(unit, ctx, "R-COL-03", article)
    conditions.append(leading)
    for standing in unit.standings:
        if standing.year != ctx.year or standing.rank != 1:
            continue
        # A block that lets N units share the lead (its leading_units_max, issue 12 item 6) has room for
        # N flags, whatever the province's usual number per block (D13).
        quota = max(ctx.settings.flags_per_block, standing.leading_units_max)
        taken = unit.flags_taken.get(standing.block_year_id, [])
        if len(taken) >= quota:
            refs = tuple(Ref("award", fact.id, f"{name}: {_award_label(fact)}") for name, fact in taken)
            conditions.append(
                Condition(
                    "R-COL-03",
                    article + "; D13",
                    NOT_MET,
                    "quota_used",
                    {"n": quota, "year": ctx.year, "units": [n for n, _f in taken]},
                    refs,
                )
            )
        else:
            conditions.append(Condition("R-COL-03", article + "; D13", MET, "quota_free", {"year": ctx.year}))
        break
    conditions.append(Condition("R-COL-03", article + "; D3", CHECK, "flag_standards", {"article": "26(1)"}))
    return conditions


def rule_co_td_cp(unit: UnitFacts, ctx: Context) -> list[Condition]:
    """R-COL-05 (Law Art 25) with D3 and D12: a leading unit of a province or ministry block in the year
    (a province flag for the same year does not prevent it); the cap when set; qualitative standards
    need a human check."""
    article = LAW + " Điều 25(1)"
    conditions = _unit_common(unit, "CO_TD_CP", ctx)
    conditions.append(_leading(unit, ctx, "R-COL-05", article))
    if ctx.settings.government_flag_cap_pct:
        conditions.append(
            Condition("R-COL-05", article, CHECK, "cp_cap", {"pct": ctx.settings.government_flag_cap_pct})
        )
    conditions.append(Condition("R-COL-05", article + "; D3", CHECK, "flag_standards", {"article": "25(1)"}))
    return conditions


def rule_bk_tinh_unit(unit: UnitFacts, ctx: Context) -> list[Condition]:
    """R-COL-06 (Law Art 74(2)): excellently completed tasks or Tập thể lao động xuất sắc in the year and
    the year before, and then its qualitative conditions are judged by people (needs a human check,
    never "eligible" on the years alone); when the years fail, other grounds are judged by people."""
    year = ctx.year
    article = LAW + " Điều 74(2)"
    conditions = _unit_common(unit, "BK_TINH", ctx)
    refs, missing, out = [], [], []
    for y in (year - 1, year):
        found = _rating(unit.ratings, y)
        award = next((a for a in unit.awards.get("TTLDXS", ()) if a.year == y), None)
        period = excluded(unit.discipline, y, ctx)
        if period is not None and period.end is not None:
            missing.append(y)  # R-GEN-02: a year up to the end of a discipline period does not count
            if award is not None or (found and found[1] == EXCELLENT):
                out.append(Msg.of("not_counted_year", year=y, end=period.end))
        elif found and found[1] == EXCELLENT:
            refs.append(Ref("rating", found[0], _rating_label(y, found[2])))
        elif award is not None:
            refs.append(Ref("award", award.id, _award_label(award)))
        else:
            missing.append(y)
    if missing:
        conditions.append(
            Condition(
                "R-COL-06",
                article,
                CHECK,
                "bk_unit_missing",
                {"missing": missing, "excluded": _excluded_note(out)},
                tuple(refs),
            )
        )
    else:
        conditions.append(
            Condition("R-COL-06", article, MET, "bk_unit_ok", {"years": [year - 1, year]}, tuple(refs))
        )
        # R-COL-06: the years met, the qualitative conditions attested are still judged by people.
        conditions.append(Condition("R-COL-06", article, CHECK, "bk_unit_standards", {}))
    return conditions


def rule_giay_khen_unit(unit: UnitFacts, ctx: Context) -> list[Condition]:
    """Law Art 75(2): tasks completed well (decided here); the achievements are judged by the head."""
    conditions = _unit_common(unit, "GIAY_KHEN", ctx)
    rating = _unit_rating(unit, ctx, RatingLevel.GOOD, "Art 75", LAW + " Điều 75(2)")
    conditions.append(rating)
    if rating.status == MET:
        conditions.append(Condition("Art 75", LAW + " Điều 75(2)", CHECK, "giay_khen_check", {}))
    return conditions


def rule_not_evaluated(code: str) -> Any:
    def rule(candidate: Any, ctx: Context) -> list[Condition]:
        conditions = (
            _unit_common(candidate, code, ctx)
            if isinstance(candidate, UnitFacts)
            else _person_common(candidate, code, ctx)
        )
        return [*conditions, Condition("—", LAW + " Điều 20", CHECK, "not_evaluated", {})]

    return rule


PERSON_RULES: dict[str, Any] = {
    "LDTT": rule_ldtt,
    "CSTT": lambda p, ctx: rule_ldtt(p, ctx, "CSTT"),
    "CSTDCS": rule_cstdcs,
    "CSTD_TINH": rule_cstd_tinh,
    "CSTD_TQ": rule_cstd_tq,
    "GIAY_KHEN": rule_giay_khen_person,
    "BK_TINH": rule_bk_tinh_person,
    "BK_TTG": rule_bk_ttg_person,
}
UNIT_RULES: dict[str, Any] = {
    "TTLDTT": rule_ttldtt,
    "TTLDXS": rule_ttldxs,
    "CO_TD_TINH": rule_co_td_tinh,
    "CO_TD_CP": rule_co_td_cp,
    "GIAY_KHEN": rule_giay_khen_unit,
    "BK_TINH": rule_bk_tinh_unit,
    "BK_TTG": lambda u, ctx: [
        *_unit_common(u, "BK_TTG", ctx),
        Condition("R-IND-09", LAW + " Điều 73", CHECK, "pm_collective", {}),
    ],
    "XA_TIEU_BIEU": rule_not_evaluated("XA_TIEU_BIEU"),
    "THON_VAN_HOA": rule_not_evaluated("THON_VAN_HOA"),
}
NOTES_BY_CODE: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "LDTT": [("qualitative", {})],
    "CSTT": [("qualitative", {})],
    "CSTDCS": [("qualitative", {})],
    "CSTD_TINH": [("together", {})],
    "CSTD_TQ": [("together", {})],
    "TTLDXS": [("together", {})],
}


def _not_applicable(candidate: tuple[str, int], code: str, ctx: Context) -> list[Condition]:
    return [Condition("—", "", NOT_MET, "not_evaluated", {})]


def _status(conditions: list[Condition]) -> str:
    statuses = {c.status for c in conditions}
    if NOT_MET in statuses:
        return NOT_ELIGIBLE
    if CHECK in statuses:
        return NEEDS_CHECK
    return ELIGIBLE


def _finish(candidate: tuple[str, int], code: str, ctx: Context, conditions: list[Condition]) -> Verdict:
    version = ctx.versions.get(code)
    notes = list(NOTES_BY_CODE.get(code, ()))
    if version is None:
        conditions.append(
            Condition("R-VER-01, R-VER-02", "NĐ 152/2025 Điều 59", CHECK, "no_version", {"on": ctx.on})
        )
        citation = ""
    else:
        citation = version.citation
        if version.ballot_required and version.ballot_threshold_pct:
            notes.append(("ballot", {"pct": version.ballot_threshold_pct}))
    return Verdict(candidate, code, ctx.year, ctx.on, _status(conditions), conditions, citation, notes)


# D4 (law.md §12): the basis a proposal may rely on that the engine decides itself, per candidate kind
# and title: (the basis key of `proposals.rules.BASES`, the rule, the keys of its condition not met).
AUTOMATIC_BASES: dict[tuple[str, str], tuple[str, str, frozenset[str]]] = {
    ("person", "BK_TINH"): ("d", "R-IND-08", frozenset({"bk_d_missing"})),
    ("person", "BK_TTG"): ("b", "R-IND-09, R-GEN-06", frozenset({"pm_missing", "pm_no_bk", "pm_no_base"})),
    ("unit", "BK_TINH"): ("collective", "R-COL-06", frozenset({"bk_unit_missing"})),
}


def apply_basis(kind: str, code: str, conditions: list[Condition], basis: str | None) -> list[Condition]:
    """D4 (R-IND-08, R-IND-09, R-COL-06): with the basis a proposal relies on. The basis the engine
    decides, failed, is not met ("not eligible") instead of leaving other grounds to people; another
    basis is judged by people (a check beside the engine's conditions). Without a basis, or for a
    title without bases, the conditions are unchanged."""
    found = AUTOMATIC_BASES.get((kind, code))
    if basis is None or found is None:
        return conditions
    automatic, rule, failed = found
    if basis != automatic:
        return [
            *conditions,
            Condition(
                rule, "Luật TĐKT 2022, Điều 73, 74 (căn cứ đề nghị)", CHECK, "basis_judged", {"ground": basis}
            ),
        ]
    return [
        dataclasses.replace(c, status=NOT_MET, article=c.article + "; D4", key=c.key + "_basis")
        if c.key in failed and c.status == CHECK
        else c
        for c in conditions
    ]


def evaluate_person(person: PersonFacts, code: str, ctx: Context, basis: str | None = None) -> Verdict:
    """One person, one title or form, in the context's year and on its date (memoised per person),
    relying on `basis` when a proposal states one (D4)."""
    key = (code, ctx.on, basis)
    found = person.memo.get(key)
    if found is not None:
        return found
    rule = PERSON_RULES.get(code)
    conditions = rule(person, ctx) if rule else _not_applicable(("person", person.id), code, ctx)
    conditions = apply_basis("person", code, conditions, basis)
    verdict = _finish(("person", person.id), code, ctx, conditions)
    person.memo[key] = verdict
    _offer_newer(verdict, lambda other: evaluate_person(person, code, other, basis), code, ctx)
    return verdict


def evaluate_unit(unit: UnitFacts, code: str, ctx: Context, basis: str | None = None) -> Verdict:
    key = (code, ctx.on, basis)
    found = unit.memo.get(key)
    if found is not None:
        return found
    rule = UNIT_RULES.get(code)
    conditions = rule(unit, ctx) if rule else _not_applicable(("unit", unit.id), code, ctx)
    conditions = apply_basis("unit", code, conditions, basis)
    verdict = _finish(("unit", unit.id), code, ctx, conditions)
    unit.memo[key] = verdict
    _offer_newer(verdict, lambda other: evaluate_unit(unit, code, other, basis), code, ctx)
    return verdict


def _offer_newer(verdict: Verdict, again: Any, code: str, ctx: Context) -> None:
    """R-VER-01: when a newer version is already in force and gives a better result, offer it."""
    if not ctx.settings.offer_newer_rule or not ctx.newer_dates.get(code):
        return
    other = context(ctx.world, max(ctx.newer_dates[code]))
    newer = again(other)
    if STATUS_RANK[newer.status] > STATUS_RANK[verdict.status]:
        verdict.newer = newer


def applies(code: str, *, person: PersonFacts | None = None, unit: UnitFacts | None = None) -> bool:
    """Whether a batch "all titles" evaluates `code` for this candidate (LĐTT outside the armed forces,
    CSTT inside; a model commune only for communes; villages are not units of thidua)."""
    if person is not None:
        if code == "LDTT":
            return person.unit_kind != "armed_forces"
        if code == "CSTT":
            return person.unit_kind == "armed_forces"
        return code in PERSON_RULES
    if unit is not None:
        if code == "XA_TIEU_BIEU":
            return unit.kind == "commune"
        return code in UNIT_RULES and code != "THON_VAN_HOA"
    return False


def priority(*, person: PersonFacts | None = None, unit: UnitFacts | None = None) -> int:
    """R-GEN-07 (NĐ 152/2025 Art 4(6)): among equally qualified candidates, women first, then
    collectives with at least 70% women (0 comes first)."""
    if person is not None:
        return 0 if person.gender == "female" else 1
    if unit is not None:
        return unit_priority(unit.women, len(unit.members))
    return 1


def unit_priority(women: int, members: int) -> int:
    """R-GEN-07 for a collective of `members` people of whom `women` are women."""
    return 0 if members and women * 100 >= 70 * members else 1


# -- the public functions -------------------------------------------------------------------------------


def evaluate(
    candidate: Any,
    award_type_code: str,
    year: int,
    *,
    on: datetime.date | None = None,
    basis: str | None = None,
) -> Verdict:
    """Evaluate one person or unit for one title or form and year, on the dossier's date `on`
    (default: 31/12 of the year), relying on the proposal's `basis` when given (D4: a key of
    `proposals.rules.BASES`, e.g. "d" for the point (d) of a Bằng khen tỉnh; None = as without a
    proposal). Loads the candidate's facts with the batch's loaders."""
    world = new_world(year)
    ctx = context(world, on or default_on(year))
    if isinstance(candidate, Person):
        world.people = load_people(world, ctx.settings, ids=[candidate.pk])
        return evaluate_person(world.people[candidate.pk], award_type_code, ctx, basis)
    world.units = load_units(world, ctx.settings, ids=[candidate.pk])
    facts = world.units[candidate.pk]
    if award_type_code in ("TTLDTT", "TTLDXS"):
        world.people = load_people(world, ctx.settings, ids=list(facts.members))
    return evaluate_unit(facts, award_type_code, ctx, basis)


@dataclass
class BlockingCondition:
    """An open case or a running discipline period that blocks a proposal (R-GEN-01, R-GEN-02, R-BLK-07)."""

    rule: str
    article: str
    kind: str
    record_id: int
    since: datetime.date
    until: datetime.date | None
    description: str


def blocking_conditions(
    *, unit: Any = None, person: Any = None, on: datetime.date
) -> list[BlockingCondition]:
    """What blocks `unit` or `person` from being proposed (or elected leading unit) on `on`: cases of a
    blocking kind (D10) open that day (R-GEN-01; R-BLK-07 for units) and discipline periods running
    that day (R-GEN-02). Each item has a translated description."""
    if (unit is None) == (person is None):
        raise ValueError("Give exactly one of unit or person.")
    owner = {"unit": unit} if unit is not None else {"person": person}
    settings = settings_on(on)
    found: list[BlockingCondition] = []
    rule = "R-GEN-01, R-BLK-07" if unit is not None else "R-GEN-01"
    for case in Case.objects.filter(**owner, opened_on__lte=on).order_by("opened_on", "id"):
        if case_blocks(case.kind, case.opened_on, case.closed_on, on, settings.blocking_case_kinds):
            found.append(
                BlockingCondition(
                    rule,
                    decree_4(on, 4),
                    case.kind,
                    case.pk,
                    case.opened_on,
                    case.closed_on,
                    f"{case.get_kind_display()}: {case.description}",
                )
            )
    for period in Discipline.objects.filter(**owner, start__lte=on, end__gte=on).order_by("start", "id"):
        found.append(
            BlockingCondition(
                "R-GEN-02",
                decree_4(on, 4),
                "discipline",
                period.pk,
                period.start,
                period.end,
                render("disciplined", {"level": period.level, "start": period.start, "end": period.end}),
            )
        )
    return found
