"""Issue 12 item 10 in conferences: a threshold of 0 is refused; approved proposals keep the order of
the vote."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from thidua.conferences import services
from thidua.conferences.models import AwardCandidate, Poll, PollKind
from thidua.conferences.services import Proposal
from thidua.conferences.tests.helpers import delegate, make_conference

pytestmark = pytest.mark.django_db


def test_a_threshold_of_zero_is_refused_in_vietnamese(world) -> None:
    w = world
    conference = make_conference(w)
    with pytest.raises(ValidationError) as error:
        services.create_poll(
            actor=w.user("board"),
            conference=conference,
            kind=PollKind.QUESTION,
            title="Thông qua báo cáo tổng kết",
            threshold_numerator=0,
            threshold_denominator=2,
        )
    assert "Ngưỡng 0" in " ".join(error.value.message_dict["threshold_numerator"])
    assert not Poll.objects.exists()
    client = APIClient()
    client.force_authenticate(w.user("board"))
    refused = client.post(
        "/api/v1/polls/",
        {"conference": conference.pk, "kind": "question", "threshold_numerator": 0},
        format="json",
    )
    assert refused.status_code == 400 and "Ngưỡng 0" in refused.content.decode()
    assert not Poll.objects.exists()


def test_approved_proposals_keep_the_order_of_the_vote(world, award_catalogue) -> None:
    w = world
    board = w.user("board")
    conference = make_conference(w)
    codes = ["CSTDCS", "BK_TINH", "CO_TD_CP"]
    assert sorted(codes, key=lambda c: award_catalogue[c].position) != codes
    poll = services.create_poll(
        actor=board,
        conference=conference,
        kind=PollKind.PROPOSALS,
        proposals=[
            Proposal(award_catalogue["CSTDCS"], person=w.member_person),
            Proposal(award_catalogue["BK_TINH"], unit=w.deputy_unit),
            Proposal(award_catalogue["CO_TD_CP"], unit=w.member_unit),
        ],
    )
    services.open_poll(actor=board, poll=poll)
    options = list(poll.options.all())
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice={str(o.pk): "Y" for o in options}
        )
    services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=poll))
    second = services.create_poll(
        actor=board,
        conference=conference,
        kind=PollKind.PROPOSALS,
        proposals=[Proposal(award_catalogue["CO_TD_CP"], unit=w.deputy_unit)],
    )
    services.open_poll(actor=board, poll=second)
    option = second.options.get()
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=second, participant=delegate(conference, unit), choice={str(option.pk): "Y"}
        )
    services.publish_poll(actor=board, poll=services.close_poll(actor=board, poll=second))
    order = [(c.award_type.code, c.unit_id or c.person_id) for c in AwardCandidate.objects.all()]
    assert order == [
        ("CSTDCS", w.member_person.pk),
        ("BK_TINH", w.deputy_unit.pk),
        ("CO_TD_CP", w.member_unit.pk),
        ("CO_TD_CP", w.deputy_unit.pk),
    ]
