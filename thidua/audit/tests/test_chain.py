from __future__ import annotations

import json
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


# -- the chain anchored outside the database (signed checkpoints) ------------------------------------


def _rewind_head(last_id: int, last_hash: str) -> None:
    _sql("UPDATE audit_audithead SET last_id = %s, last_hash = %s WHERE id = 1", last_id, last_hash)


def test_cutting_back_the_chain_and_its_head_is_reported(three_entries) -> None:
    call_command("verify_audit")  # checkpoints entry 3 outside the database
    first, second, third = three_entries
    _sql("DELETE FROM audit_auditentry WHERE id > %s", first.pk)
    _rewind_head(first.pk, first.entry_hash)
    problems = verify_chain().problems
    assert any("entry 3 was checkpointed but is no longer in the database" in p for p in problems)
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_editing_and_rehashing_everything_after_is_reported(three_entries) -> None:
    call_command("verify_audit")
    # The forger rewrites entry 2 and recomputes every hash after it, and the head.
    prev = three_entries[0].entry_hash
    for entry in AuditEntry.objects.filter(id__gte=2).order_by("id"):
        if entry.id == 2:
            entry.after = {"n": 99}
        entry.prev_hash = prev
        entry.entry_hash = entry.compute_hash()
        _sql(
            "UPDATE audit_auditentry SET after = %s, prev_hash = %s, entry_hash = %s WHERE id = %s",
            json.dumps(entry.after),
            entry.prev_hash,
            entry.entry_hash,
            entry.id,
        )
        prev = entry.entry_hash
    _rewind_head(3, prev)
    problems = verify_chain().problems
    # The chain in the database is consistent again: only the checkpoint tells.
    assert problems == ["entry 3: differs from its signed checkpoint (the chain was rewritten)"]


def test_a_forged_checkpoint_line_is_reported(three_entries) -> None:
    from thidua.audit.anchor import anchor_path

    call_command("verify_audit")
    line = json.loads(anchor_path().read_text().splitlines()[-1])
    line["last_id"] = 1
    line["last_hash"] = three_entries[0].entry_hash
    with anchor_path().open("a") as fh:
        fh.write(json.dumps(line) + "\n")
    assert any("line 2 has a wrong signature" in p for p in verify_chain().problems)


def test_checkpoints_are_written_every_n_entries_after_commit(transactional_db, settings) -> None:
    from thidua.audit.anchor import read_anchors

    settings.AUDIT_CHECKPOINT_EVERY = 2
    entries = [record(actor=None, action="test.n", object_type="test") for _ in range(5)]
    assert read_anchors().checkpoints == {2: entries[1].entry_hash, 4: entries[3].entry_hash}


def test_the_key_is_kept_outside_the_data_folder(settings) -> None:
    from pathlib import Path

    assert not Path(settings.AUDIT_KEY_FILE).resolve().is_relative_to(Path(settings.DATA_DIR).resolve())


def test_national_ids_are_masked_in_snapshots_and_records(db) -> None:
    from thidua.audit.services import snapshot
    from thidua.orgs.models import Person

    person = Person(full_name="Nguyễn Văn A", national_id="001203004567")
    assert snapshot(person, ["full_name", "national_id"])["national_id"] == "*********567"
    entry = record(
        actor=None, action="test.person", object_type="test", after={"national_id": "079123456789"}
    )
    assert AuditEntry.objects.get(pk=entry.pk).after == {"national_id": "*********789"}
    assert verify_chain().ok
