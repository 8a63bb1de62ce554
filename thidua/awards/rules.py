"""The eligibility engine: every rule declared once, over the facts of `facts.py`.

For a candidate, a title or form and a year, `evaluate` answers eligible, not eligible or needs a
human check, and explains each condition with its rule ID (docs/rules.md), the article, the records
it used and what is missing. Each title's conditions are data (`RULES`: per version of the law, per
candidate kind and title, the kinds of condition in order with their rule IDs, articles and
parameters, e.g. `Chain("CSTDCS", years=3)`); each kind of condition is one class whose `decide` is
the only implementation of its decision and whose `explain` words what `decide` found. Both outputs
come from that one call: the explained verdict (`evaluate_person`, `evaluate_unit`) and the batch's
status path (`decide_person`, `decide_unit`: the status and the failed rules, nothing worded).

A batch (`batch.py`) decides most people set-wise over columns of facts (`setwise.py`, which
tests/test_setwise.py and tests/test_batch.py hold equal to the single check for every candidate),
and the others (cases, discipline, maternity leave, settings the columns do not model) and every
collective through the status path here.

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
from typing import Any, NamedTuple, cast

from django.utils import timezone

from thidua.awards.facts import (
    COMPLETED_DUTIES,
    CSTDCS_CHECK,
    CSTDCS_HELD,
    LDTT_STANDARD,
    UNRATED,
    WARNED,
    AwardFact,
    InitiativeFact,
    MemberCounts,
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
ALL_KINDS = ("initiative", "science", "combat")  # initiatives, scientific works, combat creativity
PAPER_KINDS = ("initiative", "science")  # R-IND-08: initiatives or accepted scientific works
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
    plans: dict[tuple[str, str], Plan] = field(default_factory=dict)  # `plan`, per candidate kind and title


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
        return cast("Context", world.contexts[on])
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


# -- the kinds of condition -----------------------------------------------------------------------------
#
# Each kind of condition is one class, implemented once. Its `decide` is the decision: it answers
# `Found` (the status, the rule it cites, and the evidence: the facts it rests on) or None when the
# condition does not apply (it is then neither shown nor counted). Its `explain` only words that
# evidence as `Condition`s (the records used and what is missing), with the status and the rule
# `decide` gave; it never decides anything again. The batch's status path (`decide_person`,
# `decide_unit`) calls `decide` alone; the explained verdict (`evaluate_person`, `evaluate_unit`) calls
# `decide` and then `explain`. So the two outputs cannot differ: they are the same call.
#
# A title's conditions are data (`RULES` below): the kinds in order, with their rule IDs, articles and
# parameters. Kinds that read what an earlier one found (the window of a chain, the rating of the year,
# the unit's members) read it from `state`, a dict of one evaluation.


# What `decide` answers, a plain tuple (a batch makes millions): (the status: MET, NOT_MET, CHECK or
# INFO; the rule ID(s) the condition cites for this status; the evidence `explain` words: facts,
# years, counts, nothing decided there).
Found = tuple[str, str, Any]


class Kind:
    """A kind of condition (see above). `shared` kinds (R-GEN-01, R-GEN-02) are decided once per
    candidate and date, whichever title asks; `basis` is the D4 basis the kind decides (a key of
    `proposals.rules.BASES`); `members` kinds read the unit's members (`state["members"]`)."""

    rule: str = ""
    article: str = ""
    shared = False
    basis: str | None = None
    members = False

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found | None:
        raise NotImplementedError

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        raise NotImplementedError

    def cite(self, found: Found, key: str, params: dict[str, Any], refs: Any = ()) -> list[Condition]:
        """The condition `found` words, citing this kind's article."""
        return [Condition(found[1], self.article, found[0], key, params, tuple(refs))]


def _leave_ref(leave: PeriodFact) -> Ref:
    return Ref("maternity", leave.id, f"{leave.start:%d/%m/%Y}–{leave.end:%d/%m/%Y}")


# -- general principles (every title) -------------------------------------------------------------------


@dataclass(frozen=True)
class NoOpenCase(Kind):
    """R-GEN-01 (NĐ 152/2025 Art 4(4), D10); for a unit also R-BLK-07: no proposal while a case of a
    blocking kind is open on the date (`case_blocks`). The article is the decree in force (D1)."""

    rule: str = "R-GEN-01"
    shared = True

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found:
        found = open_cases(c.cases, ctx) if c.cases else []
        return (NOT_MET, self.rule, found) if found else (MET, self.rule, None)

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        article = decree_4(ctx.on, 4)
        if found[0] == MET:
            return [Condition(found[1], article, MET, "no_case", {"on": ctx.on})]
        refs = tuple(
            Ref("case", case.id, f"{CaseKind(case.kind).label} ({case.start:%d/%m/%Y})") for case in found[2]
        )
        params = {"on": ctx.on, "cases": [r.label for r in refs]}
        return [Condition(found[1], article, NOT_MET, "open_case", params, refs)]


@dataclass(frozen=True)
class NoDiscipline(Kind):
    """R-GEN-02 (NĐ 152/2025 Art 4(4), D11): achievements count only after the discipline period. The
    article is the decree in force (D1)."""

    rule: str = "R-GEN-02"
    shared = True

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found:
        period = excluded(c.discipline, ctx.year, ctx)
        if period is None or period.end is None:
            return (MET, self.rule, None)
        return (NOT_MET, self.rule, period)

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        article = decree_4(ctx.on, 4)
        if found[0] == MET:
            return [Condition(found[1], article, MET, "no_discipline", {"year": ctx.year})]
        period = found[2]
        ref = Ref(
            "discipline",
            period.id,
            f"{DisciplineLevel(period.kind).label} {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}",
        )
        params = {"level": period.kind, "start": period.start, "end": period.end}
        return [Condition(found[1], article, NOT_MET, "disciplined", params, (ref,))]


@dataclass(frozen=True)
class NotTwice(Kind):
    """R-GEN-04 (Law Art 5(2)(c)): one achievement is not rewarded twice with the same title or form."""

    rule: str = "R-GEN-04"
    article: str = LAW + " Điều 5(2)(c)"

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found | None:
        awards = c.awards.get(state["code"])
        if not awards:
            return None
        found = [a for a in awards if a.year == ctx.year]
        return (NOT_MET, self.rule, found) if found else None

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        refs = [Ref("award", a.id, _award_label(a)) for a in found[2]]
        params = {"code": state["code"], "year": ctx.year, "records": [r.label for r in refs]}
        return self.cite(found, "already", params, refs)


@dataclass(frozen=True)
class Lineage(Kind):
    """D6: which predecessors' history counts for the unit (the province's setting `lineage_policy`,
    else each link's own `carries_history`); information only, never a status."""

    rule: str = "D6"
    # Shown to officers as the condition's source: the province's setting, in words (D6).
    article: str = "Cài đặt của tỉnh về kế thừa thành tích khi hợp nhất, sáp nhập"

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found | None:
        return (INFO, self.rule, c.links) if c.links else None

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return [
            Condition(
                self.rule,
                self.article,
                INFO,
                "lineage_carried" if link.carried else "lineage_not_carried",
                {
                    "unit": link.predecessor,
                    "kind": str(LineageKind(link.kind).label).lower(),
                    "date": link.date,
                },
            )
            for link in found[2]
        ]


PERSON_COMMON: tuple[Kind, ...] = (NoOpenCase(), NoDiscipline(), NotTwice())
UNIT_COMMON: tuple[Kind, ...] = (NoOpenCase(rule="R-GEN-01, R-BLK-07"), NoDiscipline(), NotTwice(), Lineage())


