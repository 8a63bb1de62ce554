"""The covenant of a block year: drafted with its targets, opened for signing on a frozen table, signed
by every member, amended as a new version (R-BLK-03)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockYear
from thidua.lib.workflow import allowed, move
from thidua.orgs.models import Unit
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import (
    COVENANT_TRANSITIONS,
    Covenant,
    CovenantSignature,
    CovenantStatus,
    CovenantTarget,
    ScoringTable,
)
from thidua.scoring.services.year import member_ids, require_member


@transaction.atomic
def create_covenant(
    *,
    actor: Actor,
    block_year: BlockYear,
    content: str,
    targets: Sequence[str | tuple[str, Unit | None]] = (),
) -> Covenant:
    """A new draft covenant with its targets (text, or (text, member unit)) in one transaction: a
    target refused (e.g. for a unit outside the block) leaves no half-written covenant behind."""
    version = (Covenant.objects.filter(block_year=block_year).aggregate(v=Max("version"))["v"] or 0) + 1
    covenant = Covenant(block_year=block_year, version=version, content=content)
    covenant.full_clean()
    covenant.save()
    record(actor=actor, action=ScoringAction.COVENANT_CREATE, obj=covenant, after=snapshot(covenant))
    for position, target in enumerate(targets):
        text, unit = (target, None) if isinstance(target, str) else target
        if text.strip():
            add_target(actor=actor, covenant=covenant, text=text.strip(), unit=unit, position=position)
    return covenant


@transaction.atomic
def add_target(
    *, actor: Actor, covenant: Covenant, text: str, unit: Unit | None = None, position: int = 0
) -> CovenantTarget:
    if covenant.status != CovenantStatus.DRAFT:
        raise ValidationError(_("The covenant is no longer a draft; amend it to change its targets."))
    if unit is not None:
        require_member(covenant.block_year, unit)
    target = CovenantTarget.objects.create(covenant=covenant, unit=unit, text=text, position=position)
    record(
        actor=actor,
        action=ScoringAction.COVENANT_TARGET,
        obj=covenant,
        after={"target": text, "unit_id": unit.pk if unit else None},
    )
    return target


@transaction.atomic
def open_for_signing(*, actor: Actor, covenant: Covenant, table: ScoringTable) -> Covenant:
    """R-BLK-03 (practice, law.md §8.4): a covenant is signed on a frozen scoring table of its year."""
    if not allowed(COVENANT_TRANSITIONS, covenant.status, CovenantStatus.SIGNING):
        raise ValidationError(_("The covenant is already open for signing."))
    table = ScoringTable.objects.get(pk=table.pk)  # its status now, not as the caller last saw it
    if table.block_year_id != covenant.block_year_id or not table.is_frozen:
        raise ValidationError(_("Freeze this year's scoring table before the covenant is signed."))
    if not covenant.targets.exists():
        raise ValidationError(_("Add the covenant's targets before it is signed."))
    covenant.scoring_table = table
    move(
        covenant, CovenantStatus.SIGNING, COVENANT_TRANSITIONS, _("The covenant is already open for signing.")
    )
    covenant.save(update_fields=["scoring_table", "status"])
    record(actor=actor, action=ScoringAction.COVENANT_OPEN, obj=covenant, after=snapshot(covenant))
    return covenant


@transaction.atomic
def sign_covenant(*, actor: Actor, covenant: Covenant, unit: Unit) -> CovenantSignature:
    """A member's officer signs; when every member has signed, the covenant is signed and frozen."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status != CovenantStatus.SIGNING:
        raise ValidationError(_("This covenant is not open for signing."))
    require_member(covenant.block_year, unit)
    if covenant.signatures.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s has already signed this covenant.") % {"unit": unit})
    signature = CovenantSignature.objects.create(
        covenant=covenant, unit=unit, signed_by=user_of(actor), signed_at=timezone.now()
    )
    record(actor=actor, action=ScoringAction.COVENANT_SIGN, obj=covenant, after={"unit_id": unit.pk})
    if set(covenant.signatures.values_list("unit_id", flat=True)) >= member_ids(covenant.block_year):
        move(
            covenant, CovenantStatus.SIGNED, COVENANT_TRANSITIONS, _("This covenant is not open for signing.")
        )
        covenant.signed_at = signature.signed_at
        covenant.save(update_fields=["status", "signed_at"])
        record(actor=actor, action=ScoringAction.COVENANT_SIGNED, obj=covenant, after=snapshot(covenant))
    return signature


@transaction.atomic
def amend_covenant(*, actor: Actor, covenant: Covenant, reason: str) -> Covenant:
    """A new draft version of a signed covenant, with its targets and the reason; members sign again.

    The signed version stays as it was; scorecards keep the table version they were scored on.
    """
    if covenant.status != CovenantStatus.SIGNED:
        raise ValidationError(_("Only a covenant signed by all is amended; change the draft directly."))
    if Covenant.objects.filter(block_year=covenant.block_year, version__gt=covenant.version).exists():
        raise ValidationError(_("A newer version of this covenant exists; amend that one."))
    if not reason.strip():
        raise ValidationError({"amendment_reason": _("Say why the covenant is amended.")})
    amendment = create_covenant(actor=actor, block_year=covenant.block_year, content=covenant.content)
    amendment.amends = covenant
    amendment.amendment_reason = reason.strip()
    amendment.save(update_fields=["amends", "amendment_reason"])
    for target in covenant.targets.all():
        CovenantTarget.objects.create(
            covenant=amendment, unit=target.unit, text=target.text, position=target.position
        )
    record(
        actor=actor,
        action=ScoringAction.COVENANT_AMEND,
        obj=amendment,
        after={"amends": covenant.pk, "reason": amendment.amendment_reason},
    )
    return amendment


def unsigned_members(covenant: Covenant) -> list[Unit]:
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    return [m.unit for m in covenant.block_year.memberships.select_related("unit") if m.unit_id not in signed]


def adopted_table(block_year: BlockYear) -> ScoringTable:
    """R-BLK-03: the table of the newest signed covenant; scoring before that is refused."""
    covenant = (
        Covenant.objects.filter(block_year=block_year, status=CovenantStatus.SIGNED)
        .order_by("-version")
        .first()
    )
    if covenant is None or covenant.scoring_table is None:
        raise ValidationError(
            _("Scoring starts when every member has signed the covenant and its scoring table.")
        )
    return covenant.scoring_table
