"""Secret ballots stay secret: nothing in the ballot table, the audit log or the stored order links a
delegate to a choice (voting-scoring.md C3, C5)."""

from __future__ import annotations

import json
import logging

from django.db import connection, models

from thidua.audit.models import AuditEntry
from thidua.conferences import polls, sealing
from thidua.conferences.models import Ballot, Participation
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for


def test_ballot_table_has_no_voter_link_no_time_and_random_ids(db) -> None:
    fields = Ballot._meta.get_fields()
    related = {f.related_model for f in fields if f.is_relation and f.related_model is not None}
    assert related == {Ballot._meta.get_field("poll").related_model}
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    # Who voted carries no time either, and its ids are random too.
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField) for f in Participation._meta.get_fields()
    )
    assert isinstance(Participation._meta.pk, models.UUIDField)
    columns = {
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), Ballot._meta.db_table)
    }
    assert columns == {"id", "poll_id", "choice", "sealed", "weight", "receipt_hash"}


def test_choices_are_sealed_while_open_and_shuffled_at_close(world, caplog) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    target = option_for(poll, w.member_unit)
    entries_before = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
            polls.cast_ballot(poll=poll, participant=delegate(conference, unit), choice=[target])
    # Casting writes nothing to the audit log and logs nothing of the choice.
    assert AuditEntry.objects.count() == entries_before
    assert str(target) not in caplog.text
    stored = list(Ballot.objects.filter(poll=poll).values("choice", "sealed"))
    assert all(row["choice"] is None and row["sealed"] for row in stored)
    # Sealed: not the choice's JSON, and readable only with the server's key.
    assert all(row["sealed"] != json.dumps([target]) for row in stored)
    assert [sealing.unseal(poll.pk, row["sealed"]) for row in stored] == [[target]] * 3
    ids_before = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    polls.close_poll(actor=w.user("board"), poll=poll)
    after = list(Ballot.objects.filter(poll=poll).values("id", "choice", "sealed"))
    assert [row["choice"] for row in after] == [[target]] * 3
    assert all(row["sealed"] == "" for row in after)
    # Rewritten: none of the ids (or storage positions) of the casting order survives.
    assert ids_before.isdisjoint({row["id"] for row in after})
    # The audit entries of the poll carry totals, not ballots.
    closing = AuditEntry.objects.get(action="poll.close")
    assert "receipt" not in json.dumps(closing.after)


def test_participation_keeps_no_choice_in_a_secret_poll(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    polls.cast_ballot(
        poll=poll, participant=delegate(conference, w.leader_unit), choice=[option_for(poll, w.member_unit)]
    )
    assert list(Participation.objects.values_list("named_choice", flat=True)) == [None]


def test_named_poll_keeps_who_voted_what(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1, mode="named")
    choice = [option_for(poll, w.member_unit)]
    polls.cast_ballot(poll=poll, participant=delegate(conference, w.leader_unit), choice=choice)
    assert Participation.objects.get().named_choice == choice


def test_recount_detects_a_changed_ballot(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    for unit in (w.leader_unit, w.deputy_unit):
        polls.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, w.member_unit)]
        )
    poll = polls.publish_poll(actor=w.user("board"), poll=polls.close_poll(actor=w.user("board"), poll=poll))
    assert polls.recount(poll) == poll.result
    ballot = Ballot.objects.filter(poll=poll).first()
    assert ballot is not None and poll.result is not None
    Ballot.objects.filter(pk=ballot.pk).update(choice=[option_for(poll, w.leader_unit)])
    recounted = polls.recount(poll)
    assert recounted is not None and recounted != poll.result
    assert recounted["ballot_set_hash"] != poll.result["ballot_set_hash"]