# -- ratings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating(Kind):
    """The person's rating of the year is well completed duties or better (R-IND-01, Law Art 75); no
    rating on maternity leave (R-GEN-03, cited with the rule when `leave_rule`) needs a human check,
    and so does no rating recorded at all (issue 12 item 8: a missing record is not a failure; only a
    recorded rating below it is)."""

    rule: str = "R-IND-01"
    article: str = LAW + " Điều 24(1)"
    leave_rule: bool = True

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        found = _rating(c.ratings, ctx.year)
        result: Found
        if found is None:
            leave = _maternity(c, ctx.year) if c.maternity else None
            if leave is not None:
                result = (CHECK, self.rule + (", R-GEN-03" if self.leave_rule else ""), leave)
            else:
                result = (CHECK, self.rule, None)
        else:
            result = (MET if found[1] >= GOOD else NOT_MET, self.rule, found)
        state["rating"] = result[0]
        return result

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if isinstance(found[2], PeriodFact):
            return self.cite(found, "rating_maternity", {"year": ctx.year}, (_leave_ref(found[2]),))
        if found[2] is None:
            return self.cite(found, "rating_missing", {"year": ctx.year})
        pk, rank, rating = found[2]
        ref = Ref("rating", pk, _rating_label(ctx.year, rating))
        params = {"rating": rating, "year": ctx.year}
        return self.cite(found, "rating_ok" if rank >= GOOD else "rating_low", params, (ref,))


@dataclass(frozen=True)
class HeadJudges(Kind):
    """Law Art 75 (Giấy khen): with the rating met, the achievements are judged by the head."""

    rule: str = "Art 75"
    article: str = LAW + " Điều 75(1)"

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found | None:
        return (CHECK, self.rule, None) if state.get("rating") == MET else None

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return self.cite(found, "giay_khen_check", {})


# -- individual titles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArmedForces(Kind):
    """R-IND-01 (Law Art 24(2)): Lao động tiên tiến outside the armed forces (`armed` False), Chiến sĩ
    tiên tiến inside (`armed` True)."""

    armed: bool
    rule: str = "R-IND-01"
    article: str = LAW + " Điều 24(2)"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        if (c.unit_kind == "armed_forces") == self.armed:
            return None
        return (NOT_MET, self.rule, None)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if self.armed:
            return self.cite(found, "not_armed_forces", {})
        return self.cite(found, "armed_forces_ldtt", {"year": ctx.year})


@dataclass(frozen=True)
class MonthsWorked(Kind):
    """R-IND-01 (Law Art 24(4)): the province's minimum of months worked in the year, when set ([U],
    `EligibilitySettings.ldtt_min_months`, off by default)."""

    rule: str = "R-IND-01"
    article: str = LAW + " Điều 24(4)"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        minimum = ctx.settings.ldtt_min_months
        if not minimum:
            return None
        months = months_worked(c, ctx.year)
        return (MET if months >= minimum else NOT_MET, self.rule, months)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        params = {"months": found[2], "year": ctx.year, "min": ctx.settings.ldtt_min_months}
        return self.cite(found, "months_short", params)


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
    return _ldtt_standard(person, year) is not None


def _ldtt_standard(person: PersonFacts, year: int) -> Ref | None:
    """`ldtt_standard` with the record it rests on."""
    for code in ("LDTT", "CSTT"):
        for fact in person.awards.get(code, ()):
            if fact.year == year:
                return Ref("award", fact.id, _award_label(fact))
    found = person.ratings.get(year)
    if found is not None and RATING_RANK[found[1]] >= GOOD:
        return Ref("rating", found[0], _rating_label(year, found[1]))
    return None


@dataclass(frozen=True)
class LdttStandard(Kind):
    """R-IND-02 (Law Art 23(1)): the standard of Lao động tiên tiến in the year; without the title and
    without a rating recorded for the year, a human check (issue 12 item 8)."""

    rule: str = "R-IND-02"
    article: str = LAW + " Điều 23(1)"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        ref = _ldtt_standard(c, ctx.year)
        if ref is not None:
            return (MET, self.rule, ref)
        return (CHECK if ctx.year not in c.ratings else NOT_MET, self.rule, None)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if found[0] == MET:
            return self.cite(found, "ldtt_standard_ok", {"year": ctx.year}, (found[2],))
        key = "ldtt_standard_unrecorded" if found[0] == CHECK else "ldtt_standard_missing"
        return self.cite(found, key, {"year": ctx.year})


@dataclass(frozen=True)
class CstdcsGround(Kind):
    """R-IND-02 (Law Art 23(2)) with D9, R-GEN-05 and R-GEN-08: one ground in the year (an excellent
    rating, or a usable initiative, scientific work or combat creativity); from the D9 date
    (`EligibilitySettings.cstdcs_both_from`) both an excellent rating and an initiative. Without a
    rating recorded for the year, the rating part needs a human check (issue 12 item 8)."""

    rule: str = "R-IND-02"
    article: str = LAW + " Điều 23(2)"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        year = ctx.year
        found = _rating(c.ratings, year)
        excellent = found if found is not None and found[1] == EXCELLENT else None
        usable_now, reasons = _initiatives(
            c, "CSTDCS", ctx, first=year, last=year, level="grassroots", kinds=ALL_KINDS
        )
        both_from = ctx.settings.cstdcs_both_from
        if both_from is not None and ctx.on >= both_from:
            has_initiative = any(i.kind == "initiative" for i in usable_now)
            status = MET if excellent and has_initiative else NOT_MET
            if has_initiative and found is None:
                status = CHECK
            return (status, self.rule, ("both", excellent, usable_now, has_initiative))
        if excellent or usable_now:
            return (MET, self.rule, ("one", excellent, usable_now, reasons))
        if found is None:
            return (CHECK, self.rule, ("one", excellent, usable_now, reasons))
        return (NOT_MET, self.rule + ", R-GEN-05", ("one", excellent, usable_now, reasons))

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        year = ctx.year
        mode, excellent, usable_now, extra = found[2]
        grounds: list[Any] = []
        refs: list[Ref] = []
        if excellent:
            grounds.append(Msg.of("excellent"))
            refs.append(Ref("rating", excellent[0], _rating_label(year, excellent[2])))
        for initiative in usable_now:
            grounds.append(initiative.title)
            refs.append(_init_ref(initiative))
        if mode == "both":
            article = self.article + "; D9"
            params: dict[str, Any]
            if found[0] == CHECK:
                params = {"from": ctx.settings.cstdcs_both_from, "year": year}
                return [Condition(found[1], article, CHECK, "cstdcs_both_unrecorded", params, tuple(refs))]
            if found[0] == NOT_MET:
                missing = [] if excellent else [Msg.of("excellent")]
                if not extra:
                    missing.append(Msg.of("an_initiative"))
                params = {"from": ctx.settings.cstdcs_both_from, "year": year, "missing": missing}
                return [Condition(found[1], article, NOT_MET, "cstdcs_both_missing", params, tuple(refs))]
            params = {"year": year, "grounds": grounds}
            return [Condition(found[1], article, MET, "cstdcs_ground_ok", params, tuple(refs))]
        if found[0] == MET:
            return self.cite(found, "cstdcs_ground_ok", {"year": year, "grounds": grounds}, refs)
        key = "cstdcs_ground_unrecorded" if found[0] == CHECK else "cstdcs_ground_missing"
        return self.cite(found, key, {"year": year, "unusable": _unusable_note(extra)})


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


@dataclass(frozen=True)
class Cap(Kind):
    """R-IND-03 (Law Art 23; the share `cstdcs_cap_pct`, its base and its rounding are settings, no cap
    unless set): the unit deciding the title stays within the cap, computed from its counts; this
    proposal fits when the others already recorded leave room."""

    rule: str = "R-IND-03"
    article: str = LAW + " Điều 23"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        if not ctx.settings.cstdcs_cap_pct:
            return None
        found = cap_state(c, ctx)
        if found is None:
            return (CHECK, self.rule, None)
        count, cap, others = found
        return (MET if others < cap else NOT_MET, self.rule, found)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        settings = ctx.settings
        pct = settings.cstdcs_cap_pct
        if found[2] is None:
            return self.cite(found, "cap_no_unit", {"pct": pct, "year": ctx.year})
        count, cap, others = found[2]
        assert c.unit_counts is not None
        params = {
            "unit": c.unit_counts.unit,
            "count": count,
            "base": Msg.of("cap_base_" + settings.cstdcs_cap_base),
            "year": ctx.year,
            "pct": pct,
            "cap": cap,
            "rounding": Msg.of("rounded_" + settings.cstdcs_cap_rounding),
            "others": others,
        }
        return self.cite(found, "cap_ok" if found[0] == MET else "cap_full", params)


