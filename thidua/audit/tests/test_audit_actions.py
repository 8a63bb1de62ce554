"""Every audit entry names its action by a constant of an app's `audit_actions.py`, never by a string
written at the call (issue 14 item 5), so the audit log shows each action as a sentence and a typo
cannot start a new kind of entry."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import models
from django.utils import translation

from thidua.accounts.audit_actions import AccountAction
from thidua.audit.actions import describe, labels
from thidua.audit.audit_actions import AuditAction
from thidua.audit.models import AuditEntry
from thidua.certificates.audit_actions import CertificateAction
from thidua.documents.audit_actions import DocumentAction
from thidua.jobs.audit_actions import JobAction
from thidua.proposals.audit_actions import DOSSIER_STEP_ACTIONS, ProposalAction
from thidua.proposals.models import TRANSITIONS

THIDUA = Path(__file__).resolve().parents[2]
# `record(..., action=<expression>, ...)`, the expression up to its comma or the call's end.
RECORD_CALL = re.compile(r"\brecord\((?:[^()]|\([^()]*\))*?\baction=([^,)]+)", re.S)
NAMED_HERE: list[type[models.TextChoices]] = [
    AccountAction,
    AuditAction,
    CertificateAction,
    DocumentAction,
    JobAction,
    ProposalAction,
]


def _record_calls() -> list[tuple[Path, str]]:
    return [
        (path.relative_to(THIDUA), match.group(1).strip())
        for path in THIDUA.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in RECORD_CALL.finditer(path.read_text())
    ]


def test_no_record_call_names_its_action_by_a_string() -> None:
    calls = _record_calls()
    assert len(calls) >= 120  # the pattern still finds the calls
    assert [(str(path), action) for path, action in calls if re.search(r"[\"']", action)] == []


def test_the_stored_actions_stay_as_they_were() -> None:
    # Existing entries and the audit page's filter use these strings: a constant renames nothing.
    assert AccountAction.LOGIN.value == "auth.login" and AccountAction.USER_UPDATE.value == "user.update"
    assert AuditAction.EXPORT_DOWNLOAD.value == "export.download"
    assert (
        CertificateAction.NUMBERS.value == "certificates.numbers" and JobAction.ENQUEUE.value == "job.enqueue"
    )
    assert DocumentAction.ALLOCATE_NUMBER.value == "documents.allocate_number"
    assert ProposalAction.LINE_COUNCIL_OUTCOME.value == "line.council_outcome"
    reached = {to for _from, to in TRANSITIONS}
    assert set(DOSSIER_STEP_ACTIONS) == reached
    assert {to: action.value for to, action in DOSSIER_STEP_ACTIONS.items()} == {
        to: f"dossier.{to}" for to in reached
    }


def test_every_action_is_named_once_and_reads_as_a_vietnamese_sentence() -> None:
    values = [action.value for actions in NAMED_HERE for action in actions]
    assert len(values) == len(set(values))
    with translation.override("en"):
        english = {action.value: str(action.label) for actions in NAMED_HERE for action in actions}
    with translation.override("vi"):
        assert describe(AccountAction.LOGIN) == "Đăng nhập"
        assert [value for value in values if describe(value) in (value, english[value])] == []
        assert set(values) <= set(labels())


def test_the_audit_log_page_shows_a_login_as_its_sentence(world, login) -> None:
    client = login(world.user("board"))
    assert AuditEntry.objects.filter(action="auth.login").exists()
    with translation.override("vi"):
        page = client.get("/audit/", {"action": "auth.login"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # In the table's action cell, not only in the filter's list of actions.
    table = page[page.index("<tbody") :]
    assert "Đăng nhập" in table and "auth.login" not in table
