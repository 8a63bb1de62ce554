"""The batch's fast path: each verdict's status and failed rules, without its explanation.

`rules.evaluate_person` and `rules.evaluate_unit` build every condition of a verdict with its
references and parameters, which a person reads on the explanation page. A batch only stores each
verdict's status and the rules not met (`EvaluationResult.status`, `.failed`); the results page
rebuilds the explanation of one result on demand with `rules.evaluate`. `Decider.decide` answers
exactly those two things for a person from the same facts (`facts.load_people`), without building a
condition or a reference; `Decider.decide_unit` does the same for a collective, from counts of its
members (`member_bits`, `facts.count_members`) for the two titles that read them.

Each `_<title>` method below mirrors the rule function of `rules.py` named in its docstring, step
for step, and must change with it. The shared pieces (open cases, discipline, maternity, usable
initiatives, months worked, the LĐTT standard, completed duties, warnings) are the rules' own
functions. Two tests hold the mirror to the rules: `tests/test_statuses.py` compares both on random
facts and settings for every title it decides (hypothesis, and fixed seeds that must reach every
status and every failed rule), and `tests/test_batch.py` compares the rows stored by real jobs with
single evaluations on generated data.

A batch decides most people with `setwise.decide_people` instead, which mirrors the methods here
for people without cases, discipline or maternity leave (tests/test_setwise.py); this class decides
the others, every collective, and every person under the settings the columns do not model.

Statuses are integers while deciding (the worst wins): MET 0, CHECK 1, NOT_MET 2.
"""

from __future__ import annotations

from thidua.awards.facts import (
    COMPLETED_DUTIES,
    CSTDCS_HELD,
    LDTT_STANDARD,
    WARNED,
    MemberCounts,
    PersonFacts,
    UnitFacts,
)
from thidua.awards.models import RATING_RANK
from thidua.awards.rules import (
    AUTOMATIC_BASES,
    ELIGIBLE,
    EXCELLENT,
    GOOD,
    LEVEL_RANK,
    NEEDS_CHECK,
    NOT_ELIGIBLE,
    PREREQUISITE_TYPES,
    Context,
    _maternity,
    cap_state,
    completed_duties,
    evaluate_unit,
    ldtt_standard,
    months_worked,
    open_cases,
    tainted,
    usable,
    warnings_in,
)

MET, CHECK, NOT_MET = 0, 1, 2
STATUS = {MET: ELIGIBLE, CHECK: NEEDS_CHECK, NOT_MET: NOT_ELIGIBLE}
ALL_KINDS = ("initiative", "science", "combat")
PAPER_KINDS = ("initiative", "science")  # R-IND-08: initiatives or accepted scientific works


