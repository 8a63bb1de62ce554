"""The reward fund (Quỹ thi đua, khen thưởng): entries and balances per year and level."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor, user_of
from thidua.audit.services import record, snapshot
from thidua.awards.models import AwardLevel
from thidua.proposals.audit_actions import ProposalAction
from thidua.proposals.models import (
    EntryKind,
    FundEntry,
    FundSettings,
)


def organisation_share(day: datetime.date) -> int:
    """outputs.md §3.4 (TT 28/2025 [S]): the share kept for organising the work, default 20 %."""
    found = (
        FundSettings.objects.filter(valid_from__lte=day)
        .values_list("organisation_share_pct", flat=True)
        .first()
    )
    return 20 if found is None else int(found)


@transaction.atomic
def add_fund_entry(
    *, actor: Actor, year: int, level: str, kind: str, day: datetime.date, amount: int, description: str
) -> FundEntry:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than 0 VND.")})
    entry = FundEntry.objects.create(
        year=year,
        level=level,
        kind=kind,
        day=day,
        amount=amount,
        description=description,
        created_by=user_of(actor),
    )
    record(actor=actor, action=ProposalAction.FUND_ENTRY, obj=entry, after=snapshot(entry))
    return entry


@dataclass
class Balance:
    year: int
    level: str
    receipts: int
    payments: int
    share_pct: int

    @property
    def level_label(self) -> str:
        return str(AwardLevel(self.level).label)

    @property
    def organisation(self) -> int:
        """Kept for organising the work (whole VND, rounded down)."""
        return self.receipts * self.share_pct // 100

    @property
    def for_awards(self) -> int:
        """What the year's receipts leave for award money after the organisation share."""
        return self.receipts - self.organisation - self.payments

    @property
    def balance(self) -> int:
        return self.receipts - self.payments


def fund_balances(year: int) -> list[Balance]:
    """Receipts and payments of the year per issuing level (voided payments left out)."""
    from django.db.models import Sum

    totals: dict[tuple[str, str], int] = {}
    for level, kind, total in (
        FundEntry.objects.filter(year=year, voided_at__isnull=True)
        .values_list("level", "kind")
        .annotate(total=Sum("amount"))
        .order_by("level", "kind")
    ):
        totals[(level, kind)] = int(total or 0)
    share = organisation_share(datetime.date(year, 12, 31))
    levels = sorted({level for level, _kind in totals})
    return [
        Balance(
            year,
            level,
            totals.get((level, EntryKind.RECEIPT), 0),
            totals.get((level, EntryKind.PAYMENT), 0),
            share,
        )
        for level in levels
    ]