@dataclass(slots=True)
class ChainFound:
    """What `chain` found: the years held, missing and skipped, in the order walked (latest first)."""

    status: str
    window: list[int]
    walked: list[tuple[int, str, Any]]  # (year, "held" | "check" | "skipped" | "missing", fact or leave)


def chain(person: PersonFacts, code: str, length: int, end: int, ctx: Context) -> ChainFound:
    """`length` consecutive years of `code` ending in `end` (`held`). R-GEN-03 (NĐ 152/2025 Art 4(5)):
    only a year of maternity leave without any rating is skipped (at most two); a year rated without
    the title breaks the chain."""
    walked: list[tuple[int, str, Any]] = []
    counted = skipped = 0
    missing = False
    status = MET
    year = end
    while counted < length and year > end - length - 3:
        state, fact = held(person, code, year, ctx)
        if state in (MET, "now"):
            walked.append((year, "held", fact))
            counted += 1
        elif (
            skipped < 2
            and person.maternity
            and year not in person.ratings
            and (leave := _maternity(person, year)) is not None
        ):
            # Before a check: the year's own title is a check only for want of the rating the leave
            # explains (issue 12 item 8), and such a year neither breaks nor counts (R-GEN-03).
            walked.append((year, "skipped", leave))
            skipped += 1
        elif state == CHECK:
            walked.append((year, "check", None))
            counted += 1
            status = CHECK
        else:
            walked.append((year, "missing", None))
            counted += 1
            missing = True
        year -= 1
    window = [y for y, what, _f in walked if what != "skipped"]
    window.reverse()  # walked from the latest year back
    return ChainFound(NOT_MET if missing else status, window, walked)


def chain_condition(person: PersonFacts, code: str, found: ChainFound, ctx: Context) -> Condition:
    """`found` in words (rule and article set by the caller): the years, the missing ones with the
    records of those years that do not count and why, the skipped years of leave."""
    refs: list[Ref] = []
    reasons: list[Msg] = []
    missing, skipped = [], []
    for year, what, fact in found.walked:
        if what == "held" and fact is not None:
            refs.append(Ref("award", fact.id, _award_label(fact)))
        elif what == "skipped":
            skipped.append(year)
            refs.append(_leave_ref(fact))
        elif what == "missing":
            missing.append(year)
            for record in person.awards.get(code, ()):
                reason = not_counted(record, person.discipline, ctx) if record.year == year else None
                if reason is not None:
                    reasons.append(reason)
                    refs.append(Ref("award", record.id, _award_label(record)))
    params = {
        "code": code,
        "years": found.window,
        "missing": sorted(missing),
        "skipped": Msg.of("skipped_maternity", years=tuple(sorted(skipped))) if skipped else "",
        "excluded": _excluded_note(sorted(reasons, key=str)) if missing else "",
    }
    key = "chain_missing" if missing else "chain_ok"
    return Condition("", "", found.status, key, params, tuple(refs))


@dataclass(frozen=True)
class Chain(Kind):
    """A chain of `years` consecutive years of `code` ending in the year (`chain`); its first year
    opens the window of the initiative that follows (`state["first"]`)."""

    code: str
    years: int
    rule: str = ""
    article: str = ""

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        walked = chain(c, self.code, self.years, ctx.year, ctx)
        state["first"] = min(walked.window)
        state["window"] = walked.window
        return (walked.status, self.rule, walked)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        condition = chain_condition(c, self.code, found[2], ctx)
        condition.rule, condition.article = found[1], self.article
        return [condition]


@dataclass(frozen=True)
class NotReused(Kind):
    """D2 (R-IND-05, R-IND-07): the years of a chain are not reused for a second `code`, unless the
    province allows it (`EligibilitySettings.chain_reuse`)."""

    code: str
    rule: str = ""
    article: str = ""

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        if ctx.settings.chain_reuse or not c.awards.get(self.code):
            return None
        first = state["first"]
        earlier = [a for a in c.awards[self.code] if first <= a.year < ctx.year]
        return (NOT_MET, self.rule, earlier) if earlier else None

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        refs = [Ref("award", a.id, _award_label(a)) for a in found[2]]
        params = {"years": state["window"], "code": self.code, "used": [a.year for a in found[2]]}
        return self.cite(found, "chain_reused", params, refs)


@dataclass(frozen=True)
class Initiative(Kind):
    """R-GEN-05, R-GEN-08 with the title's rule: a usable initiative (`kinds`) recognised at `level` or
    above, in the window (`state["first"]`, from the chain or the pair, to the year)."""

    level: str
    rule: str = ""
    article: str = ""
    kinds: tuple[str, ...] = ("initiative", "science", "combat")

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        first = state["first"]
        found, reasons = _initiatives(
            c, state["code"], ctx, first=first, last=ctx.year, level=self.level, kinds=self.kinds
        )
        if found:
            return (MET, self.rule, found)
        return (NOT_MET, self.rule + ", R-GEN-05", (first, reasons))

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if found[0] == MET:
            params: dict[str, Any] = {"scope": self.level, "titles": [i.title for i in found[2]]}
            return self.cite(found, "initiative_ok", params, [_init_ref(i) for i in found[2]])
        first, reasons = found[2]
        params = {
            "scope": self.level,
            "first": first,
            "last": ctx.year,
            "unusable": _unusable_note(reasons),
        }
        return self.cite(found, "initiative_missing", params)


@dataclass(frozen=True)
class FlagPair(Kind):
    """R-IND-07 (Law Art 21(1)(a)) with D2: Chiến sĩ thi đua tỉnh twice on back-to-back chains, the
    second in the year or the year before (with `chain_reuse`, the first may be closer); the window of
    the initiative starts two years before the first (or five years before the year without a pair)."""

    rule: str = "R-IND-07"
    article: str = LAW + " Điều 21(1)(a); D2"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        year = ctx.year
        provincial = c.awards.get("CSTD_TINH", ())
        if provincial:  # without any, no pair can form (and `held` has no effect on the answer)
            for second in (year, year - 1):
                state_of, fact = held(c, "CSTD_TINH", second, ctx)
                if state_of not in (MET, "now"):
                    continue
                firsts = range(second - 3, second) if ctx.settings.chain_reuse else (second - 3,)
                for first in firsts:
                    earlier = next(
                        (
                            a
                            for a in provincial
                            if a.year == first
                            and a.ctype in PREREQUISITE_TYPES
                            and not excluded(c.discipline, first, ctx)
                        ),
                        None,
                    )
                    if earlier is not None:
                        state["first"] = first - 2
                        state["pair"] = (first, second)
                        return (MET, self.rule, (earlier, fact))
        state["first"] = year - 5
        return (NOT_MET, self.rule, None)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        year = ctx.year
        if found[0] == MET:
            earlier, fact = found[2]
            refs = [Ref("award", earlier.id, _award_label(earlier))]
            if fact is not None:
                refs.append(Ref("award", fact.id, _award_label(fact)))
            return self.cite(found, "flag_pair_ok", {"years": list(state["pair"])}, refs)
        records = c.awards.get("CSTD_TINH", ())
        reasons = [r for r in (not_counted(f, c.discipline, ctx) for f in records) if r is not None]
        params = {
            "prev": year - 1,
            "year": year,
            "found": ", ".join(str(y) for y in sorted(f.year for f in records)) or "—",
            "excluded": _excluded_note(reasons),
        }
        return self.cite(found, "flag_pair_missing", params)


