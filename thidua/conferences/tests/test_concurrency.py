"""Concurrency (voting-scoring.md C5): real threads and connections against the test database (CI runs
this on SQLite and on PostgreSQL). Two simultaneous ballots from one delegate: one is refused. Ballots
racing the close: each is either counted or refused, never lost after it was acknowledged."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from thidua.conferences import sealing, services
from thidua.conferences.models import Participation, Poll, Receipt
from thidua.conferences.tests.helpers import delegate, make_conference, option_for, sealed_count
from thidua.testing import make_unit

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs at once (a barrier releases them together); each result or raised error is kept."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_simultaneous_ballots_from_one_delegate(world) -> None:
    w = world
    conference = make_conference(w)
    poll = services.open_poll(
        actor=w.user("board"),
        poll=services.create_poll(actor=w.user("board"), conference=conference, kind="ranking"),
    )
    presser = delegate(conference, w.member_unit)
    choice = [option_for(poll, w.member_unit)]
    outcomes = _in_threads([lambda: services.cast_ballot(poll=poll, participant=presser, choice=choice)] * 2)
    receipts = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(receipts) == 1 and len(refused) == 1, outcomes
    assert Participation.objects.filter(poll=poll).count() == 1
    assert sealed_count(poll) == 1


def test_ballots_racing_the_close_are_counted_or_refused_never_lost(world) -> None:
    w = world
    board = w.user("board")
    extra = [make_unit(f"X-{i}", f"Đơn vị thử {i}") for i in range(12)]
    from thidua.blocks.services import set_block_year

    set_block_year(
        actor=board,
        block=w.block,
        year=2024,
        members=[w.leader_unit, w.deputy_unit, w.member_unit, *extra],
        leader=w.leader_unit,
        deputies=[w.deputy_unit],
    )
    conference = make_conference(w)
    poll = services.open_poll(
        actor=board, poll=services.create_poll(actor=board, conference=conference, kind="ranking")
    )
    voters = list(conference.participants.filter(weight__gt=0))
    choice = [option_for(poll, w.member_unit)]

    def cast(participant: Any) -> Callable[[], Any]:
        return lambda: services.cast_ballot(poll=poll, participant=participant, choice=choice)

    jobs: list[Callable[[], Any]] = [cast(p) for p in voters]
    jobs.insert(len(jobs) // 2, lambda: services.close_poll(actor=board, poll=poll))
    outcomes = _in_threads(jobs)
    acknowledged = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)]
    assert not unexpected, unexpected
    assert len(acknowledged) + len(refused) == len(voters)
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.result is not None
    stored = set(Receipt.objects.filter(poll=poll).values_list("hash", flat=True))
    # Every acknowledged ballot is counted, once; nothing refused was stored.
    assert {sealing.receipt_hash(poll.pk, code) for code in acknowledged} == stored
    assert poll.outcome is not None
    assert poll.outcome.cast == len(acknowledged) == Participation.objects.filter(poll=poll).count()
    assert services.quorum_status(conference).total == len(voters)
