"""The voter's door (`permissions.get_ballot_place`) refuses the same cases on the ballot page and
the API: no delegate behind the link, a poll of another conference, a voter of another conference.
Nothing is written when it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.conferences import services
from thidua.conferences.models import ConferenceKind, Participation
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for


def _page(token: str, poll_pk: int, voter_pk: int, choice: list[int]) -> int:
    client = Client()
    client.get(reverse("vote:link", args=[token]))
    return client.post(
        reverse("vote:cast", args=[poll_pk]), {"voter": voter_pk, "choice": choice}
    ).status_code


def _api(token: str, poll_pk: int, voter_pk: int, choice: list[int]) -> int:
    response = APIClient().post(
        f"/api/v1/polls/{poll_pk}/cast/",
        {"choice": choice, "voter": voter_pk},
        format="json",
        HTTP_X_VOTING_TOKEN=token,
    )
    return response.status_code


@pytest.mark.parametrize("path", [_page, _api], ids=["page", "api"])
def test_the_door_refuses_the_same_cases_on_both_paths(world, path: Any) -> None:
    w = world
    board = w.user("board")
    here = make_conference(w)
    other = make_conference(w, kind=ConferenceKind.PREPARATORY)
    me = delegate(here, w.member_unit)
    token = services.issue_link(actor=board, participant=me)
    poll = open_ranking(w, here, max_choices=1)
    other_poll = open_ranking(w, other, max_choices=1)
    choice = [option_for(poll, w.member_unit)]
    stranger = delegate(other, w.leader_unit)

    assert path("not-a-link", poll.pk, me.pk, choice) == 404
    assert path(token, other_poll.pk, me.pk, [option_for(other_poll, w.member_unit)]) == 404
    assert path(token, poll.pk, stranger.pk, choice) == 404
    assert not Participation.objects.exists()

    # Through the same door, the delegate's own ballot is taken once.
    assert path(token, poll.pk, me.pk, choice) in (200, 201)
    assert Participation.objects.filter(poll=poll, voter=me).count() == 1


def test_a_receipt_check_with_a_poll_that_is_not_a_number_is_not_found(world) -> None:
    """?poll=abc on the delegate's receipt page answers 404, not a server error."""
    w = world
    conference = make_conference(w)
    me = delegate(conference, w.member_unit)
    token = services.issue_link(actor=w.user("board"), participant=me)
    client = Client()
    client.get(reverse("vote:link", args=[token]))
    assert client.get(reverse("vote:check"), {"poll": "abc"}).status_code == 404
    assert client.get(reverse("vote:check"), {"poll": "9" * 30}).status_code == 404
