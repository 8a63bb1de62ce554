"""The block year's scoring settings (ScoringRules) and who its members are, read by every step."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.audit.services import record, snapshot
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Unit
from thidua.scoring.audit_actions import ScoringAction
from thidua.scoring.models import (
    ScoringRules,
)


@transaction.atomic
def update_rules(*, actor: Actor, rules: ScoringRules, values: dict[str, Any]) -> ScoringRules:
    """Change the block year's scoring settings; audited like every other change."""
    stored = ScoringRules.objects.filter(block_year=rules.block_year).first() or ScoringRules(
        block_year=rules.block_year
    )
    before = snapshot(stored) if stored.pk else None
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    record(actor=actor, action=ScoringAction.SCORING_RULES, obj=stored, before=before, after=snapshot(stored))
    return stored


def rules_for(block_year: BlockYear) -> ScoringRules:
    """The block year's rules, or the defaults (unsaved) when nobody has changed them."""
    return ScoringRules.objects.filter(block_year=block_year).first() or ScoringRules(block_year=block_year)


def member_ids(block_year: BlockYear) -> set[int]:
    return set(block_year.memberships.values_list("unit_id", flat=True))


def require_member(block_year: BlockYear, unit: Unit) -> None:
    if unit.pk not in member_ids(block_year):
        raise ValidationError(
            _("%(unit)s is not a member of the block in %(year)s.") % {"unit": unit, "year": block_year.year}
        )
