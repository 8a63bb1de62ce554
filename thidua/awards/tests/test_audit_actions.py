"""Every audit entry awards writes names an `AwardAction`, so the audit log shows its sentence
(issue 14 item 5: audit actions as named constants)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.utils import translation

from thidua.audit.actions import describe
from thidua.audit.models import AuditEntry
from thidua.awards.audit_actions import AwardAction
from thidua.awards.models import Case
from thidua.awards.services import (
    HISTORY_FIELDS,
    add_history_record,
    delete_history_record,
    update_history_record,
)

ROOT = Path(__file__).resolve().parents[1]

NOT_YET_NAMED: set[Path] = set()  # every module names its constant


def test_every_record_call_names_an_award_action() -> None:
    calls = [
        (path.relative_to(ROOT), match.group(1).strip())
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in re.finditer(r"\brecord\((?:[^()]|\([^()]*\))*?\baction=([^,)]+)", path.read_text(), re.S)
    ]
    assert len(calls) >= 7
    unnamed = [(path, action) for path, action in calls if not action.startswith("AwardAction.")]
    assert [(path, action) for path, action in unnamed if path not in NOT_YET_NAMED] == []
    assert all(action.strip("\"'") in AwardAction.values for _path, action in unnamed)


def test_every_history_model_has_its_three_actions() -> None:
    for model in HISTORY_FIELDS:
        for verb in ("create", "update", "delete"):
            assert AwardAction.of_history(model, verb).value == f"{model._meta.model_name}.{verb}"


def test_the_audit_log_reads_award_entries_as_sentences(world) -> None:
    board = world.user("board")
    case = add_history_record(
        actor=board,
        model=Case,
        person=world.member_person,
        kind="complaint",
        opened_on=datetime.date(2025, 3, 1),
        description="Đơn tố cáo đang xác minh",
    )
    update_history_record(actor=board, obj=case, closed_on=datetime.date(2025, 6, 30))
    delete_history_record(actor=board, obj=case)
    actions = list(
        AuditEntry.objects.filter(action__startswith="case.").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["case.create", "case.update", "case.delete"]
    with translation.override("en"):
        english = {action.value: str(action.label) for action in AwardAction}
    with translation.override("vi"):
        assert describe(AwardAction.CASE_CREATE) == "Ghi nhận một vụ việc đang xem xét"
        assert [action for action in AwardAction if describe(action) in (action.value, english[action])] == []
