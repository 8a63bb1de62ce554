"""The sentences of the explanations, kept apart from the rules so that the rules stay cheap (a
condition stores a key and its parameters; the sentence is translated only when shown)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from thidua.awards.catalogue import AWARD_TYPES
from thidua.awards.models import CaseKind, CommendationType, DisciplineLevel, RatingLevel

SHORT = {row[0]: row[3] for row in AWARD_TYPES}

MESSAGES: dict[str, Any] = {
    # general
    "no_version": _(
        "No version of this title or form is in force on %(on)s; the catalogue's versions start on 01/01/2018 (Decree 91/2017/NĐ-CP), on 01/01/2024 for the titles new in Law 06/2022/QH15. Give the date the dossier was received."
    ),
    "no_case": _("No open case blocks a proposal on %(on)s."),
    "open_case": _("Open on %(on)s: %(cases)s. No proposal while it is being considered."),
    "no_discipline": _("No discipline period covers %(year)s."),
    "disciplined": _(
        "Disciplined (%(level)s) from %(start)s to %(end)s: achievements count only from the end of the discipline period."
    ),
    "already": _("Already awarded %(code)s for %(year)s (%(records)s): one achievement is rewarded once."),
    "lineage_carried": _("The history of %(unit)s (%(kind)s on %(date)s) counts for this unit."),
    "lineage_not_carried": _(
        "The history of %(unit)s (%(kind)s on %(date)s) does not count: the link is not marked as inheriting."
    ),
    "not_evaluated": _("This title has no automatic rules yet: a person checks the standards."),
    "no_rules": _(
        "No rules declared for this title in the version in force on %(on)s: a person checks the standards."
    ),
    # ratings and individuals
    "armed_forces_ldtt": _(
        "Works in the armed forces in %(year)s: the title for them is Chiến sĩ tiên tiến."
    ),
    "not_armed_forces": _(
        "Chiến sĩ tiên tiến is for the armed forces; this person's title is Lao động tiên tiến."
    ),
    "rating_ok": _("Rated “%(rating)s” in %(year)s (well completed duties or better needed)."),
    "rating_low": _("Rated “%(rating)s” in %(year)s; needs “well completed duties” or better."),
    "rating_missing": _("No rating recorded for %(year)s; needs “well completed duties” or better."),
    "rating_maternity": _(
        "No rating for %(year)s; on maternity leave, which counts as working time: the unit still rates the year."
    ),
    "months_short": _("Worked %(months)s months in %(year)s; the province requires %(min)s."),
    "ldtt_standard_ok": _("Meets the standard of Lao động tiên tiến in %(year)s."),
    "ldtt_standard_missing": _(
        "Does not meet the standard of Lao động tiên tiến in %(year)s (needs the title or a rating of well completed duties or better)."
    ),
    "ldtt_standard_unrecorded": _(
        "No rating recorded for %(year)s and no Lao động tiên tiến title: a person checks the standard."
    ),
    "cstdcs_ground_ok": _("Ground in %(year)s: %(grounds)s."),
    "cstdcs_ground_unrecorded": _(
        "No rating recorded for %(year)s, and no initiative, accepted scientific work or combat creativity usable that year: a person checks the ground.%(unusable)s"
    ),
    "cstdcs_both_unrecorded": _(
        "From %(from)s both an “excellently completed duties” rating and an initiative are needed in %(year)s; no rating recorded for %(year)s: a person checks it."
    ),
    "cstdcs_ground_missing": _(
        "Needs in %(year)s an “excellently completed duties” rating, or an initiative, accepted scientific work or combat creativity recognised that year; none usable is recorded.%(unusable)s"
    ),
    "cstdcs_both_missing": _(
        "From %(from)s both an “excellently completed duties” rating and an initiative are needed in %(year)s; missing: %(missing)s."
    ),
    "cap_ok": _(
        "%(unit)s has %(count)s %(base)s in %(year)s; the cap of %(pct)s%% is %(cap)s (rounded %(rounding)s) and %(others)s other Chiến sĩ thi đua cơ sở are recorded: this proposal fits."
    ),
    "cap_full": _(
        "%(unit)s has %(count)s %(base)s in %(year)s; the cap of %(pct)s%% is %(cap)s (rounded %(rounding)s) and %(others)s other Chiến sĩ thi đua cơ sở are already recorded: no room is left."
    ),
    "cap_no_unit": _("No unit on 31/12/%(year)s to count the cap of %(pct)s%% against; a person checks it."),
    "chain_ok": _("%(code)s in %(years)s.%(skipped)s"),
    "chain_missing": _("Needs %(code)s in %(years)s; %(missing)s missing.%(skipped)s%(excluded)s"),
    "chain_reused": _("The years %(years)s already grounded %(code)s %(used)s; chain years are not reused."),
    "initiative_ok": _("Initiative or scientific work recognised %(scope)s: %(titles)s."),
    "initiative_missing": _(
        "Needs an initiative or scientific work recognised %(scope)s between %(first)s and %(last)s; none usable is recorded.%(unusable)s"
    ),
    "flag_pair_ok": _("Chiến sĩ thi đua tỉnh twice consecutively: %(years)s."),
    "flag_pair_missing": _(
        "Needs Chiến sĩ thi đua tỉnh twice consecutively, the second in %(prev)s or %(year)s, the first three years before it; %(found)s.%(excluded)s"
    ),
    "tq_used": _("Chiến sĩ thi đua toàn quốc was already awarded in %(year)s on these titles."),
    "bk_d_ok": _("Point (d): %(basis)s, with two initiatives not used before (%(titles)s)."),
    "bk_d_missing": _(
        "Point (d) not met: %(missing)s. Points (a), (b), (c) and (e) are grounds a person judges."
    ),
    "bk_unit_ok": _("Excellently completed tasks or Tập thể lao động xuất sắc in %(years)s."),
    "bk_unit_missing": _(
        "The ground of two consecutive years is not met (%(missing)s); other grounds are judged by people.%(excluded)s"
    ),
    "not_counted_year": _("%(year)s: within the discipline period (until %(end)s), R-GEN-02"),
    "pm_ok": _(
        "Bằng khen tỉnh of %(b)s, then %(n)s years (%(first)s–%(last)s) rated well completed duties or better, with Chiến sĩ thi đua cơ sở %(count)s times (%(years)s)."
    ),
    "pm_no_bk": _(
        "Point (b) needs a Bằng khen tỉnh (movement or merit; ad-hoc and thematic ones do not count) at least %(n)s years before %(year)s; none recorded. Other points of Article 73 are judged by people."
    ),
    "pm_no_base": _(
        "Point (b) needs a Bằng khen tỉnh (movement or merit; ad-hoc and thematic ones do not count) at least %(n)s years before %(year)s; the ones recorded do not count: %(records)s. Other points of Article 73 are judged by people."
    ),
    "pm_missing": _(
        "Point (b) not met from the Bằng khen tỉnh of %(b)s: %(missing)s. Other points of Article 73 are judged by people."
    ),
    "pm_collective": _("The criteria of Article 73 for collectives are judged by people."),
    # D4: the proposal relies on a basis; the engine's own, failed, is not met.
    "basis_judged": _("The proposal relies on %(ground)s, which people judge."),
    "bk_d_missing_basis": _("The proposal relies on point (d), which is not met: %(missing)s."),
    "pm_missing_basis": _(
        "The proposal relies on point (b), which is not met from the Bằng khen tỉnh of %(b)s: %(missing)s."
    ),
    "pm_no_bk_basis": _(
        "The proposal relies on point (b), which needs a Bằng khen tỉnh (movement or merit; ad-hoc and thematic ones do not count) at least %(n)s years before %(year)s; none recorded."
    ),
    "pm_no_base_basis": _(
        "The proposal relies on point (b), which needs a Bằng khen tỉnh (movement or merit; ad-hoc and thematic ones do not count) at least %(n)s years before %(year)s; the ones recorded do not count: %(records)s."
    ),
    "bk_unit_missing_basis": _(
        "The proposal relies on two consecutive years rated excellently, which are not met (%(missing)s).%(excluded)s"
    ),
    "giay_khen_check": _(
        "Completes duties well; the achievements in a movement, or ad-hoc achievements, are judged by the head of the unit."
    ),
    # collectives
    "unit_rating_ok": _("The unit completed its tasks “%(rating)s” in %(year)s."),
    "unit_rating_low": _("The unit's rating in %(year)s is “%(rating)s”; needs “%(needed)s”."),
    "unit_rating_missing": _("No rating of the unit recorded for %(year)s; needs “%(needed)s”."),
    "no_members": _("No members recorded in the unit on 31/12/%(year)s."),
    "share_ok": _(
        "%(count)s of %(total)s members meet the Lao động tiên tiến standard in %(year)s (needs %(pct)s%%).%(counted)s"
    ),
    "share_low": _(
        "Only %(count)s of %(total)s members meet the Lao động tiên tiến standard in %(year)s; needs %(pct)s%% (%(needed)s).%(counted)s"
    ),
    "share_unrecorded": _(
        "%(count)s of %(total)s members meet the Lao động tiên tiến standard in %(year)s (needs %(pct)s%%); %(unknown)s have no rating recorded: a person checks the share.%(counted)s"
    ),
    "completed_unrecorded": _(
        "Every member must complete their duties in %(year)s; no rating recorded for: %(names)s. A person checks them."
    ),
    "member_cstdcs_unknown": _(
        "No member holds Chiến sĩ thi đua cơ sở in %(year)s yet; it needs a human check for: %(names)s."
    ),
    "members_disciplined": _("Members disciplined with a warning or more in %(year)s: %(names)s."),
    "members_clean": _("No member disciplined with a warning or more in %(year)s."),
    "all_completed": _("All %(total)s members completed their duties in %(year)s."),
    "not_all_completed": _("Every member must complete their duties in %(year)s; not rated so: %(names)s."),
    "member_cstdcs_ok": _("Chiến sĩ thi đua cơ sở among the members in %(year)s: %(names)s."),
    "member_cstdcs_missing": _(
        "Needs at least one member with Chiến sĩ thi đua cơ sở in %(year)s; none.%(excluded)s"
    ),
    "leading_ok": _("Leading unit (rank 1) of %(block)s in %(year)s."),
    "leading_tied": _(
        "Tied for first place in %(block)s in %(year)s, beyond the units the block lets share the lead: "
        "the province decides which unit leads and receives the flag."
    ),
    "leading_low_level": _("Led %(block)s in %(year)s, a block not organised by a province or ministry."),
    "leading_low_level_check": _(
        "Led %(block)s in %(year)s, a block not organised by a province or ministry: the province's guidance may allow its leader the province's flag; an officer checks it and accepts it."
    ),
    "leading_low_level_allowed": _(
        "Led %(block)s in %(year)s, a block not organised by a province or ministry, whose leader the province's guidance allows the province's flag (settings)."
    ),
    "local_no_rules": _(
        "%(award)s is in the province's catalogue without rules: a person checks it. To check: %(reason)s"
    ),
    "local_no_rules_bare": _(
        "%(award)s is in the province's catalogue without rules: a person checks it against its own regulations."
    ),
    "leading_missing": _(
        "Not the leading unit of a block organised by the province in %(year)s%(standings)s. The branch of a thematic movement is not evaluated here."
    ),
    "quota_used": _("The block's quota of %(n)s province flag(s) for %(year)s is used by %(units)s."),
    "quota_free": _("The block's quota of province flags for %(year)s is not used up."),
    "flag_standards": _(
        "The standards of Article %(article)s (exceeding the year's targets, a model collective, unity, strong Party and mass organisations, thrift and anti-corruption) are judged by people."
    ),
    "bk_unit_standards": _("The qualitative conditions of Article 74(2) are judged by people."),
    "cp_cap": _("The province's Government flag proposals must stay within %(pct)s%% of its block leaders."),
}

MESSAGES.update(
    {
        "skipped_maternity": _("Skipped for maternity leave (it neither breaks nor counts): %(years)s."),
        "excellent": _("excellently completed duties"),
        "excellent_years": _("excellently completed duties in %(years)s"),
        "an_initiative": _("an initiative"),
        "cap_base_ldtt": _("people meeting the Lao động tiên tiến standard"),
        "cap_base_rated": _("people rated"),
        "rounded_down": _("down"),
        "rounded_up": _("up"),
        "rounded_nearest": _("to the nearest whole number"),
        "two_initiatives": _(
            "needs two usable initiatives or scientific works recognised between %(first)s and %(last)s, has %(found)s.%(unusable)s"
        ),
        "cstdcs_count": _("Chiến sĩ thi đua cơ sở %(count)s times in %(first)s–%(last)s, needs 3."),
        # A record that exists but does not count, with its reason (issue 13).
        "not_counted": _("Not counted: %(records)s."),
        "not_counted_type": _("%(record)s: %(type)s, R-GEN-06"),
        "not_counted_discipline": _("%(record)s: within the discipline period (until %(end)s), R-GEN-02"),
        "not_counted_before_pm": _("%(record)s: before the Bằng khen của Thủ tướng of %(year)s"),
        "not_counted_recent": _("%(record)s: fewer than %(n)s years before %(year)s"),
        "counted_names": _("Counted: %(names)s."),
    }
)

NOTES: dict[str, Any] = {
    "ballot": _(
        "The council's ballot follows: approving votes of at least %(pct)s%% of all its members (absent members vote in writing)."
    ),
    "qualitative": _(
        "The unit's deliberation judges the qualitative standards (self-reliance, solidarity, active emulation)."
    ),
    "together": _(
        "A title of the year being evaluated that is not yet decided counts when the engine finds it eligible now: both are proposed together."
    ),
}

REF_KINDS = {
    "award": _("award"),
    "rating": _("rating"),
    "initiative": _("initiative"),
    "discipline": _("discipline"),
    "case": _("case"),
    "maternity": _("maternity leave"),
    "standing": _("standing"),
    "person": _("member"),
}


@dataclass(frozen=True)
class Msg:
    """A sentence inside another sentence, rendered only when shown."""

    key: str
    params: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, key: str, **params: Any) -> Msg:
        return cls(key, tuple(sorted(params.items())))


SCOPES = {"province": _("as effective province-wide"), "national": _("as effective nationwide"), "": ""}


# Parameters that add a sentence of their own at the end of another (a leading space, or nothing).
TAILS = frozenset({"skipped", "excluded", "counted"})


def _join(parts: list[str]) -> str:
    """Sentences follow one another (each capitalised); phrases are listed with commas."""
    if parts and all(part.endswith(".") for part in parts):
        return " ".join(part[:1].upper() + part[1:] for part in parts)
    return ", ".join(parts)


BASIS_WORDS = {"other": _("another point of Article 73"), "collective": _("the collective's ground")}


def _value(name: str, value: Any) -> Any:
    if name == "ground":  # D4: a key of proposals.rules.BASES
        if isinstance(value, str) and len(value) == 1:
            return _("point (%(point)s)") % {"point": value}
        return BASIS_WORDS.get(value, value)
    if name in TAILS:
        return " " + str(_value("", value)) if value else ""
    if isinstance(value, Msg):
        return render(value.key, dict(value.params))
    if name == "type" and value in CommendationType.values:
        return str(CommendationType(value).label).lower()
    if name == "scope":
        return SCOPES.get(value, value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if name in ("rating", "needed"):
        return RatingLevel(value).label if value in RatingLevel.values else value
    if name == "level" and isinstance(value, int):
        return DisciplineLevel(value).label
    if name == "code":
        return SHORT.get(value, value)
    if name == "kind" and value in CaseKind.values:
        return CaseKind(value).label
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], Msg):
            parts = [str(_value("", v)) for v in value]
            return "; ".join(parts) if name == "records" else _join(parts)
        return ", ".join(str(_value(name if name == "rating" else "", v)) for v in value)
    return value


def _sentences(value: Any) -> bool:
    return isinstance(value, Msg) or (
        isinstance(value, list | tuple) and bool(value) and isinstance(value[0], Msg)
    )


def render(key: str, params: dict[str, Any], table: dict[str, Any] | None = None) -> str:
    """The sentence of a condition or note in the current language. A sentence inside another loses
    its full stop where the outer one puts its own ("needs 3. Other", never "needs 3.. Other")."""
    template = str((table or MESSAGES)[key])
    values = {}
    for name, value in params.items():
        rendered = _value(name, value)
        if name not in TAILS and _sentences(value) and f"%({name})s." in template:
            rendered = str(rendered).rstrip(".")
        values[name] = rendered
    return template % values
