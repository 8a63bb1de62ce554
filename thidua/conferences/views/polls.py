"""The chair's page of one poll: settings while a draft, the live participation count while open, the
typed-in paper count, the result with each verdict's margin, publication and the receipts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.awards.rules import evaluate
from thidua.conferences import services
from thidua.conferences.forms import (
    AcclamationForm,
    ConfirmAbsentForm,
    PaperResultForm,
    PollForm,
    VoidForm,
    WrittenOpinionForm,
)
from thidua.conferences.models import Participant, Poll, PollKind, PollMode, PollStatus, ThresholdBase
from thidua.conferences.permissions import can_run_conference, get_poll_for_user
from thidua.conferences.results import given
from thidua.conferences.views.common import (
    fail,
    form_errors,
    fraction_rule,
    posted,
    result_rows,
    threshold_text,
    year_context,
)
from thidua.conferences.views.voting import choice_from_post
from thidua.lib.forms import add_service_errors


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_poll_for_user(request.user, pk)
    conference = poll.conference
    run = can_run_conference(request.user, conference.block_year)
    form = PollForm(instance=poll) if run and poll.status == PollStatus.DRAFT else None
    paper_form = None
    if run and poll.mode == PollMode.PAPER and poll.status in (PollStatus.OPEN, PollStatus.CLOSED):
        paper_form = PaperResultForm(poll=poll, initial=_paper_initial(poll))
    acclamation = (
        run and poll.mode == PollMode.ACCLAMATION and poll.status in (PollStatus.OPEN, PollStatus.CLOSED)
    )
    voted, voters = services.participation_count(poll)
    outcome = poll.outcome
    result = outcome if outcome is not None and (run or poll.status == PollStatus.PUBLISHED) else None
    absent = services.quorum_status(conference).absent if run and poll.status == PollStatus.DRAFT else []
    return render(
        request,
        "conferences/poll.html",
        {
            **year_context(conference.block_year, request.user),
            "conference": conference,
            "poll": poll,
            "run": run,
            "form": form,
            "paper_form": paper_form,
            "acclamation_form": acclamation,
            "agreed": _agreed(poll) if acclamation else {},
            "voted": voted,
            "voters": voters,
            "rows": result_rows(poll) if result is not None else [],
            "result": result,
            "threshold_text": threshold_text(result) if result is not None else "",
            "rule_text": fraction_rule(
                poll.threshold_comparison,
                poll.threshold_numerator,
                poll.threshold_denominator,
                str(ThresholdBase(poll.threshold_base).label),
            ),
            "options": poll.options.select_related("unit", "person", "award_type"),
            "eligibility": _eligibility(poll) if run and poll.kind == PollKind.PROPOSALS else {},
            "written_voters": services.absent_without_vote(poll)
            if run and poll.status == PollStatus.OPEN
            else [],
            "written_opinions": poll.written_opinions.select_related("voter__unit"),
            "answer_choices": [("Y", _("Yes")), ("N", _("No")), ("A", _("Abstain"))],
            "absent": absent,
            "confirm_absent": services.roll_ids(absent),
        },
    )


def _agreed(poll: Poll) -> dict[int, Any]:
    """What an acclamation already recorded (to correct it): each agreed option's place, or True."""
    result = poll.outcome
    if result is None or not result.by_acclamation:
        return {}
    places = {p.option_id: p.place for p in result.place_list()}
    return {o.id: places.get(o.id, True) for o in result.options if o.verdict.passed}


def _eligibility(poll: Poll) -> dict[int, Any]:
    """Each proposal's eligibility on the conference's day (the awards engine, with its explanation a
    click away), so the members vote knowing what the law allows."""
    from django.urls import reverse

    year = poll.conference.block_year.year
    day = services.conference_day(poll.conference)
    found = {}
    for option in poll.options.select_related("unit", "person", "award_type"):
        if option.award_type is None:
            continue
        candidate: Any = option.unit if option.unit is not None else option.person
        kind = "unit" if option.unit is not None else "person"
        verdict = evaluate(candidate, option.award_type.code, year, on=day)
        query = f"?award_type={option.award_type.code}&year={year}&on={day:%d/%m/%Y}"
        found[option.pk] = {
            "status": verdict.status,
            "label": verdict.status_label,
            "url": reverse("awards:check", args=[kind, candidate.pk]) + query,
        }
    return found


def _paper_initial(poll: Poll) -> dict[str, Any]:
    result = poll.outcome
    if result is None:
        return {}
    initial: dict[str, Any] = {"cast": given(result.cast), "invalid": given(result.invalid)}
    for option in result.options:
        if isinstance(option.votes, int):
            initial[f"votes_{option.id}"] = option.votes
        else:
            for key, answer in (("yes", "Y"), ("no", "N"), ("abstain", "A")):
                initial[f"answer_{option.id}_{answer}"] = given(getattr(option, key))
    return initial


