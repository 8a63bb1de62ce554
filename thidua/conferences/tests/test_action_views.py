"""One URL and one view per action (issue 14 item 4): each action answers only a POST, goes through
its form and one service, says what it did and goes back; a refusal changes nothing."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from thidua.conferences import services
from thidua.conferences.models import Poll, PollKind, PollStatus, ReportSection
from thidua.conferences.tests.helpers import delegate, make_conference


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_actions_answer_only_a_post(world, login) -> None:
    w = world
    conference = make_conference(w, start=False)
    client = login(w.user("leader"))
    assert client.get(reverse("conferences:start", args=[conference.pk])).status_code == 405
    assert client.get(reverse("conferences:add_poll", args=[conference.pk])).status_code == 405
    participant = delegate(conference, w.member_unit)
    assert client.get(reverse("conferences:check_in", args=[participant.pk])).status_code == 405
    poll = services.create_poll(actor=w.user("board"), conference=conference, kind=PollKind.RANKING)
    # A poll's action reached by GET lands on the poll's page and changes nothing.
    landed = client.get(reverse("conferences:poll_open", args=[poll.pk]))
    assert landed.status_code == 302 and landed["Location"] == reverse("conferences:poll", args=[poll.pk])
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.DRAFT


def test_proposals_from_the_console_gather_in_one_draft(world, login, award_catalogue) -> None:
    w = world
    conference = make_conference(w)
    client = login(w.user("leader"))
    url = reverse("conferences:add_proposal", args=[conference.pk])
    first = client.post(
        url, {"proposal-award_type": award_catalogue["BK_TINH"].pk, "proposal-unit": w.member_unit.pk}
    )
    draft = Poll.objects.get(conference=conference, kind=PollKind.PROPOSALS)
    assert first["Location"] == reverse("conferences:poll", args=[draft.pk])
    client.post(
        url, {"proposal-award_type": award_catalogue["BK_TINH"].pk, "proposal-unit": w.deputy_unit.pk}
    )
    assert Poll.objects.filter(conference=conference, kind=PollKind.PROPOSALS).count() == 1
    assert draft.options.count() == 2
    # Neither a unit nor a person: refused with the form's message, nothing added.
    refused = client.post(url, {"proposal-award_type": award_catalogue["BK_TINH"].pk})
    assert refused["Location"] == reverse("conferences:detail", args=[conference.pk])
    assert any("đơn vị hoặc một cá nhân" in m or "unit or a person" in m for m in _said(refused))
    assert draft.options.count() == 2


def test_a_section_is_added_then_updated_from_the_report_page(world, login) -> None:
    w = world
    conference = make_conference(w)
    client = login(w.user("leader"))
    url = reverse("conferences:report_section", args=[conference.pk])
    client.post(url, {"heading": "Kết quả", "text": "Nội dung"})
    section = ReportSection.objects.get(conference=conference)
    saved = client.post(url, {"section": section.pk, "heading": "Kết quả thi đua", "text": "Nội dung mới"})
    assert saved["Location"].endswith(f"#section-{section.pk}")
    section.refresh_from_db()
    assert (section.heading, ReportSection.objects.filter(conference=conference).count()) == (
        "Kết quả thi đua",
        1,
    )
    # A section of no such number is not found; an empty heading is refused and nothing changes.
    assert client.post(url, {"section": 999999, "heading": "x"}).status_code == 404
    client.post(url, {"section": section.pk, "heading": ""})
    section.refresh_from_db()
    assert section.heading == "Kết quả thi đua"
