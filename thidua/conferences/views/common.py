"""Helpers shared by the conference pages: messages, the year's header, readable results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference, Poll, ThresholdBase
from thidua.conferences.results import PollResult, StoredVerdict, given


def fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def conference_url(conference: Conference) -> str:
    return reverse("conferences:detail", args=[conference.pk])


def year_context(block_year: BlockYear, user: Actor) -> dict[str, Any]:
    return {
        "block_year": block_year,
        "blk": block_year.block,
        "tab": "conference",
        "is_leader_officer": block_year.pk in BlockYear.objects.led_ids(user),
        "years": list(
            BlockYear.objects.filter(block_id=block_year.block_id)
            .order_by("-year")
            .values_list("year", flat=True)
        ),
    }


def form_errors(form: Any) -> list[str]:
    """A form's errors as messages that name the field."""
    found = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            found.append(f"{label}: {error}" if label else str(error))
    return found


def posted(form: Any) -> Any:
    """The posted form when valid; otherwise a ValidationError whose messages name the fields."""
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form


def verdict_text(verdict: StoredVerdict) -> str:
    """“needs 6 of 9, got 7” (voting-scoring.md C1); "agreed by acclamation" when decided so."""
    if verdict.acclamation:
        return _("agreed by acclamation") if verdict.passed else _("not agreed")
    return _("needs %(needed)s of %(base)s, got %(got)s") % {
        "needed": verdict.needed,
        "base": verdict.base,
        "got": verdict.got,
    }


def fraction_rule(comparison: str, p: int, q: int, base: str) -> str:
    """“more than 1/2 of all voters on the roll” / “at least 2/3 of the valid ballots”."""
    if comparison == "at_least":
        return _("at least %(p)s/%(q)s of %(base)s") % {"p": p, "q": q, "base": base}
    return _("more than %(p)s/%(q)s of %(base)s") % {"p": p, "q": q, "base": base}


def threshold_text(result: PollResult) -> str:
    threshold = result.threshold
    return fraction_rule(
        threshold.comparison,
        threshold.numerator,
        threshold.denominator,
        str(ThresholdBase(threshold.base).label),
    )


@dataclass(frozen=True)
class ResultRow:
    """One line of a result as the pages and the minutes show it: the option's counts (None where
    the poll has none), its place, its verdict in words and the length of its bar."""

    id: int
    label: str
    votes: int | None
    yes: int | None
    no: int | None
    abstain: int | None
    place: int | None
    passed: bool
    verdict_text: str
    separated_text: str
    bar: int


def result_rows(poll: Poll) -> list[ResultRow]:
    """The result's options, in the order of the vote for candidate polls, with readable verdicts."""
    result = poll.outcome
    if result is None:
        return []
    places = result.place_of()
    most = max((o.count for o in result.options), default=0) or 1
    return [
        ResultRow(
            id=option.id,
            label=option.label,
            votes=given(option.votes),
            yes=given(option.yes),
            no=given(option.no),
            abstain=given(option.abstain),
            place=places.get(option.id),
            passed=option.verdict.passed,
            verdict_text=verdict_text(option.verdict),
            separated_text=_("ahead on the scoring ranking") if option.separated_by == "score_rank" else "",
            bar=round(100 * option.count / most),
        )
        for option in result.option_order()
    ]
