"""`thidua recount` agrees with published results and names a poll whose ballots were changed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.conferences import services
from thidua.conferences.models import Ballot
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for


def test_recount_command_agrees_then_detects_tampering(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, w.member_unit)]
        )
    services.publish_poll(actor=w.user("board"), poll=services.close_poll(actor=w.user("board"), poll=poll))
    out = io.StringIO()
    call_command("recount", stdout=out)
    assert f"poll {poll.pk}" in out.getvalue() and "agrees" in out.getvalue()
    ballot = Ballot.objects.filter(poll=poll).first()
    assert ballot is not None
    Ballot.objects.filter(pk=ballot.pk).update(choice=[option_for(poll, w.leader_unit)])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("recount", "--poll", str(poll.pk), stdout=out)
    assert "DIFFERS" in out.getvalue()
