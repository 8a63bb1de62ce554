"""Suy tôn by acclamation at a live conference (issue 12 item 10): recorded as such, not as a ballot.
No ballot is cast or accepted, the outcome flows into the standings (source: acclamation), next year's
leader and the award candidates like a counted vote, audited, and the minutes say it."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.blocks.models import BlockYear, Standing, StandingSource
from thidua.conferences import services
from thidua.conferences.documents import minutes_docx
from thidua.conferences.models import AwardCandidate, Ballot, BallotBox, Participation
from thidua.conferences.results import ABSENT
from thidua.conferences.tests.helpers import delegate, make_conference, option_for

pytestmark = pytest.mark.django_db


def _acclamation(world, conference, kind="ranking", **values):
    poll = services.create_poll(
        actor=world.user("board"), conference=conference, kind=kind, mode="acclamation", **values
    )
    return services.open_poll(actor=world.user("board"), poll=poll)


def test_a_ranking_by_acclamation_has_no_ballot_and_records_the_standings(world, login) -> None:
    w = world
    conference = make_conference(w)
    poll = _acclamation(w, conference, ranks_to_fill=2, max_choices=2)
    assert not BallotBox.objects.filter(poll=poll).exists()
    with pytest.raises(ValidationError):
        services.cast_ballot(
            poll=poll,
            participant=delegate(conference, w.leader_unit),
            choice=[option_for(poll, w.member_unit)],
        )
    with pytest.raises(ValidationError):
        services.close_poll(actor=w.user("board"), poll=poll)
    # Wrong outcomes are refused and change nothing: two at place 1 with one leading unit allowed,
    # an option of another poll, no first place.
    for chosen, places in (
        ([option_for(poll, w.member_unit), option_for(poll, w.deputy_unit)], [1, 1]),
        ([option_for(poll, w.member_unit), 999_999], None),
        ([option_for(poll, w.member_unit)], [2]),
    ):
        with pytest.raises(ValidationError):
            services.decide_by_acclamation(actor=w.user("board"), poll=poll, chosen=chosen, places=places)
        poll.refresh_from_db()
        assert poll.status == "open" and poll.result is None
    client = login(w.user("board"))
    page = client.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert 'id="acclamation-form"' in page
    response = client.post(
        reverse("conferences:poll_acclamation", args=[poll.pk]),
        {f"place_{option_for(poll, w.member_unit)}": "1", f"place_{option_for(poll, w.deputy_unit)}": "2"},
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    result = poll.outcome
    assert poll.status == "closed" and result is not None and result.acclamation is True
    assert result.options[0].votes is ABSENT and result.cast is ABSENT
    services.publish_poll(actor=w.user("board"), poll=poll)
    standings = {s.unit_id: (s.rank, s.source, s.votes) for s in Standing.objects.all()}
    assert standings == {
        w.member_unit.pk: (1, StandingSource.ACCLAMATION, None),
        w.deputy_unit.pk: (2, StandingSource.ACCLAMATION, None),
    }
    assert (
        not Ballot.objects.filter(poll=poll).exists() and not Participation.objects.filter(poll=poll).exists()
    )
    assert services.recount(poll) is None and services.accepted_receipts(poll) == []
    # `thidua recount` has nothing to recount for it, and does not call it "DIFFERS" (exit 0).
    out = io.StringIO()
    call_command("recount", "--poll", str(poll.pk), stdout=out)
    assert "acclamation" in out.getvalue() and "DIFFERS" not in out.getvalue()
    assert AuditEntry.objects.filter(action="poll.acclamation", object_id=str(poll.pk)).exists()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_docx(conference))).paragraphs)
    assert "Suy tôn bằng hình thức biểu quyết công khai" in text
    assert "Số phiếu" not in text.split(poll.title)[1]
    shown = client.get(reverse("conferences:poll", args=[poll.pk])).content.decode()
    assert 'id="acclamation-result"' in shown and "Suy tôn bằng hình thức biểu quyết công khai" in shown


def test_an_election_and_proposals_by_acclamation_flow_on(world, award_catalogue) -> None:
    w = world
    conference = make_conference(w)
    leader = _acclamation(w, conference, kind="leader")
    with pytest.raises(ValidationError):
        services.decide_by_acclamation(
            actor=w.user("board"),
            poll=leader,
            chosen=[option_for(leader, w.member_unit), option_for(leader, w.deputy_unit)],
            places=[1, 2],
        )
    api = APIClient()
    api.force_authenticate(w.user("board"))
    response = api.post(
        f"/api/v1/polls/{leader.pk}/acclamation/",
        {"chosen": [option_for(leader, w.deputy_unit)]},
        format="json",
    )
    assert response.status_code == 200, response.content
    services.publish_poll(actor=w.user("board"), poll=leader)
    next_year = BlockYear.objects.with_members().get(block=w.block, year=2025)
    assert next_year.leader == w.deputy_unit

    proposals = services.create_poll(
        actor=w.user("board"),
        conference=conference,
        kind="proposals",
        mode="acclamation",
        proposals=[
            services.Proposal(award_catalogue["BK_TINH"], unit=w.member_unit),
            services.Proposal(award_catalogue["BK_TINH"], unit=w.leader_unit),
        ],
    )
    proposals = services.open_poll(actor=w.user("board"), poll=proposals)
    first = proposals.options.get(unit=w.member_unit)
    services.decide_by_acclamation(actor=w.user("board"), poll=proposals, chosen=[first.pk])
    services.publish_poll(actor=w.user("board"), poll=proposals)
    candidates = list(AwardCandidate.objects.filter(poll=proposals))
    assert [(c.unit, c.yes, c.no, c.abstain) for c in candidates] == [(w.member_unit, None, None, None)]