class Decider:
    """Decides the statuses of one context (year, date, settings, catalogue versions)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.year = ctx.year
        settings = ctx.settings
        self.counts_from = settings.discipline_counts_from
        self.on = ctx.on
        self.min_months = settings.ldtt_min_months
        both_from = settings.cstdcs_both_from
        self.both = both_from is not None and ctx.on >= both_from
        self.cap = bool(settings.cstdcs_cap_pct)
        self.chain_reuse = settings.chain_reuse
        self.run = settings.pm_run_years
        self.run_counts_award_year = settings.pm_run_counts_award_year
        self.versions = ctx.versions
        self.share_pct = settings.ldtt_share_pct
        self.no_discipline = settings.ttldxs_no_discipline
        self.memo_keys = {code: f"status {code} {ctx.on}" for code in ("CSTDCS", "CSTD_TINH")}
        self.rules = {
            "LDTT": self._ldtt,
            "CSTT": self._ldtt,
            "CSTDCS": self._cstdcs,
            "CSTD_TINH": self._cstd_tinh,
            "CSTD_TQ": self._cstd_tq,
            "GIAY_KHEN": self._giay_khen,
            "BK_TINH": self._bk_tinh,
            "BK_TTG": self._bk_ttg,
        }

    def decide(self, person: PersonFacts, code: str, basis: str | None = None) -> tuple[str, str]:
        """The status of `rules.evaluate_person(person, code, ctx, basis)` and its failed rules, joined
        as the batch stores them (`EvaluationResult.failed`, `Verdict.failed_rules`)."""
        status, failed = self._decide(person, code, basis)
        if not failed:
            return STATUS[status], ""
        return NOT_ELIGIBLE, failed[0] if len(failed) == 1 else ", ".join(sorted(set(failed)))

    def _decide(self, person: PersonFacts, code: str, basis: str | None = None) -> tuple[int, list[str]]:
        """`rules.evaluate_person` with `rules._person_common` (R-GEN-01, R-GEN-02, R-GEN-04),
        `rules.apply_basis` (D4) and `rules._finish`. The current year's CSTĐCS and CSTĐ tỉnh are
        memoised per person, as the verdicts are: later titles read them (`held`)."""
        key = self.memo_keys.get(code)
        if key is not None:
            found = person.memo.get(key)
            if found is not None:
                return found
        failed = []
        if person.cases and open_cases(person.cases, self.ctx):
            failed.append("R-GEN-01")
        if person.discipline and tainted(person.discipline, self.year, self.counts_from, self.on):
            failed.append("R-GEN-02")
        awards = person.awards.get(code)
        if awards:
            for fact in awards:
                if fact.year == self.year:
                    failed.append("R-GEN-04")
                    break
        check = self.rules[code](person, code, failed)
        automatic = AUTOMATIC_BASES.get(("person", code)) if basis is not None else None
        if automatic is not None:  # `rules.apply_basis`: the check of these titles is their basis's
            if basis != automatic[0]:
                check = True
            elif check:
                failed.append(automatic[1])
        if code not in self.versions:
            check = True  # R-VER-01, R-VER-02: no version in force on the date
        result = (NOT_MET if failed else CHECK if check else MET), failed
        if key is not None:
            person.memo[key] = result
        return result

    # -- shared --------------------------------------------------------------------------------------

    def _rank(self, person: PersonFacts, year: int) -> int:
        found = person.ratings.get(year)
        return RATING_RANK[found[1]] if found else 0

    def _excluded(self, person: PersonFacts, year: int) -> bool:
        """`rules.excluded` (R-GEN-02, D11): `year` is up to the end of a discipline period."""
        return (
            bool(person.discipline)
            and tainted(person.discipline, year, self.counts_from, self.on) is not None
        )

    def _held(self, person: PersonFacts, code: str, year: int) -> int:
        """`rules.held`, with "now" (eligible now) as MET: every caller treats them alike."""
        awards = person.awards.get(code)
        if awards:
            for fact in awards:
                if fact.year == year and fact.ctype in PREREQUISITE_TYPES:
                    if self._excluded(person, year):
                        return NOT_MET
                    return MET
        if year == self.year:
            return self._decide(person, code)[0]
        return NOT_MET

    def _chain(self, person: PersonFacts, code: str, length: int, end: int) -> tuple[int, int]:
        """`rules._chain` (R-GEN-03: only an unrated year of leave is skipped): the chain's status and
        the first year of its window."""
        years = missing = skipped = 0
        status = MET
        first = end
        year = end
        while years + missing < length and year > end - length - 3:
            state = self._held(person, code, year)
            if state == MET:
                years += 1
                first = year
            elif state == CHECK:
                years += 1
                first = year
                status = CHECK
            elif (
                skipped < 2
                and person.maternity
                and year not in person.ratings
                and _maternity(person, year) is not None
            ):
                skipped += 1
            else:
                missing += 1
                first = year
            year -= 1
        return (NOT_MET if missing else status), first

    def _usable(
        self,
        person: PersonFacts,
        code: str,
        first: int,
        last: int,
        level: str,
        kinds: tuple[str, ...],
        enough: int = 1,
    ) -> int:
        """`rules._initiatives` from `first` to `last`, at least of `level`, of `kinds`: how many usable
        initiatives there are, counting up to `enough`."""
        if not person.initiatives:
            return 0
        count = 0
        minimum = LEVEL_RANK[level]
        for initiative in person.initiatives:
            if initiative.kind not in kinds or not first <= initiative.year <= last:
                continue
            if LEVEL_RANK[initiative.level] < minimum:
                continue
            if not usable(initiative, code, self.year, self.ctx):
                count += 1
                if count >= enough:
                    break
        return count

    def _rating_condition(self, person: PersonFacts, rule: str, failed: list[str]) -> int:
        """`rules._rating_condition`: MET, CHECK (maternity without a rating) or NOT_MET (added to
        `failed`)."""
        found = person.ratings.get(self.year)
        if found is None:
            if person.maternity and _maternity(person, self.year) is not None:
                return CHECK
            failed.append(rule)
            return NOT_MET
        if RATING_RANK[found[1]] >= GOOD:
            return MET
        failed.append(rule)
        return NOT_MET

    # -- titles (each adds its failed rules to `failed` and answers whether a check is needed) --------

    def _ldtt(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_ldtt` (R-IND-01)."""
        armed = person.unit_kind == "armed_forces"
        if (code == "LDTT" and armed) or (code == "CSTT" and not armed):
            failed.append("R-IND-01")
        check = self._rating_condition(person, "R-IND-01", failed) == CHECK
        if self.min_months and months_worked(person, self.year) < self.min_months:
            failed.append("R-IND-01")
        return check

    def _cstdcs(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_cstdcs` (R-IND-02, R-IND-03 from the unit's counts, D9, R-GEN-05, R-GEN-08)."""
        year = self.year
        rank = self._rank(person, year)
        standard = rank >= GOOD or any(
            fact.year == year for title in ("LDTT", "CSTT") for fact in person.awards.get(title, ())
        )
        if not standard:
            failed.append("R-IND-02")
        excellent = rank == EXCELLENT
        if self.both:  # D9: both an excellent rating and an initiative (not another kind of work)
            initiative = self._usable(person, "CSTDCS", year, year, "grassroots", ("initiative",))
            if not excellent or not initiative:
                failed.append("R-IND-02")
        elif not excellent and not self._usable(person, "CSTDCS", year, year, "grassroots", ALL_KINDS):
            failed.append("R-IND-02, R-GEN-05")
        if self.cap:  # `rules._cap` (R-IND-03)
            state = cap_state(person, self.ctx)
            if state is None:
                return True
            if state[2] >= state[1]:
                failed.append("R-IND-03")
        return False

    def _cstd_tinh(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_cstd_tinh` (R-IND-05, D2)."""
        year = self.year
        status, first = self._chain(person, "CSTDCS", 3, year)
        if status == NOT_MET:
            failed.append("R-IND-05")
        earlier = person.awards.get("CSTD_TINH")
        if earlier and not self.chain_reuse and any(first <= fact.year < year for fact in earlier):
            failed.append("R-IND-05")
        if not self._usable(person, "CSTD_TINH", first, year, "province", ALL_KINDS):
            failed.append("R-IND-05, R-GEN-05")
        return status == CHECK

    def _cstd_tq(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_cstd_tq` (R-IND-07, D2)."""
        year = self.year
        provincial = person.awards.get("CSTD_TINH", ())
        pair_first = None
        if provincial:  # without any, no pair can form (and `held` has no effect on the answer)
            for second in (year, year - 1):
                if self._held(person, "CSTD_TINH", second) != MET:
                    continue
                firsts = range(second - 3, second) if self.chain_reuse else (second - 3,)
                for first in firsts:
                    if any(
                        a.year == first and a.ctype in PREREQUISITE_TYPES for a in provincial
                    ) and not self._excluded(person, first):
                        pair_first = first
                        break
                if pair_first is not None:
                    break
        if pair_first is None:
            failed.append("R-IND-07")
            first_year = year - 5
        else:
            first_year = pair_first - 2
            if any(a.year >= pair_first and a.year != year for a in person.awards.get("CSTD_TQ", ())):
                failed.append("R-IND-07")
        if not self._usable(person, "CSTD_TQ", first_year, year, "national", ALL_KINDS):
            failed.append("R-IND-07, R-GEN-05")
        return False

    def _bk_tinh(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_bk_tinh_person` (R-IND-08, D4): point (d) met, or a check."""
        year = self.year
        status, first = self._chain(person, "CSTDCS", 2, year)
        if status != MET:
            if all(
                self._rank(person, y) == EXCELLENT and not self._excluded(person, y) for y in (year - 1, year)
            ):
                first = year - 1
            else:
                return True  # neither basis of point (d): the initiatives change nothing
        return self._usable(person, "BK_TINH", first, year, "grassroots", PAPER_KINDS, 2) < 2

    def _bk_ttg(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_bk_ttg_person` (R-IND-09, D7, R-GEN-06, R-GEN-03): point (b) met, or a check."""
        year = self.year
        provincial = person.awards.get("BK_TINH")
        if not provincial:
            return True  # no base for the run
        last_pm = max((a.year for a in person.awards.get("BK_TTG", ()) if a.year < year), default=0)
        bases = sorted(
            (
                a.year
                for a in provincial
                if a.ctype in PREREQUISITE_TYPES and a.year > last_pm and not self._excluded(person, a.year)
            ),
            reverse=True,
        )
        for base in bases:
            first = base if self.run_counts_award_year else base + 1
            if year - first + 1 < self.run:
                continue
            gaps = False
            count = 0
            for y in range(first, year + 1):
                found = person.ratings.get(y)
                if found is not None:
                    if RATING_RANK[found[1]] < GOOD:
                        gaps = True
                        break
                elif not (person.maternity and _maternity(person, y) is not None):
                    gaps = True
                    break
                if self._held(person, "CSTDCS", y) == MET:
                    count += 1
            if not gaps and count >= 3:
                return False
        return True

    def _giay_khen(self, person: PersonFacts, code: str, failed: list[str]) -> bool:
        """`rules.rule_giay_khen_person` (Law Art 75): a rating problem, otherwise always a check."""
        self._rating_condition(person, "Art 75", failed)
        return True

    # -- collectives ----------------------------------------------------------------------------------

    def member_bits(self, person: PersonFacts) -> int:
        """What `rules.rule_ttldtt` and `rules.rule_ttldxs` read of a member (`facts.MemberCounts`)."""
        year = self.year
        bits = 0
        if ldtt_standard(person, year):
            bits |= LDTT_STANDARD
        if completed_duties(person, year):
            bits |= COMPLETED_DUTIES
        if self._held(person, "CSTDCS", year) == MET:
            bits |= CSTDCS_HELD
        if person.discipline and warnings_in(person, year):
            bits |= WARNED
        return bits

    def decide_unit(
        self, unit: UnitFacts, code: str, members: MemberCounts, basis: str | None = None
    ) -> tuple[str, str]:
        """The status and failed rules of `rules.evaluate_unit(unit, code, ctx)`, the unit's members
        given as counts. The two titles that read the members are decided here; the others read only
        the unit's own facts and go through `evaluate_unit` itself."""
        if code == "TTLDTT":
            failed = self._ttldtt(unit, members)
        elif code == "TTLDXS":
            failed = self._ttldxs(unit, members)
        else:
            verdict = evaluate_unit(unit, code, self.ctx, basis)
            return verdict.status, ", ".join(verdict.failed_rules)
        if failed:
            return NOT_ELIGIBLE, ", ".join(sorted(set(failed)))
        return (NEEDS_CHECK if code not in self.versions else ELIGIBLE), ""

    def _unit_common(self, unit: UnitFacts, code: str) -> list[str]:
        """`rules._unit_common`: R-GEN-01 with R-BLK-07, R-GEN-02, R-GEN-04 (lineage notes are neutral)."""
        failed = []
        if unit.cases and open_cases(unit.cases, self.ctx):
            failed.append("R-GEN-01, R-BLK-07")
        if unit.discipline and tainted(unit.discipline, self.year, self.counts_from, self.on):
            failed.append("R-GEN-02")
        if any(fact.year == self.year for fact in unit.awards.get(code, ())):
            failed.append("R-GEN-04")
        return failed

    def _unit_rating_low(self, unit: UnitFacts, needed: int) -> bool:
        """`rules._unit_rating` not met: no rating for the year, or below `needed`."""
        found = unit.ratings.get(self.year)
        return found is None or RATING_RANK[found[1]] < needed

    def _ttldtt(self, unit: UnitFacts, members: MemberCounts) -> list[str]:
        """`rules.rule_ttldtt` (R-COL-01): its failed rules."""
        failed = self._unit_common(unit, "TTLDTT")
        if self._unit_rating_low(unit, GOOD):
            failed.append("R-COL-01")
        if not members.total:
            return [*failed, "R-COL-01"]
        if members.ldtt * 100 < self.share_pct * members.total:  # `rules._share`
            failed.append("R-COL-01")
        if members.warned:  # `rules._members_disciplined`
            failed.append("R-COL-01")
        return failed

    def _ttldxs(self, unit: UnitFacts, members: MemberCounts) -> list[str]:
        """`rules.rule_ttldxs` (R-COL-02, D5): its failed rules."""
        failed = self._unit_common(unit, "TTLDXS")
        if self._unit_rating_low(unit, EXCELLENT):
            failed.append("R-COL-02")
        if not members.total:
            return [*failed, "R-COL-02"]
        if members.completed < members.total:
            failed.append("R-COL-02")
        if members.ldtt * 100 < self.share_pct * members.total:
            failed.append("R-COL-02")
        if not members.cstdcs:
            failed.append("R-COL-02")
        if self.no_discipline and members.warned:
            failed.append("R-COL-02")
        return failed
