"""Every audit entry scoring writes names a `ScoringAction`, so the audit log shows its sentence
(issue 14 item 5: audit actions as named constants)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from thidua.audit.actions import describe
from thidua.audit.models import AuditEntry
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.tests.test_year import _signed_year

ROOT = Path(__file__).resolve().parents[1]


def test_every_record_call_names_a_scoring_action() -> None:
    calls = [
        (path.relative_to(ROOT), match.group(1))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in re.finditer(r"\brecord\((?:[^()]|\([^()]*\))*?\baction=([^,)]+)", path.read_text(), re.S)
    ]
    assert len(calls) >= 30
    assert [(path, action) for path, action in calls if not action.startswith("ScoringAction.")] == []


def test_the_audit_log_reads_scoring_entries_as_sentences(world) -> None:
    _signed_year(world)
    actions = set(
        AuditEntry.objects.filter(action__regex=r"^(scoringtable|criterion|covenant)\.").values_list(
            "action", flat=True
        )
    )
    assert {"scoringtable.freeze", "covenant.create", "covenant.sign", "covenant.signed"} <= actions
    assert actions <= set(ScoringAction.values)
    with translation.override("vi"):
        assert describe(ScoringAction.COVENANT_SIGNED) != ScoringAction.COVENANT_SIGNED.value
