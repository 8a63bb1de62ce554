"""The conference API: who may read and run, the transitions, casting by token, no ballot next to a voter."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from thidua.conferences import services
from thidua.conferences.models import Participation, Poll, PollStatus
from thidua.conferences.tests.helpers import delegate, make_conference, option_for
from thidua.testing import PERSONAS

READERS = {"board", "admin", "leader", "member", "delegate", "observer"}
RUNNERS = {"board", "admin", "leader"}


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_reading_and_running_by_persona(world, persona) -> None:
    w = world
    conference = make_conference(w)
    client = _client(None if persona == "anonymous" else w.user(persona))
    listed = client.get("/api/v1/conferences/", {"block_year": w.block_year.pk})
    if persona == "anonymous":
        assert listed.status_code == 401
        return
    ids = [row["id"] for row in listed.json()["results"]]
    assert ids == ([conference.pk] if persona in READERS else [])
    created = client.post(
        "/api/v1/polls/", {"conference": conference.pk, "kind": "ranking", "mode": "secret"}, format="json"
    )
    expected = 201 if persona in RUNNERS else 403 if persona in READERS else 404
    assert created.status_code == expected
    if persona in RUNNERS:
        poll_id = created.json()["id"]
        assert client.post(f"/api/v1/polls/{poll_id}/open/").json()["status"] == "open"


def test_transitions_and_paper_result_through_the_api(world) -> None:
    w = world
    conference = make_conference(w)
    client = _client(w.user("leader"))
    poll = client.post(
        "/api/v1/polls/",
        {"conference": conference.pk, "kind": "leader", "mode": "paper"},
        format="json",
    ).json()
    # Illegal: publishing a draft.
    refused = client.post(f"/api/v1/polls/{poll['id']}/publish/")
    assert refused.status_code == 400
    assert client.post(f"/api/v1/polls/{poll['id']}/open/").status_code == 200
    options = [o["id"] for o in poll["options"]]
    bad = client.post(
        f"/api/v1/polls/{poll['id']}/paper/",
        {"cast": 9, "votes": {str(o): 0 for o in options}},
        format="json",
    )
    assert bad.status_code == 400
    good = client.post(
        f"/api/v1/polls/{poll['id']}/paper/",
        {"cast": 3, "invalid": 0, "votes": {str(options[0]): 3, **{str(o): 0 for o in options[1:]}}},
        format="json",
    )
    assert good.status_code == 200 and good.json()["status"] == "closed"
    assert good.json()["result"]["places"][0]["option_id"] == options[0]
    # Settings are frozen after the draft.
    assert client.patch(f"/api/v1/polls/{poll['id']}/", {"max_choices": 2}, format="json").status_code == 400


def test_casting_with_the_voting_token_and_the_rules_it_follows(world) -> None:
    w = world
    conference = make_conference(w)
    board = w.user("board")
    token = services.issue_link(actor=board, participant=delegate(conference, w.member_unit))
    runner = _client(w.user("leader"))
    poll_id = runner.post(
        "/api/v1/polls/", {"conference": conference.pk, "kind": "ranking"}, format="json"
    ).json()["id"]
    poll = Poll.objects.get(pk=poll_id)
    anonymous = APIClient()
    # Not open yet.
    early = anonymous.post(
        f"/api/v1/polls/{poll_id}/cast/",
        {"choice": [option_for(poll, w.member_unit)]},
        format="json",
        HTTP_X_VOTING_TOKEN=token,
    )
    assert early.status_code == 400
    runner.post(f"/api/v1/polls/{poll_id}/open/")
    assert (
        anonymous.post(
            f"/api/v1/polls/{poll_id}/cast/", {"choice": []}, format="json", HTTP_X_VOTING_TOKEN="wrong"
        ).status_code
        == 404
    )
    cast = anonymous.post(
        f"/api/v1/polls/{poll_id}/cast/",
        {"choice": [option_for(poll, w.member_unit)]},
        format="json",
        HTTP_X_VOTING_TOKEN=token,
    )
    assert cast.status_code == 201 and len(cast.json()["receipt"]) == 14
    twice = anonymous.post(
        f"/api/v1/polls/{poll_id}/cast/",
        {"choice": [option_for(poll, w.leader_unit)]},
        format="json",
        HTTP_X_VOTING_TOKEN=token,
    )
    assert twice.status_code == 400
    assert Participation.objects.filter(poll=poll).count() == 1
    # While open the result is hidden from every reader, and only the count shows.
    seen = _client(w.user("observer")).get(f"/api/v1/polls/{poll_id}/").json()
    assert seen["voted"] == 1 and seen["result"] is None
    runner.post(f"/api/v1/polls/{poll_id}/close/")
    assert _client(w.user("observer")).get(f"/api/v1/polls/{poll_id}/").json()["result"] is None
    published = runner.post(f"/api/v1/polls/{poll_id}/publish/").json()
    assert published["status"] == PollStatus.PUBLISHED
    receipts = _client(w.user("observer")).get(f"/api/v1/polls/{poll_id}/receipts/").json()["receipts"]
    assert len(receipts) == 1 and len(receipts[0]) == 64


def test_no_endpoint_shows_a_ballot_next_to_a_voter(world) -> None:
    w = world
    conference = make_conference(w)
    board = w.user("board")
    tokens = {
        unit: services.issue_link(actor=board, participant=delegate(conference, unit))
        for unit in (w.leader_unit, w.member_unit)
    }
    client = _client(board)
    poll_id = client.post(
        "/api/v1/polls/", {"conference": conference.pk, "kind": "ranking"}, format="json"
    ).json()["id"]
    poll = Poll.objects.get(pk=poll_id)
    client.post(f"/api/v1/polls/{poll_id}/open/")
    for unit, token in tokens.items():
        APIClient().post(
            f"/api/v1/polls/{poll_id}/cast/",
            {"choice": [option_for(poll, unit)]},
            format="json",
            HTTP_X_VOTING_TOKEN=token,
        )
    client.post(f"/api/v1/polls/{poll_id}/close/")
    client.post(f"/api/v1/polls/{poll_id}/publish/")
    dumps = [
        json.dumps(client.get(url).json())
        for url in (
            f"/api/v1/polls/{poll_id}/",
            f"/api/v1/polls/{poll_id}/receipts/",
            f"/api/v1/participants/?conference={conference.pk}",
            f"/api/v1/conferences/{conference.pk}/",
        )
    ]
    everything = " ".join(dumps)
    for secret in ('"receipt_hash"', '"choice"', '"named_choice"', '"sealed"', '"token_hash"', '"voter"'):
        assert secret not in everything
    participants = client.get(f"/api/v1/participants/?conference={conference.pk}").json()["results"]
    assert set(participants[0]) == {
        "id",
        "conference",
        "kind",
        "unit",
        "full_name",
        "position",
        "weight",
        "checked_in_at",
        "present",
        "has_link",
    }


def test_check_in_through_the_api_is_for_those_who_run_it(world) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    participant = delegate(conference, w.member_unit)
    assert (
        _client(w.user("member"))
        .post(f"/api/v1/participants/{participant.pk}/check-in/", {"present": True})
        .status_code
        == 403
    )
    response = _client(w.user("leader")).post(
        f"/api/v1/participants/{participant.pk}/check-in/", {"present": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["present"] is True


def test_proposals_through_the_api(world, award_catalogue) -> None:
    w = world
    conference = make_conference(w)
    client = _client(w.user("leader"))
    refused = client.post(
        "/api/v1/polls/",
        {
            "conference": conference.pk,
            "kind": "proposals",
            "proposals": [{"award_type": "CSTDCS", "unit": w.member_unit.pk}],
        },
        format="json",
    )
    assert refused.status_code == 400
    created = client.post(
        "/api/v1/polls/",
        {
            "conference": conference.pk,
            "kind": "proposals",
            "proposals": [
                {"award_type": "CO_TD_TINH", "unit": w.member_unit.pk},
                {"award_type": "CSTDCS", "person": w.member_person.pk},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    options = created.json()["options"]
    assert [(o["unit"], o["person"]) for o in options] == [
        (w.member_unit.pk, None),
        (None, w.member_person.pk),
    ]
