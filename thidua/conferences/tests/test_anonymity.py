"""Secret ballots stay secret: nothing in the ballot table, the audit log or the stored order links a
delegate to a choice (voting-scoring.md C3, C5)."""

from __future__ import annotations

import itertools
import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, models

from thidua.audit.models import AuditEntry
from thidua.conferences import sealing, services
from thidua.conferences.models import Ballot, BallotBox, Participant, Participation, Receipt
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for


def test_ballot_and_receipt_tables_link_nothing(db) -> None:
    poll_model = Ballot._meta.get_field("poll").related_model
    for model in (Ballot, Receipt, BallotBox):
        fields = model._meta.get_fields()
        related = {f.related_model for f in fields if f.is_relation and f.related_model is not None}
        assert related == {poll_model}
        assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    # Who voted carries no time either, and its ids are random too.
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField) for f in Participation._meta.get_fields()
    )
    assert isinstance(Participation._meta.pk, models.UUIDField)

    def columns(model: type[models.Model]) -> set[str]:
        with connection.cursor() as cursor:
            return {
                c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
            }

    # A ballot is a choice and nothing else; a receipt is a hash and nothing else.
    assert columns(Ballot) == {"id", "poll_id", "choice"}
    assert columns(Receipt) == {"hash", "poll_id"}


def test_choices_are_sealed_in_one_box_while_open_and_shuffled_at_close(world, caplog) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    target = option_for(poll, w.member_unit)
    entries_before = AuditEntry.objects.count()
    receipts = []
    sizes = [len(BallotBox.objects.get(poll=poll).sealed)]
    with caplog.at_level(logging.DEBUG):
        for unit, choice in ((w.leader_unit, [target]), (w.deputy_unit, []), (w.member_unit, [target])):
            receipts.append(
                services.cast_ballot(poll=poll, participant=delegate(conference, unit), choice=choice)
            )
            sizes.append(len(BallotBox.objects.get(poll=poll).sealed))
    # Casting writes nothing to the audit log and logs nothing of the choice.
    assert AuditEntry.objects.count() == entries_before
    assert str(target) not in caplog.text
    # No ballot row while open: one sealed box, readable only with the ballot key.
    assert not Ballot.objects.filter(poll=poll).exists() and not Receipt.objects.filter(poll=poll).exists()
    box = BallotBox.objects.get(poll=poll)
    assert sorted(c for c, _w, _r in sealing.unseal_box(poll.pk, box.sealed)) == [[], [target], [target]]
    # Every ballot grows the box by the same length, a blank one as much as a chosen one.
    growth = {b - a for a, b in itertools.pairwise(sizes)}
    assert max(growth) - min(growth) <= 4  # base64 rounds to 4 characters
    services.close_poll(actor=w.user("board"), poll=poll)
    assert not BallotBox.objects.filter(poll=poll).exists()
    assert sorted(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == [
        [],
        [target],
        [target],
    ]
    # The receipts are apart, in the order of their hashes.
    stored = list(Receipt.objects.filter(poll=poll).values_list("hash", flat=True))
    assert stored == sorted(sealing.receipt_hash(poll.pk, code) for code in receipts)
    # The audit entries of the poll carry totals, not ballots.
    closing = AuditEntry.objects.get(action="poll.close")
    assert "receipt" not in json.dumps(closing.after)


def test_a_heavier_vote_is_stored_as_rows_of_one(world) -> None:
    w = world
    conference = make_conference(w, check_in=False)
    heavy = delegate(conference, w.leader_unit)
    Participant.objects.filter(pk=heavy.pk).update(weight=3)
    for participant in conference.participants.all():
        services.check_in(actor=w.user("board"), participant=participant)
    poll = open_ranking(w, conference, max_choices=1)
    target = option_for(poll, w.member_unit)
    services.cast_ballot(poll=poll, participant=heavy, choice=[target])
    services.cast_ballot(poll=poll, participant=delegate(conference, w.deputy_unit), choice=[])
    poll = services.close_poll(actor=w.user("board"), poll=poll)
    assert sorted(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == [[]] + [[target]] * 3
    result = poll.outcome
    assert result is not None and result.cast == 4 and result.blank == 1
    assert Receipt.objects.filter(poll=poll).count() == 2


def test_a_replaced_ballot_key_refuses_to_cast_and_close_and_loses_nothing(world, settings, tmp_path) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    target = option_for(poll, w.member_unit)
    services.cast_ballot(poll=poll, participant=delegate(conference, w.leader_unit), choice=[target])
    original = settings.BALLOT_KEY_FILE
    settings.BALLOT_KEY_FILE = tmp_path / "another_key"
    with pytest.raises(ValidationError, match="another_key"):
        services.cast_ballot(poll=poll, participant=delegate(conference, w.deputy_unit), choice=[target])
    with pytest.raises(ValidationError, match="another_key"):
        services.close_poll(actor=w.user("board"), poll=poll)
    settings.BALLOT_KEY_FILE = original
    poll = services.close_poll(actor=w.user("board"), poll=poll)
    assert poll.outcome is not None and poll.outcome.cast == 1


def test_the_ballot_key_may_not_sit_in_the_data_folder(world, settings) -> None:
    settings.BALLOT_KEY_FILE = settings.DATA_DIR / "keys" / "ballot_key"
    with pytest.raises(ImproperlyConfigured, match="outside THIDUA_DATA_DIR"):
        sealing.ballot_key()
    assert not (settings.DATA_DIR / "keys" / "ballot_key").exists()


def test_participation_keeps_no_choice_in_a_secret_poll(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    services.cast_ballot(
        poll=poll, participant=delegate(conference, w.leader_unit), choice=[option_for(poll, w.member_unit)]
    )
    assert list(Participation.objects.values_list("named_choice", flat=True)) == [None]


def test_named_poll_keeps_who_voted_what(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1, mode="named")
    choice = [option_for(poll, w.member_unit)]
    services.cast_ballot(poll=poll, participant=delegate(conference, w.leader_unit), choice=choice)
    assert Participation.objects.get().named_choice == choice


def test_recount_detects_a_changed_ballot(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference, max_choices=1)
    for unit in (w.leader_unit, w.deputy_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, w.member_unit)]
        )
    poll = services.publish_poll(
        actor=w.user("board"), poll=services.close_poll(actor=w.user("board"), poll=poll)
    )
    published = poll.outcome
    assert services.recount(poll) == published
    ballot = Ballot.objects.filter(poll=poll).first()
    assert ballot is not None and published is not None
    Ballot.objects.filter(pk=ballot.pk).update(choice=[option_for(poll, w.leader_unit)])
    recounted = services.recount(poll)
    assert recounted is not None and recounted != published
    assert recounted.ballot_set_hash != published.ballot_set_hash


def test_the_server_refuses_to_start_with_the_ballot_key_in_the_data_folder(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(THIDUA_DATA_DIR=str(tmp_path), THIDUA_BALLOT_KEY_FILE=str(tmp_path / "ballot_key"))
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "check"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert (
        result.returncode != 0 and "THIDUA_BALLOT_KEY_FILE must lie outside THIDUA_DATA_DIR" in result.stderr
    )
    environment["THIDUA_BALLOT_KEY_FILE"] = str(tmp_path.parent / f"{tmp_path.name}-keys" / "ballot_key")
    assert (
        subprocess.run(
            [sys.executable, str(root / "manage.py"), "check"], env=environment, capture_output=True, cwd=root
        ).returncode
        == 0
    )
