"""A conference of the persona world's block A (three members), ready to vote."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from thidua.conferences import sealing, services
from thidua.conferences.models import BallotBox, Conference, ConferenceKind, Participant, Poll


def make_conference(world: Any, *, start: bool = True, check_in: bool = True, **values: Any) -> Conference:
    values.setdefault("kind", ConferenceKind.SUMMARY)
    conference = services.create_conference(
        actor=world.user("board"),
        block_year=world.block_year,
        starts_at=timezone.make_aware(datetime.datetime(2024, 12, 20, 8, 0)),
        place="Hội trường Sở Tài chính",
        chair="Nguyễn Văn Chủ, Giám đốc Sở Tài chính",
        secretary="Lê Thị Thư, chuyên viên",
        agenda="Báo cáo tổng kết\nBình xét, suy tôn\nBầu Khối trưởng, Khối phó",
        **values,
    )
    if start:
        conference = services.start_conference(actor=world.user("board"), conference=conference)
        if check_in:
            for participant in conference.participants.all():
                services.check_in(actor=world.user("board"), participant=participant)
    return conference


def delegate(conference: Conference, unit: Any) -> Participant:
    return conference.participants.get(unit=unit, weight__gt=0)


def option_for(poll: Poll, unit: Any) -> int:
    return poll.options.get(unit=unit).pk


def open_ranking(world: Any, conference: Conference, **values: Any) -> Poll:
    poll = services.create_poll(actor=world.user("board"), conference=conference, kind="ranking", **values)
    return services.open_poll(actor=world.user("board"), poll=poll)


def sealed_count(poll: Poll) -> int:
    """How many ballots the open poll's sealed box holds (0 without a box)."""
    box = BallotBox.objects.filter(poll=poll).first()
    return len(sealing.unseal_box(poll.pk, box.sealed)) if box is not None else 0
