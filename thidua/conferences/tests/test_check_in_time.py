"""The check-in time of a past conference defaults to the conference's own time, not today's clock
(issue 12 item 10); a conference held today records now; a time from the sign-in sheet is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from thidua.conferences import services
from thidua.conferences.tests.helpers import delegate, make_conference

pytestmark = pytest.mark.django_db


def test_a_past_conference_checks_in_at_its_own_time(world) -> None:
    conference = make_conference(world, check_in=False)  # held on 20/12/2024
    participant = services.check_in(
        actor=world.user("board"), participant=delegate(conference, world.leader_unit)
    )
    participant.refresh_from_db()
    assert participant.checked_in_at == conference.starts_at


def test_a_conference_held_today_checks_in_now(world) -> None:
    conference = make_conference(world, check_in=False)
    conference.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    conference.save(update_fields=["starts_at"])
    before = timezone.now()
    participant = services.check_in(
        actor=world.user("board"), participant=delegate(conference, world.leader_unit)
    )
    assert participant.checked_in_at is not None and participant.checked_in_at >= before


def test_the_sign_in_sheet_time_is_kept_and_the_future_refused(world) -> None:
    conference = make_conference(world, check_in=False)
    assert conference.starts_at is not None
    late = conference.starts_at + datetime.timedelta(minutes=20)
    client = APIClient()
    client.force_authenticate(world.user("leader"))
    participant = delegate(conference, world.deputy_unit)
    response = client.post(
        f"/api/v1/participants/{participant.pk}/check-in/",
        {"present": True, "checked_in_at": late.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    participant.refresh_from_db()
    assert participant.checked_in_at == late
    other = delegate(conference, world.member_unit)
    with pytest.raises(ValidationError) as refused:
        services.check_in(
            actor=world.user("board"),
            participant=other,
            at=timezone.now() + datetime.timedelta(hours=1),
        )
    assert list(refused.value.message_dict) == ["checked_in_at"]
    other.refresh_from_db()
    assert other.checked_in_at is None
