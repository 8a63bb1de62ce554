"""The batch results as an XLSX workbook (write-only: a province's results do not fit in memory twice)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.lib.cells import text_cell, xlsx_row


def results_workbook(job: Any, results: Any) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Eligibility %(year)s") % {"year": job.year})
    headings = [_("Title or form"), _("Candidate"), _("Unit"), _("Verdict"), _("Rules not met")]
    for letter, width in zip("ABCDE", (34, 32, 40, 22, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = []
    for text in headings:
        cell = text_cell(sheet, text)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for result in results.iterator(chunk_size=2000):
        candidate = result.person or result.unit
        sheet.append(
            xlsx_row(
                sheet,
                [
                    result.award_type.display_name,
                    str(candidate),
                    str(result.home_unit) if result.home_unit else "",
                    result.get_status_display(),
                    result.failed,
                ],
            )
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
