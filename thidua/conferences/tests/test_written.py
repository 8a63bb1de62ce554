"""R-VOTE-02: an absent member's opinion in writing is counted, named in the minutes, and refused
when the member is present, holds a proxy arrangement or has voted."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.conferences import services
from thidua.conferences.models import Ballot, Participation, WrittenOpinion
from thidua.conferences.results import StoredVerdict
from thidua.conferences.tests.helpers import delegate, make_conference, sealed_count


def _council(world):
    conference = make_conference(world, kind="council", check_in=False)
    for unit in (world.leader_unit, world.deputy_unit):
        services.check_in(actor=world.user("board"), participant=delegate(conference, unit))
    poll = services.create_poll(
        actor=world.user("board"),
        conference=conference,
        kind="question",
        title="Đề nghị tặng Cờ thi đua của UBND tỉnh",
        threshold_numerator=4,
        threshold_denominator=5,
        threshold_comparison="at_least",
    )
    return conference, services.open_poll(actor=world.user("board"), poll=poll)


def test_written_opinion_counts_and_is_named_in_the_minutes(world, login) -> None:
    w = world
    conference, poll = _council(w)
    option = str(poll.options.get().pk)
    absent = delegate(conference, w.member_unit)
    assert services.absent_without_vote(poll) == [absent]
    for unit in (w.leader_unit, w.deputy_unit):
        services.cast_ballot(poll=poll, participant=delegate(conference, unit), choice={option: "Y"})
    login(w.user("leader")).post(
        reverse("conferences:poll_written", args=[poll.pk]),
        {"voter": absent.pk, f"answer_{option}": "Y", "document": io.BytesIO(b"%PDF y kien")},
    )
    assert WrittenOpinion.objects.get().voter == absent
    assert Participation.objects.get(voter=absent).written
    result = services.close_poll(actor=w.user("board"), poll=poll).outcome
    # 80 % of all three members needs 3: only with the written opinion does it pass.
    assert result is not None
    assert result.options[0].verdict == StoredVerdict(passed=True, got=3, needed=3, base=3)
    assert Ballot.objects.filter(poll=poll).count() == 3
    minutes = docx.Document(
        io.BytesIO(login(w.user("leader")).get(reverse("conferences:minutes", args=[conference.pk])).content)
    )
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert (
        f"{absent.full_name} (Sở Nội vụ), bằng văn bản: Đề nghị tặng Cờ thi đua của UBND tỉnh: Tán thành"
        in text
    )


@pytest.mark.parametrize("case", ["present", "twice", "no_letter", "proxy"])
def test_written_opinion_refusals(world, case) -> None:
    w = world
    conference, poll = _council(w)
    option = str(poll.options.get().pk)
    absent = delegate(conference, w.member_unit)
    content = b"%PDF"
    if case == "present":
        absent = delegate(conference, w.leader_unit)
    elif case == "twice":
        services.record_written_opinion(
            actor=w.user("board"),
            poll=poll,
            voter=absent,
            choice={option: "N"},
            file_name="a.pdf",
            content=content,
        )
    elif case == "no_letter":
        content = b""
    elif case == "proxy":
        services.void_poll(actor=w.user("board"), poll=poll, reason="Làm lại sau khi ghi nhận ủy quyền")
        services.add_proxy(
            actor=w.user("board"),
            voter=absent,
            holder=delegate(conference, w.leader_unit),
            file_name="u.pdf",
            content=b"%PDF",
        )
        poll = services.open_poll(
            actor=w.user("board"),
            poll=services.create_poll(actor=w.user("board"), conference=conference, kind="question"),
        )
        option = str(poll.options.get().pk)
    before = (sealed_count(poll), WrittenOpinion.objects.filter(poll=poll).count())
    with pytest.raises(ValidationError):
        services.record_written_opinion(
            actor=w.user("board"),
            poll=poll,
            voter=absent,
            choice={option: "Y"},
            file_name="b.pdf",
            content=content,
        )
    assert (
        sealed_count(poll),
        WrittenOpinion.objects.filter(poll=poll).count(),
    ) == before