@dataclass(frozen=True)
class PairNotUsed(Kind):
    """R-IND-07 (Law Art 21) with D2: no Chiến sĩ thi đua toàn quốc from the pair's first year on."""

    rule: str = "R-IND-07"
    article: str = LAW + " Điều 21"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        pair = state.get("pair")
        if pair is None or not c.awards.get("CSTD_TQ"):
            return None
        used = [a for a in c.awards["CSTD_TQ"] if a.year >= pair[0] and a.year != ctx.year]
        return (NOT_MET, self.rule, used[0]) if used else None

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        used = found[2]
        return self.cite(found, "tq_used", {"year": used.year}, (Ref("award", used.id, _award_label(used)),))


@dataclass(frozen=True)
class PointD(Kind):
    """R-IND-08 (Law Art 74(1)(d)) with D4: two consecutive Chiến sĩ thi đua cơ sở (or two years rated
    excellently) and two initiatives in them; when it fails, the other points are grounds a person
    judges (needs a human check, or not eligible when the proposal relies on point (d))."""

    rule: str = "R-IND-08"
    article: str = LAW + " Điều 74(1)(d); D4"
    basis: str | None = "d"

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        year = ctx.year
        walked = chain(c, "CSTDCS", 2, year, ctx)
        window = walked.window
        excellent: list[Ref] | None = None
        if walked.status != MET:
            ratings = [_rating(c.ratings, y) for y in (year - 1, year)]
            if all(r is not None and r[1] == EXCELLENT for r in ratings) and not any(
                excluded(c.discipline, y, ctx) for y in (year - 1, year)
            ):
                excellent = [
                    Ref("rating", r[0], _rating_label(y, r[2]))
                    for y, r in zip((year - 1, year), ratings, strict=True)
                    if r is not None
                ]
                window = [year - 1, year]
        initiatives, reasons = _initiatives(
            c, "BK_TINH", ctx, first=min(window), last=year, level="grassroots", kinds=PAPER_KINDS
        )
        met = (walked.status == MET or excellent is not None) and len(initiatives) >= 2
        return (MET if met else CHECK, self.rule, (walked, excellent, window, initiatives, reasons))

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        year = ctx.year
        chained, excellent, window, initiatives, reasons = found[2]
        words = chain_condition(c, "CSTDCS", chained, ctx)
        refs: list[Ref] = list(words.records)
        missing: list[Msg] = []
        basis: Any = ""
        if chained.status == MET:
            basis = Msg(words.key, tuple(sorted(words.params.items())))
        elif excellent is not None:
            basis = Msg.of("excellent_years", years=(year - 1, year))
            refs = list(excellent)
        else:
            missing.append(Msg(words.key, tuple(sorted(words.params.items()))))
            out = []
            for y in (year - 1, year):
                rating = _rating(c.ratings, y)
                period = excluded(c.discipline, y, ctx) if rating and rating[1] == EXCELLENT else None
                if period is not None and period.end is not None:
                    out.append(Msg.of("not_counted_year", year=y, end=period.end))
            if out:
                missing.append(Msg.of("not_counted", records=tuple(out)))
        if len(initiatives) < 2:
            missing.append(
                Msg.of(
                    "two_initiatives",
                    found=len(initiatives),
                    first=min(window),
                    last=year,
                    unusable=_unusable_note(reasons),
                )
            )
        refs += [_init_ref(i) for i in initiatives[:2]]
        if missing:
            return self.cite(found, "bk_d_missing", {"missing": missing}, refs)
        params = {"basis": basis, "titles": [i.title for i in initiatives[:2]]}
        return self.cite(found, "bk_d_ok", params, refs)


