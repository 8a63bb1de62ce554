"""Voting from a phone: a delegate opens a personal link (or scans its QR code) without an account.

The link's token is exchanged for a signed cookie at once, so that later addresses carry no token. The
ballot page shows the open poll, for the delegate and for each absent member whose written proxy it
holds; casting returns the receipt code on the response only (it is not stored with the delegate).
A logged-in delegate whose account an organiser linked to its place on the roll votes the same way.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from thidua.conferences import permissions, sealing, services
from thidua.conferences.forms import PickForm
from thidua.conferences.models import (
    Conference,
    Participant,
    Participation,
    Poll,
    PollMode,
    PollStatus,
)
from thidua.conferences.views.common import result_rows

# The voting link is exchanged for a signed cookie holding the token's hash (no session row is written
# per delegate: 300 phones opening their links at once should not queue behind session writes).
COOKIE = "thidua_vote"
COOKIE_SALT = "thidua.conferences.voting"
COOKIE_MAX_AGE = 7 * 24 * 3600


@never_cache
def vote_link(request: HttpRequest, token: str) -> HttpResponse:
    participant = permissions.delegate_for_token(token)
    if participant is None:
        return render(request, "conferences/vote_invalid.html", status=404)
    response = redirect("vote:page")
    response.set_signed_cookie(
        COOKIE,
        sealing.token_hash(token),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def current_participant(request: HttpRequest) -> Participant | None:
    """The delegate behind this browser: its voting link's signed cookie, or its linked account."""
    token_hash = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    return permissions.delegate_for(token_hash=token_hash, user=request.user)


def _state(conference: Conference) -> str:
    """Changes when a poll opens, closes or is published: the page reloads itself then."""
    rows = conference.polls.exclude(status=PollStatus.DRAFT).values_list("pk", "status")
    return ",".join(f"{pk}:{status}" for pk, status in rows)


def _context(participant: Participant) -> dict[str, Any]:
    conference = participant.conference
    open_poll = conference.polls.filter(status=PollStatus.OPEN).first()
    ballots = []
    if open_poll is not None and open_poll.has_ballots:
        voted = set(Participation.objects.filter(poll=open_poll).values_list("voter_id", flat=True))
        for voter in services.votes_of(participant):
            ballots.append({"voter": voter, "proxy": voter.pk != participant.pk, "voted": voter.pk in voted})
    published = conference.polls.filter(status=PollStatus.PUBLISHED).order_by("-published_at")

    return {
        "participant": participant,
        "conference": conference,
        "poll": open_poll,
        "options": list(open_poll.options.all()) if open_poll else [],
        "ballots": ballots,
        "published": [(p, p.outcome, result_rows(p)) for p in published],
        "state": _state(conference),
    }


@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant is None:
        return render(request, "conferences/vote_invalid.html", status=404)
    return render(request, "conferences/vote.html", _context(participant))


@never_cache
def vote_state(request: HttpRequest) -> HttpResponse:
    """Polled by the ballot page: asks the page to reload when the conference's polls change."""
    participant = current_participant(request)
    response = HttpResponse(status=204)
    if participant is None or request.GET.get("state") != _state(participant.conference):
        response["HX-Refresh"] = "true"
    return response


@sensitive_post_parameters()
@require_POST
@never_cache
def cast(request: HttpRequest, poll_pk: int) -> HttpResponse:
    participant = current_participant(request)
    if participant is None:
        return render(request, "conferences/vote_invalid.html", status=404)
    picked = PickForm(request.POST, field="voter", required=False)
    if not picked.is_valid():
        raise Http404
    poll, voter = permissions.get_ballot_place(participant, poll_pk, picked.picked)
    choice = choice_from_post(request, poll)
    try:
        receipt = services.cast_ballot(poll=poll, participant=participant, voter=voter, choice=choice)
    except ValidationError as exc:
        context = _context(participant)
        context["errors"] = exc.messages
        return render(request, "conferences/vote.html", context, status=400)
    return render(
        request,
        "conferences/vote_receipt.html",
        {
            "participant": participant,
            "conference": participant.conference,
            "poll": poll,
            "voter": voter,
            "receipt": receipt,
        },
    )


def choice_from_post(request: HttpRequest, poll: Poll) -> Any:
    """A ballot's choice from a form: the ticked candidates, or answer_<option> = Y / N / A."""
    if poll.is_select:
        try:
            return [int(value) for value in request.POST.getlist("choice")]
        except ValueError:
            return None
    return {
        key.removeprefix("answer_"): value
        for key, value in request.POST.items()
        if key.startswith("answer_") and key.removeprefix("answer_").isdecimal()
    }


def receipt_check(request: HttpRequest) -> HttpResponse:
    """A delegate checks a receipt against a published poll's list of accepted ballots."""
    participant = current_participant(request)
    if participant is None:
        return render(request, "conferences/vote_invalid.html", status=404)
    poll_id = request.GET.get("poll", "")
    if not poll_id.isdecimal() or len(poll_id) > 18:
        raise Http404
    poll = get_object_or_404(Poll, pk=poll_id, conference=participant.conference)
    code = request.GET.get("code", "")
    return render(
        request,
        "conferences/vote_check.html",
        {
            "participant": participant,
            "conference": participant.conference,
            "poll": poll,
            "code": code,
            "listed": services.receipt_listed(poll, code) if code else None,
            "count": len(services.accepted_receipts(poll)),
        },
    )


# The public receipt check: per client address, at most this many look-ups that find nothing per
# window. Only misses count, so that delegates behind one proxy address checking right codes are
# never held up, while guessing codes (60 random bits each) stays hopeless.
MISSES_PER_WINDOW = 20
LOOKUP_WINDOW = 600


@never_cache
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    """Anyone with a receipt code checks, without logging in and also after the conference has closed,
    that it is among a published poll's accepted receipts (issue 11). The answer is yes or no for that
    one code; no list, no poll title, no choice. Look-ups that find nothing are limited per client
    address (the limit is kept in Django's cache: per process unless a shared cache is configured)."""
    poll_number = request.GET.get("poll", "").strip()
    code = request.GET.get("code", "").strip()
    context: dict[str, Any] = {"poll_number": poll_number, "code": code, "listed": None, "known": True}
    status = 200
    if poll_number and code:
        key = f"thidua:receipt-misses:{request.META.get('REMOTE_ADDR', '')}"
        if cache.get(key, 0) >= MISSES_PER_WINDOW:
            context["limited"] = True
            status = 429
        else:
            poll = (
                Poll.objects.filter(pk=int(poll_number), status=PollStatus.PUBLISHED)
                .filter(mode__in=[PollMode.SECRET, PollMode.NAMED])
                .first()
                if poll_number.isdecimal() and len(poll_number) < 12
                else None
            )
            context["known"] = poll is not None
            context["listed"] = poll is not None and services.receipt_listed(poll, code)
            if not context["listed"]:
                cache.add(key, 0, LOOKUP_WINDOW)
                cache.incr(key)
    return render(request, "conferences/receipt_lookup.html", context, status=status)
