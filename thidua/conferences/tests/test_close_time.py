"""A meeting entered after the fact is closed at the time it really ended (issue 15 item 10): the
minutes print that time, never one before the start nor in the future."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.conferences import services
from thidua.conferences.models import ConferenceStatus
from thidua.conferences.tests.helpers import make_conference


def test_a_past_meeting_is_closed_at_the_time_it_ended(world) -> None:
    conference = make_conference(world)
    board = world.user("board")
    start = conference.starts_at
    assert start is not None
    before_start = start - datetime.timedelta(minutes=1)
    for wrong in (before_start, timezone.now() + datetime.timedelta(hours=1)):
        with pytest.raises(ValidationError) as refused:
            services.close_conference(actor=board, conference=conference, closed_at=wrong)
        assert list(refused.value.message_dict) == ["closed_at"]
        conference.refresh_from_db()
        assert conference.status != ConferenceStatus.CLOSED and conference.issued_number_id is None
    ended = start + datetime.timedelta(hours=3, minutes=30)
    closed = services.close_conference(actor=board, conference=conference, closed_at=ended)
    assert (closed.status, closed.closed_at) == (ConferenceStatus.CLOSED, ended)
