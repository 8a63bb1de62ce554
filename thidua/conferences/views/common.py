"""Helpers shared by the conference pages: messages, the year's header, readable results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.conferences.models import Conference, Poll, ThresholdBase


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


def verdict_text(verdict: dict[str, Any]) -> str:
    """“needs 6 of 9, got 7” (voting-scoring.md C1); "agreed by acclamation" when decided so."""
    if verdict.get("acclamation"):
        return _("agreed by acclamation") if verdict["passed"] else _("not agreed")
    return _("needs %(needed)s of %(base)s, got %(got)s") % verdict


def fraction_rule(comparison: str, p: int, q: int, base: str) -> str:
    """“more than 1/2 of all voters on the roll” / “at least 2/3 of the valid ballots”."""
    if comparison == "at_least":
        return _("at least %(p)s/%(q)s of %(base)s") % {"p": p, "q": q, "base": base}
    return _("more than %(p)s/%(q)s of %(base)s") % {"p": p, "q": q, "base": base}


def threshold_text(result: dict[str, Any]) -> str:
    data = result["threshold"]
    return fraction_rule(
        data["comparison"], data["numerator"], data["denominator"], str(ThresholdBase(data["base"]).label)
    )


def result_rows(poll: Poll) -> list[dict[str, Any]]:
    """The result's options, in the order of the vote for candidate polls, with readable verdicts."""
    result = poll.result or {}
    options = {o["id"]: o for o in result.get("options", [])}
    order = result.get("order") or list(options)
    places = {p["option_id"]: p["place"] for p in result.get("places", [])}
    most = max((o.get("votes", o.get("yes", 0)) for o in options.values()), default=0) or 1
    rows = []
    for option_id in order:
        option = options[option_id]
        count = option.get("votes", option.get("yes", 0))
        separated = option.get("separated_by")
        rows.append(
            {
                **option,
                "place": places.get(option_id),
                "passed": option["verdict"]["passed"],
                "verdict_text": verdict_text(option["verdict"]),
                "separated_text": _("ahead on the scoring ranking") if separated == "score_rank" else "",
                "bar": round(100 * count / most),
            }
        )
    return rows
