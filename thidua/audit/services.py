"""Writing and verifying the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from thidua.audit import anchor
from thidua.audit.audit_actions import AuditAction
from thidua.audit.models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    # The acting user, as `accounts.types.Actor`: audit sits below accounts, so it names Django's user
    # classes, not accounts.User.
    Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None

GENESIS_HASH = "0" * 64

# Fields holding a national ID number (CCCD): the audit keeps only their last three characters.
NATIONAL_ID_FIELDS = frozenset({"national_id", "cccd", "cmnd"})


def mask_national_id(value: Any) -> Any:
    """`001203004567` -> `*********567`: enough to tell two numbers apart, not to reuse one."""
    if not isinstance(value, str) or not value:
        return value
    return "*" * max(len(value) - 3, 0) + value[-3:]


def _masked(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: mask_national_id(value) if key in NATIONAL_ID_FIELDS else _masked(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_masked(item) for item in data]
    return data


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
    return cast("dict[str, Any]", _masked(_json_ready(data)))


def _json_ready(data: Any) -> Any:
    # Stored exactly as reloaded from the database, so that the hash is computed on the same values.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(
    *,
    actor: Actor,
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
            actor_id=actor.pk if actor is not None and actor.pk else None,
            actor_name=(getattr(actor, "username", "") or "system")[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            before=_masked(_json_ready(before)) if before is not None else None,
            after=_masked(_json_ready(after)) if after is not None else None,
            prev_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        head.last_id = entry.id
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_id", "last_hash"])
        if entry.id % settings.AUDIT_CHECKPOINT_EVERY == 0:
            # After the outermost commit only: a rolled-back entry must not be anchored.
            last_id, last_hash = entry.id, entry.entry_hash
            transaction.on_commit(lambda: anchor.write_checkpoint_quietly(last_id, last_hash))
    return entry


def record_export(
    *, actor: Actor, kind: str, rows: int, file_format: str, fields: list[str] | None = None
) -> None:
    """Audit a download of a list (who took which list, how many rows, which columns).

    Call it from every export that holds personal data, just before the response is returned.
    """
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT_DOWNLOAD,
            object_type="export",
            object_id=kind,
            object_repr=f"{kind}.{file_format}",
            after={"rows": rows, "format": file_format, "fields": fields or []},
        )


def checkpoint_head() -> tuple[int, str]:
    """Write a signed checkpoint of the current head (verify_audit, backup) and return it."""
    head = AuditHead.objects.filter(pk=1).first()
    last_id, last_hash = (head.last_id, head.last_hash) if head else (0, GENESIS_HASH)
    anchor.write_checkpoint(last_id, last_hash)
    return last_id, last_hash


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]
    # Checkpoints newer than the database's head, accepted only when verifying a restore.
    superseded: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(*, restoring: bool = False, using: str = "default") -> VerifyResult:
    """Recompute every hash in order; report edited, deleted or re-ordered entries.

    The signed checkpoints outside the database (`thidua.audit.anchor`) must all still be in the
    chain with the same hash: this catches a chain cut back together with its head, and entries
    rewritten with every later hash recomputed. `restoring` (the restore command only, which then
    writes a signed restore mark) accepts checkpoints newer than the whole restored chain. `using`
    names another database (the move to PostgreSQL checks its copy before the switch).
    """
    anchors = anchor.read_anchors()
    problems: list[str] = list(anchors.problems)
    anchored_seen: set[int] = set()
    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    for entry in AuditEntry.objects.using(using).order_by("id").iterator(chunk_size=2000):
        checked += 1
        if entry.id != expected_id:
            problems.append(f"entries {expected_id}..{entry.id - 1} are missing (deleted)")
        if entry.prev_hash != expected_prev:
            problems.append(
                f"entry {entry.id}: previous-hash link broken (an earlier entry was changed or removed)"
            )
        if entry.compute_hash() != entry.entry_hash:
            problems.append(f"entry {entry.id}: content does not match its hash (edited)")
        anchored = anchors.checkpoints.get(entry.id)
        if anchored is not None:
            anchored_seen.add(entry.id)
            if anchored != entry.entry_hash:
                problems.append(
                    f"entry {entry.id}: differs from its signed checkpoint (the chain was rewritten)"
                )
        expected_prev = entry.entry_hash
        expected_id = entry.id + 1
    head = AuditHead.objects.using(using).filter(pk=1).first()
    last_id = head.last_id if head else 0
    if last_id != expected_id - 1 or (head and head.last_hash != expected_prev and last_id):
        problems.append(f"the newest entries after {expected_id - 1} are missing (head says {last_id})")
    lost = sorted(set(anchors.checkpoints) - anchored_seen)
    superseded = [i for i in lost if i > expected_id - 1] if restoring else []
    lost = [i for i in lost if i not in superseded]
    if lost:
        problems.append(
            f"entry {lost[-1]} was checkpointed but is no longer in the database "
            f"(the chain was cut back to {expected_id - 1})"
        )
    return VerifyResult(checked=checked, problems=problems, superseded=len(superseded))
