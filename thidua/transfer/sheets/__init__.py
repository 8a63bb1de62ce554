"""XLSX templates, exports and all-or-nothing imports of units, people, block memberships, block years, conferences
and results recorded from the minutes.

`base` holds what the lists share (columns, cell parsers, reading and writing workbooks, the
import's transaction); each list has its module. `SHEETS` maps the kind in the URL to its list.
"""

from __future__ import annotations

from thidua.transfer.sheets.base import ImportResult, RowError, Sheet
from thidua.transfer.sheets.blockyears import BlockYearSheet
from thidua.transfer.sheets.conferences import ConferenceSheet
from thidua.transfer.sheets.memberships import MembershipSheet
from thidua.transfer.sheets.people import PersonSheet
from thidua.transfer.sheets.results import ResultSheet
from thidua.transfer.sheets.units import UnitSheet

SHEETS: dict[str, Sheet] = {
    sheet.kind: sheet
    for sheet in (
        UnitSheet(),
        PersonSheet(),
        MembershipSheet(),
        BlockYearSheet(),
        ConferenceSheet(),
        ResultSheet(),
    )
}

__all__ = [
    "SHEETS",
    "BlockYearSheet",
    "ConferenceSheet",
    "ImportResult",
    "MembershipSheet",
    "PersonSheet",
    "ResultSheet",
    "RowError",
    "Sheet",
    "UnitSheet",
]
