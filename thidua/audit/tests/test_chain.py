from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thidua.accounts.models import User
from thidua.audit.models import AppendOnlyError, AuditEntry
from thidua.audit.services import record, verify_chain


@pytest.fixture
def three_entries(db):
    return [
        record(actor=None, action=f"test.{i}", object_type="test", object_id=str(i), after={"n": i})
        for i in range(3)
    ]


def test_fresh_chain_verifies(three_entries) -> None:
    result = verify_chain()
    assert result.ok and result.checked == 3
    call_command("verify_audit")


def test_entries_link_to_the_previous_hash(three_entries) -> None:
    first, second, third = three_entries
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash


def test_models_refuse_edit_and_delete(three_entries) -> None:
    entry = AuditEntry.objects.get(pk=three_entries[0].pk)
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="forged")


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_edited_entry_is_reported(three_entries) -> None:
    _sql("UPDATE audit_auditentry SET action = %s WHERE id = %s", "forged", three_entries[1].pk)
    result = verify_chain()
    assert any("entry 2: content does not match" in p for p in result.problems)
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_deleted_middle_entry_is_reported(three_entries) -> None:
    _sql("DELETE FROM audit_auditentry WHERE id = %s", three_entries[1].pk)
    problems = verify_chain().problems
    assert any("2..2 are missing" in p for p in problems)
    assert any("entry 3: previous-hash link broken" in p for p in problems)


def test_deleted_newest_entry_is_reported(three_entries) -> None:
    _sql("DELETE FROM audit_auditentry WHERE id = %s", three_entries[2].pk)
    assert any("newest entries after 2 are missing" in p for p in verify_chain().problems)


def test_rehashed_forgery_still_breaks_the_next_link(three_entries) -> None:
    forged = AuditEntry.objects.get(pk=three_entries[0].pk)
    forged.after = {"n": 99}
    _sql(
        "UPDATE audit_auditentry SET after = %s, entry_hash = %s WHERE id = %s",
        '{"n": 99}',
        forged.compute_hash(),
        forged.pk,
    )
    assert any("entry 2: previous-hash link broken" in p for p in verify_chain().problems)


def test_deleting_a_user_leaves_the_chain_intact(world) -> None:
    record(actor=world.user("observer"), action="test.by_observer", object_type="test")
    User.objects.filter(username="observer").delete()
    assert verify_chain().ok
    assert AuditEntry.objects.filter(action="test.by_observer", actor_name="observer").exists()
