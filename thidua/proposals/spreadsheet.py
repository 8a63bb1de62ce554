"""The reward fund of a year as an XLSX workbook: the balances per issuing level and every entry."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.awards.models import AwardLevel
from thidua.proposals.models import Decision, FundEntry
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


# The payment sheet is an official paper signed by the awardees: its texts are Vietnamese, as in
# the decision it goes with (papers.py).
PAYMENT_HEADINGS = [
    "STT",
    "Tập thể, cá nhân",
    "Hình thức khen thưởng",
    "Hệ số",
    "Mức lương cơ sở (đồng)",
    "Số tiền (đồng)",
    "Ký nhận",
]
MONEY_FORMAT = "#,##0"


def payment_sheet(decision: Decision) -> bytes:
    """Danh sách chi tiền thưởng of a decision (outputs.md §3.4; issue 9 item 6): per awarded line the
    coefficient × base salary on the decision date and its amount (R-MONEY-01, law.md §3.5), the
    collectives (I) then the individuals (II), each group's subtotal, the total and a column for the
    awardee's signature."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách chi"
    bold = Font(bold=True)
    sheet.append(["DANH SÁCH CHI TIỀN THƯỞNG"])
    sheet.append(
        [
            f"Kèm theo Quyết định số {decision.number or '……'} ngày {decision.date:%d/%m/%Y} "
            f"của {decision.authority} về việc tặng {decision.award_type.name}"
        ]
    )
    sheet.append([])
    sheet.append(PAYMENT_HEADINGS)
    for cell in (*sheet[1], *sheet[4]):
        cell.font = bold
    lines = list(decision.lines.select_related("person", "unit").order_by("position", "id"))
    groups = (
        ("I. TẬP THỂ", [line for line in lines if line.unit_id]),
        ("II. CÁ NHÂN", [line for line in lines if line.person_id]),
    )
    for title, group in groups:
        if not group:
            continue
        sheet.append([f"{title} ({len(group)})"])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for number, line in enumerate(group, start=1):
            awardee = line.unit.name if line.unit else line.person.full_name if line.person else ""
            sheet.append(
                [
                    number,
                    awardee,
                    decision.award_type.name,
                    float(line.coefficient) if line.coefficient is not None else None,
                    line.base_salary,
                    line.amount,
                    None,
                ]
            )
        sheet.append(
            [
                None,
                f"Cộng {title.split('. ', 1)[1].lower()}",
                None,
                None,
                None,
                sum(x.amount for x in group),
                None,
            ]
        )
        sheet.cell(row=sheet.max_row, column=2).font = bold
    sheet.append([None, "Tổng cộng", None, None, None, sum(line.amount for line in lines), None])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=5, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = MONEY_FORMAT
    for column, width in zip("ABCDEFG", (6, 40, 36, 8, 20, 18, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