@dataclass(frozen=True)
class PointB(Kind):
    """R-IND-09 (Law Art 73(1)(b)) with D7 and R-GEN-06: a movement or merit Bằng khen tỉnh in year B
    after the last Bằng khen TTg, then every year of the run (`pm_run_years`, from B or B + 1 as
    `pm_run_counts_award_year` says) rated well or better (maternity without a rating counts, R-GEN-03)
    with Chiến sĩ thi đua cơ sở at least 3 times; when it fails, the other points are judged by people
    (or not eligible when the proposal relies on point (b), D4)."""

    rule: str = "R-IND-09, R-GEN-06"
    article: str = LAW + " Điều 73(1)(b)"
    basis: str | None = "b"

    def bases(self, c: PersonFacts, ctx: Context) -> tuple[int, list[AwardFact]]:
        """The year of the last Bằng khen TTg before the year, and the Bằng khen tỉnh that may start a
        run, latest first."""
        last_pm = max((a.year for a in c.awards.get("BK_TTG", ()) if a.year < ctx.year), default=0)
        bases = sorted(
            (
                a
                for a in c.awards.get("BK_TINH", ())
                if a.ctype in PREREQUISITE_TYPES
                and a.year > last_pm
                and not excluded(c.discipline, a.year, ctx)
            ),
            key=lambda a: a.year,
            reverse=True,
        )
        return last_pm, bases

    def decide(self, c: PersonFacts, ctx: Context, state: dict[str, Any]) -> Found:
        year = ctx.year
        if not c.awards.get("BK_TINH"):
            return (CHECK, self.rule, None)
        settings = ctx.settings
        first_miss = None
        for base in self.bases(c, ctx)[1]:
            first = base.year if settings.pm_run_counts_award_year else base.year + 1
            if year - first + 1 < settings.pm_run_years:
                continue
            gaps: list[int] = []
            cstdcs: list[int] = []
            used: list[tuple[str, int, Any]] = []
            for y in range(first, year + 1):
                found = _rating(c.ratings, y)
                if found and found[1] >= GOOD:
                    used.append(("rating", y, found))
                elif found is None and c.maternity and (leave := _maternity(c, y)) is not None:
                    used.append(("maternity", y, leave))
                else:
                    gaps.append(y)
                state_of, fact = held(c, "CSTDCS", y, ctx)
                if state_of in (MET, "now"):
                    cstdcs.append(y)
                    if fact is not None:
                        used.append(("award", y, fact))
            if not gaps and len(cstdcs) >= 3:
                return (MET, self.rule, (base, first, cstdcs, used))
            if first_miss is None:
                first_miss = (base, first, gaps, cstdcs)
        return (CHECK, self.rule, first_miss)

    def explain(self, c: PersonFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        year = ctx.year
        article = f"{self.article}; {decree_4(ctx.on, 3)}; D7"
        run = ctx.settings.pm_run_years
        if found[0] == MET:
            base, first, cstdcs, used = found[2]
            refs = [Ref("award", base.id, _award_label(base))]
            for what, y, fact in used:
                if what == "rating":
                    refs.append(Ref("rating", fact[0], _rating_label(y, fact[2])))
                elif what == "maternity":
                    refs.append(_leave_ref(fact))
                else:
                    refs.append(Ref("award", fact.id, _award_label(fact)))
            params = {
                "b": base.year,
                "n": year - first + 1,
                "first": first,
                "last": year,
                "count": len(cstdcs),
                "years": cstdcs,
            }
            return [Condition(found[1], article, MET, "pm_ok", params, tuple(refs))]
        if found[2] is not None:
            base, first, gaps, cstdcs = found[2]
            problems: list[Msg] = []
            if gaps:
                problems.append(Msg.of("rating_missing", year=tuple(gaps)))
            if len(cstdcs) < 3:
                problems.append(Msg.of("cstdcs_count", count=len(cstdcs), first=first, last=year))
            ref = Ref("award", base.id, _award_label(base))
            params = {"b": base.year, "missing": problems}
            return [Condition(found[1], article, CHECK, "pm_missing", params, (ref,))]
        # No Bằng khen tỉnh starts a run: name the ones recorded with the reason they do not.
        last_pm, bases = self.bases(c, ctx)
        rejected: list[Msg] = []
        for record in c.awards.get("BK_TINH", ()):
            reason = not_counted(record, c.discipline, ctx)
            if reason is None and record.year <= last_pm:
                reason = Msg.of("not_counted_before_pm", record=_award_label(record), year=last_pm)
            if reason is not None:
                rejected.append(reason)
        for base in bases:
            first = base.year if ctx.settings.pm_run_counts_award_year else base.year + 1
            if year - first + 1 < run:
                rejected.append(Msg.of("not_counted_recent", record=_award_label(base), n=run, year=year))
        if rejected:
            records = tuple(Ref("award", a.id, _award_label(a)) for a in c.awards.get("BK_TINH", ()))
            params = {"n": run, "year": year, "records": rejected}
            return [Condition(found[1], article, CHECK, "pm_no_base", params, records)]
        return [Condition(found[1], article, CHECK, "pm_no_bk", {"n": run, "year": year})]


# -- collective titles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRating(Kind):
    """The unit's rating of the year is at least `needed` (R-COL-01, R-COL-02, Law Art 75(2)); none
    recorded needs a human check (issue 12 item 8)."""

    needed: str
    rule: str = ""
    article: str = ""

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found:
        found = _rating(c.ratings, ctx.year)
        result: Found
        if found is None:
            result = (CHECK, self.rule, None)
        else:
            result = (MET if found[1] >= RATING_RANK[self.needed] else NOT_MET, self.rule, found)
        state["rating"] = result[0]
        return result

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if found[2] is None:
            return self.cite(found, "unit_rating_missing", {"year": ctx.year, "needed": self.needed})
        pk, rank, rating = found[2]
        ref = (Ref("rating", pk, _rating_label(ctx.year, rating)),)
        if found[0] == MET:
            return self.cite(found, "unit_rating_ok", {"rating": rating, "year": ctx.year}, ref)
        params = {"rating": rating, "year": ctx.year, "needed": self.needed}
        return self.cite(found, "unit_rating_low", params, ref)


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


def member_bits(person: PersonFacts, ctx: Context) -> int:
    """What the collective conditions read of a member (`facts.MemberCounts`): the LĐTT standard,
    completed duties, Chiến sĩ thi đua cơ sở held for the year (`held`), a warning or more, no rating
    of the year recorded."""
    year = ctx.year
    bits = 0
    if ldtt_standard(person, year):
        bits |= LDTT_STANDARD
    if completed_duties(person, year):
        bits |= COMPLETED_DUTIES
    state = held(person, "CSTDCS", year, ctx)[0]
    if state in (MET, "now"):
        bits |= CSTDCS_HELD
    elif state == CHECK:
        bits |= CSTDCS_CHECK
    if person.discipline and warnings_in(person, year):
        bits |= WARNED
    if year not in person.ratings:
        bits |= UNRATED
    return bits


def _members(unit: UnitFacts, ctx: Context) -> list[PersonFacts]:
    people = ctx.world.people
    return [people[pk] for pk in unit.members if pk in people]


def members_of(unit: UnitFacts, ctx: Context) -> MemberCounts:
    """The unit's members in the world, counted by `member_bits` (a batch counts them for every unit
    at once instead, `facts.count_members`)."""
    counts = MemberCounts()
    for person in _members(unit, ctx):
        counts.add(member_bits(person, ctx), female=person.gender == "female")
    return counts


@dataclass(frozen=True)
class HasMembers(Kind):
    """R-COL-01, R-COL-02: the unit has members recorded on 31/12, else a human check (issue 12 item
    8: no people recorded is a missing record, not a failure); the member conditions after it are
    decided only then."""

    rule: str = ""
    article: str = ""
    members = True

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        return None if state["members"].total else (CHECK, self.rule, None)

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return self.cite(found, "no_members", {"year": ctx.year})


@dataclass(frozen=True)
class LdttShare(Kind):
    """R-COL-01, R-COL-02: at least `ldtt_share_pct` (a setting, 70 %) of the members meet the standard
    of Lao động tiên tiến; exact arithmetic, count × 100 ≥ pct × headcount. Names those counted. When
    it fails only for the members without a rating of the year, a human check (issue 12 item 8)."""

    rule: str = ""
    article: str = ""
    members = True

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        counts = state["members"]
        if not counts.total:
            return None
        pct = ctx.settings.ldtt_share_pct
        if counts.ldtt * 100 >= pct * counts.total:
            return (MET, self.rule, counts)
        if (counts.ldtt + counts.unknown_ldtt) * 100 >= pct * counts.total:
            return (CHECK, self.rule, counts)
        return (NOT_MET, self.rule, counts)

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        pct, total = ctx.settings.ldtt_share_pct, found[2].total
        counted = [Ref("person", p.id, p.name) for p in _members(c, ctx) if ldtt_standard(p, ctx.year)]
        params = {
            "count": found[2].ldtt,
            "total": total,
            "year": ctx.year,
            "pct": pct,
            "needed": -(-pct * total // 100),
            "counted": Msg.of("counted_names", names=tuple(r.label for r in counted)) if counted else "",
        }
        key = {MET: "share_ok", CHECK: "share_unrecorded"}.get(found[0], "share_low")
        params["unknown"] = found[2].unknown_ldtt
        return self.cite(found, key, params, counted)


@dataclass(frozen=True)
class AllCompleted(Kind):
    """R-COL-02 (R-GEN-03): every member completed their duties (maternity without a rating counts);
    when only members without a rating of the year are short, a human check (issue 12 item 8)."""

    rule: str = ""
    article: str = ""
    members = True

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        counts = state["members"]
        if not counts.total:
            return None
        if counts.completed >= counts.total:
            return (MET, self.rule, counts)
        unknown = counts.completed + counts.unknown_completed >= counts.total
        return (CHECK if unknown else NOT_MET, self.rule, counts)

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if found[0] == MET:
            return self.cite(found, "all_completed", {"year": ctx.year, "total": found[2].total})
        short = [p for p in _members(c, ctx) if not completed_duties(p, ctx.year)]
        if found[0] == CHECK:  # every one of them without a rating of the year
            names = [p.name for p in short[:10]]
            return self.cite(found, "completed_unrecorded", {"year": ctx.year, "names": names})
        return self.cite(
            found, "not_all_completed", {"year": ctx.year, "names": [p.name for p in short[:10]]}
        )


@dataclass(frozen=True)
class MemberCstdcs(Kind):
    """R-COL-02: at least one member holds Chiến sĩ thi đua cơ sở for the year (`held`); the members'
    records of the year that do not count are named with the reason. When none holds it but some
    member's needs a human check (a rating not recorded, issue 12 item 8), so does this."""

    rule: str = ""
    article: str = ""
    members = True

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        counts = state["members"]
        if not counts.total:
            return None
        if counts.cstdcs:
            return (MET, self.rule, None)
        return (CHECK if counts.unknown_cstdcs else NOT_MET, self.rule, None)

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        holders, unknown, not_counting = [], [], []
        for person in _members(c, ctx):
            state_of = held(person, "CSTDCS", ctx.year, ctx)[0]
            if state_of in (MET, "now"):
                holders.append(Ref("person", person.id, person.name))
            elif state_of == CHECK:
                unknown.append(Ref("person", person.id, person.name))
            for record in person.awards.get("CSTDCS", ()):
                if record.year == ctx.year:
                    named = dataclasses.replace(record, owner=person.name)
                    reason = not_counted(named, person.discipline, ctx)
                    if reason is not None:
                        not_counting.append(reason)
        if found[0] == MET:
            params = {"year": ctx.year, "names": [h.label for h in holders]}
            return self.cite(found, "member_cstdcs_ok", params, holders)
        if found[0] == CHECK:
            params = {"year": ctx.year, "names": [u.label for u in unknown[:10]]}
            return self.cite(found, "member_cstdcs_unknown", params, unknown)
        params = {"year": ctx.year, "excluded": _excluded_note(not_counting)}
        return self.cite(found, "member_cstdcs_missing", params)


@dataclass(frozen=True)
class MembersNotWarned(Kind):
    """R-COL-01 (D5 for R-COL-02, when `ttldxs_no_discipline` switches it on): no member disciplined
    with a warning or more in the year."""

    rule: str = ""
    article: str = ""
    setting: str = ""  # the setting that switches it on, if any
    members = True

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        counts = state["members"]
        if not counts.total or (self.setting and not getattr(ctx.settings, self.setting)):
            return None
        return (NOT_MET if counts.warned else MET, self.rule, None)

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if found[0] == MET:
            return self.cite(found, "members_clean", {"year": ctx.year})
        refs = [
            Ref("discipline", period.id, f"{person.name}: {DisciplineLevel(period.kind).label}")
            for person in _members(c, ctx)
            for period in warnings_in(person, ctx.year)
        ]
        return self.cite(
            found, "members_disciplined", {"year": ctx.year, "names": [r.label for r in refs]}, refs
        )


@dataclass(frozen=True)
class Leading(Kind):
    """R-COL-03 / R-COL-05: rank 1 of a block year of the year, in a block of a province or ministry.
    For R-COL-03 (the province's flag), a block below the province is as
    `EligibilitySettings.low_level_block_flag` says (allow, check, refuse; issue 12 item 7), and a first
    place tied beyond the block's leading units needs the province's decision (issue 12 item 6)."""

    rule: str = ""
    article: str = ""

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found:
        ranks = [s for s in c.standings if s.year == ctx.year]
        leading = [s for s in ranks if s.rank == 1]
        good = [s for s in leading if s.level in ("province", "central")]
        low = [s for s in leading if s.level not in ("province", "central")]
        setting = ctx.settings.low_level_block_flag
        if good and not (self.rule == "R-COL-03" and all(s.tied for s in good)):
            return (MET, self.rule, ("ok", good))
        if low and self.rule == "R-COL-03" and setting == "allow":
            # A first place the province allows in a lower block is enough, even beside a tie above.
            return (MET, self.rule, ("allowed", low))
        if good:
            return (CHECK, self.rule, ("tied", good))
        if leading and self.rule == "R-COL-03" and setting == "check":
            return (CHECK, self.rule, ("check", leading))
        return (NOT_MET, self.rule, ("low", leading) if leading else ("none", ranks))

    _KEYS = {
        "ok": "leading_ok",
        "tied": "leading_tied",
        "low": "leading_low_level",
        "allowed": "leading_low_level_allowed",
        "check": "leading_low_level_check",
    }

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        what, standings = found[2]
        if what != "none":
            refs = [Ref("standing", s.id, f"{s.block} {s.year}: 1") for s in standings]
            params = {"block": [s.block for s in standings], "year": ctx.year}
            return self.cite(found, self._KEYS[what], params, refs)
        refs = [Ref("standing", s.id, f"{s.block} {s.year}: {s.rank}") for s in standings]
        text = (" (" + "; ".join(r.label for r in refs) + ")") if refs else ""
        return self.cite(found, "leading_missing", {"year": ctx.year, "standings": text}, refs)


@dataclass(frozen=True)
class FlagQuota(Kind):
    """R-COL-03 with D13: the block's flag quota is not used up by other members (the province's flags
    per block, `flags_per_block`, or more when the block lets several units share the lead)."""

    rule: str = "R-COL-03"
    article: str = LAW + " Điều 26(1); D13"

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        for standing in c.standings:
            if standing.year != ctx.year or standing.rank != 1:
                continue
            # A block that lets N units share the lead (its leading_units_max, issue 12 item 6) has room
            # for N flags, whatever the province's usual number per block (D13).
            quota = max(ctx.settings.flags_per_block, standing.leading_units_max)
            taken = c.flags_taken.get(standing.block_year_id, [])
            return (NOT_MET if len(taken) >= quota else MET, self.rule, (quota, taken))
        return None

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        if found[0] == MET:
            return self.cite(found, "quota_free", {"year": ctx.year})
        quota, taken = found[2]
        refs = [Ref("award", fact.id, f"{name}: {_award_label(fact)}") for name, fact in taken]
        params = {"n": quota, "year": ctx.year, "units": [n for n, _f in taken]}
        return self.cite(found, "quota_used", params, refs)


@dataclass(frozen=True)
class GovernmentFlagCap(Kind):
    """R-COL-05 with D12: the government flag's cap, when the province sets one
    (`government_flag_cap_pct`), is checked by people."""

    rule: str = "R-COL-05"
    article: str = LAW + " Điều 25(1)"

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found | None:
        return (CHECK, self.rule, None) if ctx.settings.government_flag_cap_pct else None

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return self.cite(found, "cp_cap", {"pct": ctx.settings.government_flag_cap_pct})


@dataclass(frozen=True)
class Judged(Kind):
    """A condition only people judge (the qualitative standards of a flag, a title without automatic
    rules): always "needs a human check", with the sentence `key` and its `params`."""

    rule: str = ""
    article: str = ""
    key: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    after_met: bool = False  # only when the condition before it (`state["met"]`) is met

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found | None:
        if self.after_met and state.get("met") is not True:
            return None
        return (CHECK, self.rule, None)

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return self.cite(found, self.key, dict(self.params))


@dataclass(frozen=True)
class UnitYears(Kind):
    """R-COL-06 (Law Art 74(2)) with D4: excellently completed tasks or Tập thể lao động xuất sắc in the
    year and the year before (a year up to the end of a discipline period does not count, R-GEN-02);
    when the years fail, other grounds are judged by people (not eligible when the proposal relies on
    the collective ground)."""

    rule: str = "R-COL-06"
    article: str = LAW + " Điều 74(2)"
    basis: str | None = "collective"

    def decide(self, c: UnitFacts, ctx: Context, state: dict[str, Any]) -> Found:
        year = ctx.year
        used, missing, out = [], [], []
        for y in (year - 1, year):
            found = _rating(c.ratings, y)
            award = next((a for a in c.awards.get("TTLDXS", ()) if a.year == y), None)
            period = excluded(c.discipline, y, ctx)
            if period is not None and period.end is not None:
                missing.append(y)  # R-GEN-02: a year up to the end of a discipline period does not count
                if award is not None or (found and found[1] == EXCELLENT):
                    out.append(Msg.of("not_counted_year", year=y, end=period.end))
            elif found and found[1] == EXCELLENT:
                used.append(Ref("rating", found[0], _rating_label(y, found[2])))
            elif award is not None:
                used.append(Ref("award", award.id, _award_label(award)))
            else:
                missing.append(y)
        state["met"] = not missing
        return (CHECK if missing else MET, self.rule, (used, missing, out))

    def explain(self, c: UnitFacts, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        used, missing, out = found[2]
        if missing:
            params = {"missing": missing, "excluded": _excluded_note(out)}
            return self.cite(found, "bk_unit_missing", params, used)
        return self.cite(found, "bk_unit_ok", {"years": [ctx.year - 1, ctx.year]}, used)


# -- the rules, declared once -----------------------------------------------------------------------------
#
# For each candidate kind and title, its conditions in order (the general ones first). Adding a version
# of the law where the conditions differ is adding a table to `RULES` under the date its versions start
# (a version in force is read with the table of the latest start on or before its own `valid_from`);
# a title a table does not declare, or a version before every start, needs a human check ("no rules
# declared for this title"). Everything a province may change is a setting (`EligibilitySettings`),
# read by the kinds themselves.

_ART_22 = LAW + " Điều 22"
_ART_21 = LAW + " Điều 21"
_INDIVIDUAL = {
    "LDTT": (*PERSON_COMMON, ArmedForces(armed=False), Rating(), MonthsWorked()),
    "CSTT": (*PERSON_COMMON, ArmedForces(armed=True), Rating(), MonthsWorked()),
    "CSTDCS": (*PERSON_COMMON, LdttStandard(), CstdcsGround(), Cap()),
    "CSTD_TINH": (
        *PERSON_COMMON,
        Chain("CSTDCS", years=3, rule="R-IND-05", article=_ART_22 + "(1)(a)"),
        NotReused("CSTD_TINH", rule="R-IND-05", article=_ART_22 + "; D2"),
        Initiative(level="province", rule="R-IND-05", article=_ART_22 + "(1)(b)"),
    ),
    "CSTD_TQ": (
        *PERSON_COMMON,
        FlagPair(),
        PairNotUsed(),
        Initiative(level="national", rule="R-IND-07", article=_ART_21 + "(1)(b)"),
    ),
    "GIAY_KHEN": (
        *PERSON_COMMON,
        Rating(rule="Art 75", article=LAW + " Điều 75(1)", leave_rule=False),
        HeadJudges(),
    ),
    "BK_TINH": (*PERSON_COMMON, PointD()),
    "BK_TTG": (*PERSON_COMMON, PointB()),
}
_ART_28, _ART_27 = LAW + " Điều 28(1)", LAW + " Điều 27(1)"
_COLLECTIVE = {
    "TTLDTT": (
        *UNIT_COMMON,
        UnitRating(RatingLevel.GOOD, rule="R-COL-01", article=_ART_28),
        HasMembers(rule="R-COL-01", article=_ART_28),
        LdttShare(rule="R-COL-01", article=_ART_28),
        MembersNotWarned(rule="R-COL-01", article=_ART_28),
    ),
    "TTLDXS": (
        *UNIT_COMMON,
        UnitRating(RatingLevel.EXCELLENT, rule="R-COL-02", article=_ART_27),
        HasMembers(rule="R-COL-02", article=_ART_27),
        AllCompleted(rule="R-COL-02", article=_ART_27),
        LdttShare(rule="R-COL-02", article=_ART_27),
        MemberCstdcs(rule="R-COL-02", article=_ART_27),
        MembersNotWarned(rule="R-COL-02", article=_ART_27 + "; D5", setting="ttldxs_no_discipline"),
    ),
    "CO_TD_TINH": (
        *UNIT_COMMON,
        Leading(rule="R-COL-03", article=LAW + " Điều 26(1)"),
        FlagQuota(),
        Judged("R-COL-03", LAW + " Điều 26(1); D3", "flag_standards", (("article", "26(1)"),)),
    ),
    "CO_TD_CP": (
        *UNIT_COMMON,
        Leading(rule="R-COL-05", article=LAW + " Điều 25(1)"),
        GovernmentFlagCap(),
        Judged("R-COL-05", LAW + " Điều 25(1); D3", "flag_standards", (("article", "25(1)"),)),
    ),
    "GIAY_KHEN": (
        *UNIT_COMMON,
        UnitRating(RatingLevel.GOOD, rule="Art 75", article=LAW + " Điều 75(2)"),
        HeadJudges(article=LAW + " Điều 75(2)"),
    ),
    "BK_TINH": (
        *UNIT_COMMON,
        UnitYears(),
        # R-COL-06: the years met, the qualitative conditions attested are still judged by people.
        Judged("R-COL-06", LAW + " Điều 74(2)", "bk_unit_standards", after_met=True),
    ),
    "BK_TTG": (*UNIT_COMMON, Judged("R-IND-09", LAW + " Điều 73", "pm_collective")),
    "XA_TIEU_BIEU": (*UNIT_COMMON, Judged("—", LAW + " Điều 20", "not_evaluated")),
    "THON_VAN_HOA": (*UNIT_COMMON, Judged("—", LAW + " Điều 20", "not_evaluated")),
}
# Law 06/2022/QH15 with NĐ 98/2023 (01/01/2024–30/06/2025) and NĐ 152/2025 (from 01/07/2025): the
# standards are the same under both decrees (R-VER-02), so one table serves both.
LAW_2022 = {"person": _INDIVIDUAL, "unit": _COLLECTIVE}
RULES: list[tuple[datetime.date, dict[str, dict[str, tuple[Kind, ...]]]]] = [
    (datetime.date(2024, 1, 1), LAW_2022),
]
NOTES_BY_CODE: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "LDTT": [("qualitative", {})],
    "CSTT": [("qualitative", {})],
    "CSTDCS": [("qualitative", {})],
    "CSTD_TINH": [("together", {})],
    "CSTD_TQ": [("together", {})],
    "TTLDXS": [("together", {})],
}
NO_RULES = "no_rules"  # the check of an undeclared title: "no rules declared for this title"


@dataclass(frozen=True)
class NoRules(Kind):
    """A title the version in force declares no rules for (a local entry of the catalogue, or a
    version of a law the tables do not hold): people check its standards."""

    rule: str = "—"

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found:
        return (CHECK, self.rule, None)

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return self.cite(found, NO_RULES, {"on": ctx.on})


@dataclass(frozen=True)
class NotApplicable(Kind):
    """A title declared only for the other kind of candidate (a collective's title for a person)."""

    rule: str = "—"

    def decide(self, c: Any, ctx: Context, state: dict[str, Any]) -> Found:
        return (NOT_MET, self.rule, None)

    def explain(self, c: Any, ctx: Context, state: dict[str, Any], found: Found) -> list[Condition]:
        return self.cite(found, "not_evaluated", {})


class Plan(NamedTuple):
    """What `_run` needs of a title for a kind of candidate on a date, found once per context."""

    kinds: tuple[Kind, ...]
    shared: tuple[Kind, ...]  # the kinds decided once per candidate and date (`Kind.shared`) ...
    own: tuple[Kind, ...]  # ... and the others, in order
    members: bool  # whether a kind reads the unit's members
    basis: Kind | None  # the kind that decides the D4 basis, if any
    versioned: bool  # a version is in force on the date (R-VER-01, R-VER-02)
    shared_key: tuple[str, str, datetime.date]  # where a candidate's memo keeps the shared kinds' answer
    decides: tuple[Any, ...]  # the own kinds' bound `decide` methods, for the status path


def declared(kind: str, code: str, ctx: Context) -> tuple[Kind, ...]:
    """The conditions of `code` for a `kind` ("person" or "unit") candidate under the version in force
    on the context's date (the latest table without a version in force: `_run` then adds its own
    check); the general conditions and `NoRules` when no table declares the title for that version;
    `NotApplicable` when it is declared only for the other kind of candidate."""
    version = ctx.versions.get(code)
    start = version.valid_from if version is not None else datetime.date.max
    table = next((rules for since, rules in reversed(RULES) if since <= start), None)
    common = PERSON_COMMON if kind == "person" else UNIT_COMMON
    if table is None:
        return (*common, NoRules())
    found = table[kind].get(code)
    if found is not None:
        return found
    other = "unit" if kind == "person" else "person"
    return (NotApplicable(),) if code in table[other] else (*common, NoRules())


def plan(kind: str, code: str, ctx: Context) -> Plan:
    found = ctx.plans.get((kind, code))
    if found is None:
        kinds = declared(kind, code, ctx)
        found = ctx.plans[kind, code] = Plan(
            kinds,
            tuple(k for k in kinds if k.shared),
            tuple(k for k in kinds if not k.shared),
            any(k.members for k in kinds),
            next((k for k in kinds if k.basis), None),
            code in ctx.versions,
            ("shared", kind, ctx.on),
            tuple(k.decide for k in kinds if not k.shared),
        )
    return found


def _decide_one(kind: Kind, c: Any, ctx: Context, state: dict[str, Any]) -> Found | None:
    if not kind.shared:
        return kind.decide(c, ctx, state)
    key = (id(kind), ctx.on)
    memo = c.memo
    if key in memo:
        found: Found | None = memo[key]
        return found
    found = memo[key] = kind.decide(c, ctx, state)
    return found


_JOINED: dict[frozenset[str], str] = {}


def _joined(failed: set[str]) -> str:
    """The failed rules sorted and joined with ", " (as `Verdict.failed_rules`), memoised: a batch
    meets few combinations."""
    key = frozenset(failed)
    found = _JOINED.get(key)
    if found is None:
        found = _JOINED[key] = ", ".join(sorted(failed))
    return found


def _run(
    kind: str, c: Any, code: str, ctx: Context, basis: str | None, members: MemberCounts | None, explain: bool
) -> tuple[str, str, list[Condition]]:
    """Decide every condition of `code` for `c` (the one implementation of both outputs): the status,
    the failed rules joined as a batch stores them, and, when `explain`, the conditions in words.

    D4 (R-IND-08, R-IND-09, R-COL-06): with the basis a proposal relies on, the basis the title's
    conditions decide (`Kind.basis`), failed, is not met ("not eligible") instead of leaving other
    grounds to people; another basis is judged by people (a check beside the conditions); without a
    basis, or for a title without one, nothing changes. R-VER-01, R-VER-02: without a version in force
    on the date, a check."""
    found_plan = ctx.plans.get((kind, code)) or plan(kind, code, ctx)
    state: dict[str, Any] = {"code": code}
    if found_plan.members:
        state["members"] = members if members is not None else members_of(c, ctx)
    conditions: list[Condition] = []
    failed: set[str] = set()
    check = not found_plan.versioned
    basis_kind = found_plan.basis if basis is not None else None
    if not explain and basis_kind is None:  # the batch's path: statuses only
        if found_plan.shared:  # the general conditions' failed rules, once per candidate and date
            shared = c.memo.get(found_plan.shared_key)
            if shared is None:
                decided = [_decide_one(k, c, ctx, state) for k in found_plan.shared]
                shared = c.memo[found_plan.shared_key] = (
                    [f[1] for f in decided if f is not None and f[0] == NOT_MET],
                    any(f is not None and f[0] == CHECK for f in decided),
                )
            failed.update(shared[0])
            check = check or shared[1]
        for decide in found_plan.decides:
            found = decide(c, ctx, state)
            if found is not None:
                if found[0] == NOT_MET:
                    failed.add(found[1])
                elif found[0] == CHECK:
                    check = True
        if failed:
            return NOT_ELIGIBLE, _joined(failed), []
        return (NEEDS_CHECK if check else ELIGIBLE), "", []
    for condition_kind in found_plan.kinds:
        found = _decide_one(condition_kind, c, ctx, state)
        if found is None:
            continue
        words = condition_kind.explain(c, ctx, state, found) if explain else []
        status = found[0]
        if condition_kind is basis_kind and basis == basis_kind.basis and status == CHECK:
            status = NOT_MET
            words = [
                dataclasses.replace(w, status=NOT_MET, article=w.article + "; D4", key=w.key + "_basis")
                for w in words
            ]
        if status == NOT_MET:
            failed.add(found[1])
        elif status == CHECK:
            check = True
        conditions.extend(words)
    if basis_kind is not None and basis != basis_kind.basis:
        check = True
        if explain:
            conditions.append(
                Condition(
                    basis_kind.rule,
                    "Luật TĐKT 2022, Điều 73, 74 (căn cứ đề nghị)",
                    CHECK,
                    "basis_judged",
                    {"ground": basis},
                )
            )
    if explain and not found_plan.versioned:
        conditions.append(
            Condition("R-VER-01, R-VER-02", "NĐ 152/2025 Điều 59", CHECK, "no_version", {"on": ctx.on})
        )
    status = NOT_ELIGIBLE if failed else NEEDS_CHECK if check else ELIGIBLE
    return status, ", ".join(sorted(failed)), conditions


def decide_person(person: PersonFacts, code: str, ctx: Context, basis: str | None = None) -> tuple[str, str]:
    """The batch's status path: the status of `evaluate_person(person, code, ctx, basis)` and its failed
    rules joined (`EvaluationResult.failed`), from the same decisions without wording them (memoised
    per person and date: later titles read the year's own, `held`)."""
    key = (code, basis)  # a status, under the date of `ctx` (memoised per person and date)
    memo = person.memo.get(ctx.on)
    if memo is None:
        memo = person.memo[ctx.on] = {}
    found = memo.get(key)
    if found is None:
        status, failed, _words = _run("person", person, code, ctx, basis, None, False)
        found = memo[key] = (status, failed)
    return found


def decide_unit(
    unit: UnitFacts, code: str, ctx: Context, members: MemberCounts | None = None, basis: str | None = None
) -> tuple[str, str]:
    """`decide_person` for a collective; a batch gives the unit's `members` as counts
    (`facts.count_members`), otherwise they are counted from the world's people (`members_of`)."""
    status, failed, _words = _run("unit", unit, code, ctx, basis, members, False)
    return status, failed


def held(person: PersonFacts, code: str, year: int, ctx: Context) -> tuple[str, AwardFact | None]:
    """Whether `code` holds for the person in `year` (see the module docstring): MET with the record,
    "now" (eligible now, the evaluation year), CHECK, or NOT_MET."""
    for fact in person.awards.get(code, ()):
        if fact.year == year and fact.ctype in PREREQUISITE_TYPES:
            if excluded(person.discipline, year, ctx):
                return NOT_MET, fact
            return MET, fact
    if year == ctx.year:
        status = decide_person(person, code, ctx)[0]
        if status == ELIGIBLE:
            return "now", None
        if status == NEEDS_CHECK:
            return CHECK, None
    return NOT_MET, None


def _finish(
    candidate: tuple[str, int], code: str, ctx: Context, status: str, conditions: list[Condition]
) -> Verdict:
    version = ctx.versions.get(code)
    notes = list(NOTES_BY_CODE.get(code, ()))
    citation = ""
    if version is not None:
        citation = version.citation
        if version.ballot_required and version.ballot_threshold_pct:
            notes.append(("ballot", {"pct": version.ballot_threshold_pct}))
    return Verdict(candidate, code, ctx.year, ctx.on, status, conditions, citation, notes)


def evaluate_person(person: PersonFacts, code: str, ctx: Context, basis: str | None = None) -> Verdict:
    """One person, one title or form, in the context's year and on its date (memoised per person),
    relying on `basis` when a proposal states one (D4)."""
    key = (code, ctx.on, basis)
    found = person.memo.get(key)
    if found is not None:
        return cast("Verdict", found)
    status, _failed, conditions = _run("person", person, code, ctx, basis, None, True)
    verdict = _finish(("person", person.id), code, ctx, status, conditions)
    person.memo[key] = verdict
    _offer_newer(verdict, lambda other: evaluate_person(person, code, other, basis), code, ctx)
    return verdict


def evaluate_unit(unit: UnitFacts, code: str, ctx: Context, basis: str | None = None) -> Verdict:
    key = (code, ctx.on, basis)
    found = unit.memo.get(key)
    if found is not None:
        return cast("Verdict", found)
    status, _failed, conditions = _run("unit", unit, code, ctx, basis, None, True)
    verdict = _finish(("unit", unit.id), code, ctx, status, conditions)
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
        return code in INDIVIDUAL_CODES
    if unit is not None:
        if code == "XA_TIEU_BIEU":
            return unit.kind == "commune"
        return code in COLLECTIVE_CODES and code != "THON_VAN_HOA"
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
    # The province's own catalogue (issue 12 item 7): a local name is its legal title or form; an
    # entry without rules answers "needs a human check" with its reason (thidua.awards.local).
    from thidua.awards.local import legal_code_or_verdict

    award_type_code, unruled = legal_code_or_verdict(candidate, award_type_code, year, on or default_on(year))
    if unruled is not None:
        return unruled
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
