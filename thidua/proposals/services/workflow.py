"""The steps every dossier change shares: the transitions table's move with its log and audit entry,
the row lock and the required reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_or_none
from thidua.audit.services import record
from thidua.proposals.audit_actions import DOSSIER_STEP_ACTIONS
from thidua.proposals.models import (
    TRANSITIONS,
    Dossier,
    DossierStatus,
    DossierTransition,
)

LINE_FIELDS = ["person", "unit", "award_type", "year", "basis", "wording"]


def take_step(dossier: Dossier, to: str, *, actor: Actor, reason: str = "") -> DossierTransition:
    """Take one step of the table, log it and audit it (inside the caller's transaction)."""
    if (dossier.status, to) not in TRANSITIONS:
        raise ValidationError(
            _("A dossier that is “%(from)s” cannot become “%(to)s”.")
            % {"from": DossierStatus(dossier.status).label, "to": DossierStatus(to).label}
        )
    before = dossier.status
    dossier.status = to
    dossier.save()
    step = DossierTransition.objects.create(
        dossier=dossier,
        version=dossier.version,
        from_status=before,
        to_status=to,
        actor=user_or_none(actor),
        at=timezone.now(),
        reason=reason,
    )
    record(
        actor=actor,
        action=DOSSIER_STEP_ACTIONS[to],
        obj=dossier,
        before={"status": before},
        after={"status": to, "version": dossier.version, "reason": reason},
    )
    return step


def lock_dossier(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def require_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason
