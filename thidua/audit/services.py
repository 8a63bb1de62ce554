"""Writing and verifying the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from thidua.audit.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if not field.editable and field.name not in ("id",):
            continue
        value = getattr(obj, field.attname)
        # A file is recorded by its stored name (its hash is a field of its own where it matters).
        data[field.attname] = value.name if isinstance(value, FieldFile) else value
    return _json_ready(data)


def _json_ready(data: Any) -> Any:
    # Stored exactly as reloaded from the database, so that the hash is computed on the same values.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    with transaction.atomic():
        # The head row serialises writers (a row lock on PostgreSQL; SQLite has one writer anyway).
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            id=head.last_id + 1,
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=(getattr(actor, "username", "") or "system")[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            before=_json_ready(before) if before is not None else None,
            after=_json_ready(after) if after is not None else None,
            prev_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        head.last_id = entry.id
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_id", "last_hash"])
    return entry


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain() -> VerifyResult:
    """Recompute every hash in order; report edited, deleted or re-ordered entries."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if entry.id != expected_id:
            problems.append(f"entries {expected_id}..{entry.id - 1} are missing (deleted)")
        if entry.prev_hash != expected_prev:
            problems.append(
                f"entry {entry.id}: previous-hash link broken (an earlier entry was changed or removed)"
            )
        if entry.compute_hash() != entry.entry_hash:
            problems.append(f"entry {entry.id}: content does not match its hash (edited)")
        expected_prev = entry.entry_hash
        expected_id = entry.id + 1
    head = AuditHead.objects.filter(pk=1).first()
    last_id = head.last_id if head else 0
    if last_id != expected_id - 1 or (head and head.last_hash != expected_prev and last_id):
        problems.append(f"the newest entries after {expected_id - 1} are missing (head says {last_id})")
    return VerifyResult(checked=checked, problems=problems)