def _poll_action(view: Callable[[HttpRequest, Poll], None]) -> Callable[..., HttpResponse]:
    """A poll's one-click action: posted by a runner of its conference, refusals shown as messages, and
    back to the poll's page (a GET lands there too)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return redirect("conferences:poll", pk)
        poll = get_poll_for_user(request.user, pk, write=True)
        try:
            view(request, poll)
        except ValidationError as exc:
            fail(request, exc)
        return redirect("conferences:poll", poll.pk)

    return wrapped


@_poll_action
def open_(request: HttpRequest, poll: Poll) -> None:
    """Open the vote, once the officer confirmed the absent voters it was shown."""
    form = posted(ConfirmAbsentForm(request.POST))
    absent = services.quorum_status(poll.conference).absent
    if (
        poll.status == PollStatus.DRAFT
        and absent
        and not services.names_confirmed(form.cleaned_data["confirm_absent"], absent)
    ):
        # Not confirmed, or someone checked in since the page was shown: say who is missing now.
        messages.warning(
            request,
            ngettext(
                "Not opened: %(count)s voter has not checked in (%(names)s). "
                "Confirm to open the vote without them.",
                "Not opened: %(count)s voters have not checked in (%(names)s). "
                "Confirm to open the vote without them.",
                len(absent),
            )
            % {"count": len(absent), "names": _names(absent)},
        )
        return
    poll = services.open_poll(actor=request.user, poll=poll)
    voted, voters = services.participation_count(poll)
    messages.success(
        request,
        _(
            "Voting on “%(title)s” is open for %(voters)s voters. The chair's page shows how many "
            "have voted, never the running result."
        )
        % {"title": poll.title, "voters": voters},
    )


@_poll_action
def close(request: HttpRequest, poll: Poll) -> None:
    poll = services.close_poll(actor=request.user, poll=poll)
    outcome = poll.outcome
    cast = (given(outcome.cast) if outcome else None) or 0
    messages.success(
        request,
        _(
            "Voting on “%(title)s” is closed and %(cast)s ballots are counted. Check the result, then publish it."
        )
        % {"title": poll.title, "cast": cast},
    )


@_poll_action
def publish(request: HttpRequest, poll: Poll) -> None:
    poll = services.publish_poll(actor=request.user, poll=poll)
    messages.success(
        request,
        _("The result of “%(title)s” is published: delegates and the projector see it now.")
        % {"title": poll.title},
    )


@_poll_action
def void(request: HttpRequest, poll: Poll) -> None:
    form = posted(VoidForm(request.POST))
    poll = services.void_poll(actor=request.user, poll=poll, reason=form.cleaned_data["reason"])
    messages.success(
        request, _("“%(title)s” is voided; it stays in the record with the reason.") % {"title": poll.title}
    )


@_poll_action
def settings(request: HttpRequest, poll: Poll) -> None:
    form = posted(PollForm(request.POST, instance=Poll.objects.get(pk=poll.pk)))
    values = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
    try:
        poll = services.update_poll(actor=request.user, poll=poll, **values)
    except ValidationError as exc:
        add_service_errors(form, exc)
        raise ValidationError(form_errors(form)) from exc
    messages.success(request, _("The settings of “%(title)s” are saved.") % {"title": poll.title})


@_poll_action
def written(request: HttpRequest, poll: Poll) -> None:
    """R-VOTE-02: an absent member's written opinion, with the signed letter, counted like a ballot."""
    form = WrittenOpinionForm(request.POST, request.FILES)
    voter = get_object_or_404(
        Participant, pk=form.cleaned_data["voter"] if form.is_valid() else None, conference=poll.conference
    )
    upload = form.cleaned_data.get("document")
    services.record_written_opinion(
        actor=request.user,
        poll=poll,
        voter=voter,
        choice=choice_from_post(request, poll),
        file_name=(upload.name or "") if upload else "",
        content=upload if upload else b"",
    )
    messages.success(
        request, _("The written opinion of %(name)s is recorded and counted.") % {"name": voter.full_name}
    )


@_poll_action
def acclamation(request: HttpRequest, poll: Poll) -> None:
    chosen, places = posted(AcclamationForm(request.POST, poll=poll)).outcome()
    services.decide_by_acclamation(actor=request.user, poll=poll, chosen=chosen, places=places)
    messages.success(request, _("The outcome agreed by acclamation is recorded. Check it, then publish it."))


@_poll_action
def paper(request: HttpRequest, poll: Poll) -> None:
    form = posted(PaperResultForm(request.POST, poll=poll))
    services.enter_paper_result(
        actor=request.user,
        poll=poll,
        cast=form.cleaned_data["cast"],
        invalid=form.cleaned_data["invalid"],
        **form.counts(),
    )
    messages.success(request, _("The counted result is recorded. Check it, then publish it."))


def _names(participants: list[Participant]) -> str:
    return "; ".join(
        f"{p.full_name} ({p.unit})" if p.unit_id and str(p.unit) not in p.full_name else p.full_name
        for p in participants
    )


@login_required
def live(request: HttpRequest, pk: int) -> HttpResponse:
    """The participation count, polled by the chair's page every few seconds (htmx)."""
    poll = get_poll_for_user(request.user, pk)
    voted, voters = services.participation_count(poll)
    return render(
        request, "conferences/partials/poll_live.html", {"poll": poll, "voted": voted, "voters": voters}
    )


@login_required
def receipts(request: HttpRequest, pk: int) -> HttpResponse:
    """The published list of accepted receipts (hashes, sorted, never next to a choice), and a check."""
    poll = get_poll_for_user(request.user, pk)
    code = request.GET.get("code", "").strip()
    return render(
        request,
        "conferences/receipts.html",
        {
            **year_context(poll.conference.block_year, request.user),
            "conference": poll.conference,
            "poll": poll,
            "receipts": services.accepted_receipts(poll),
            "code": code,
            "listed": services.receipt_listed(poll, code) if code else None,
        },
    )
