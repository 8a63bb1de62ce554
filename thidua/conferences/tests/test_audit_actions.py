"""Every audit entry conferences writes names a `ConferenceAction`, so the audit log shows its
sentence (issue 14 item 5: audit actions as named constants)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from thidua.audit.actions import describe
from thidua.audit.models import AuditEntry
from thidua.conferences import services
from thidua.conferences.audit_actions import ConferenceAction
from thidua.conferences.tests.helpers import delegate, make_conference, open_ranking, option_for

ROOT = Path(__file__).resolve().parents[1]


def test_every_record_call_names_a_conference_action() -> None:
    calls = [
        (path.relative_to(ROOT), match.group(1))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in re.finditer(r"\brecord\((?:[^()]|\([^()]*\))*?\baction=([^,)]+)", path.read_text(), re.S)
    ]
    assert len(calls) >= 36
    assert [(path, action) for path, action in calls if not action.startswith("ConferenceAction.")] == []
    # Both branches of a conditional action are constants too.
    assert [(path, action) for path, action in calls if re.search(r"\belse\s+['\"]", action)] == []


def test_the_audit_log_reads_conference_entries_as_sentences(world) -> None:
    w = world
    conference = make_conference(w)
    poll = open_ranking(w, conference)
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        services.cast_ballot(
            poll=poll, participant=delegate(conference, unit), choice=[option_for(poll, w.member_unit)]
        )
    poll = services.close_poll(actor=w.user("board"), poll=poll)
    services.publish_poll(actor=w.user("board"), poll=poll)
    actions = set(
        AuditEntry.objects.filter(action__regex=r"^(conference|participant|poll)\.").values_list(
            "action", flat=True
        )
    )
    assert {
        "conference.create",
        "conference.start",
        "participant.check_in",
        "poll.create",
        "poll.open",
        "poll.close",
        "poll.publish",
    } <= actions
    assert actions <= set(ConferenceAction.values)
    with translation.override("vi"):
        assert describe(ConferenceAction.POLL_PUBLISH) != ConferenceAction.POLL_PUBLISH.value
