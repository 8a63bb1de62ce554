"""The reward fund of a year as an XLSX workbook: the balances per issuing level and every entry."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.awards.models import AwardLevel
from thidua.proposals.models import FundEntry
from thidua.proposals.services import fund_balances


def fund_workbook(year: int) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Balance %(year)s") % {"year": year}
    headings = [
        _("Issuing level"),
        _("Receipts"),
        _("Payments"),
        _("Kept for organising"),
        _("Left for awards"),
        _("Balance"),
    ]
    summary.append(headings)
    for balance in fund_balances(year):
        summary.append(
            [
                str(AwardLevel(balance.level).label),
                balance.receipts,
                balance.payments,
                balance.organisation,
                balance.for_awards,
                balance.balance,
            ]
        )
    entries = workbook.create_sheet(_("Entries"))
    entries.append(
        [_("Date"), _("Issuing level"), _("Kind"), _("Amount (VND)"), _("Description"), _("Voided")]
    )
    for entry in FundEntry.objects.filter(year=year).order_by("day", "id"):
        entries.append(
            [
                entry.day,
                str(AwardLevel(entry.level).label),
                entry.get_kind_display(),
                entry.amount,
                entry.description,
                _("yes") if entry.voided_at else "",
            ]
        )
    for sheet in (summary, entries):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for letter in "ABCDEF":
            sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
