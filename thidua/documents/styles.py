"""The two official formats: the state format and the Party format (pure, no database).

- State documents follow NĐ 30/2020/NĐ-CP, Appendix I (R-FMT-01): the Quốc hiệu and Tiêu ngữ in the
  right header cell, the issuing body in the left one, `Số: 05/TTr-KTĐ` (a leading zero under 10),
  signatures "TM." / "KT." / "TL.".
- Documents of Party agencies follow QĐ 66-QĐ/TW and HD 36-HD/VPTW (R-FMT-02): "ĐẢNG CỘNG SẢN VIỆT
  NAM" top right, the issuing body with a "*" under it, `Số 127-TTr/KTĐ`, signatures "T/M", "K/T", "T/L".

The words printed on the papers are Vietnamese by law, whatever the interface language, so they are
constants here and not message ids.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.orgs.models import Unit, UnitKind


class DocumentStyle(models.TextChoices):
    STATE = "state", _("State format (Decree 30/2020)")
    PARTY = "party", _("Party format (Guide 36-HD/VPTW)")


class DocType(models.TextChoices):
    """Types of document with their abbreviation in the number (NĐ 30/2020 Appendix III)."""

    SUBMISSION = "TTr", _("Submission (tờ trình)")
    DECISION = "QĐ", _("Decision (quyết định)")
    MINUTES = "BB", _("Minutes (biên bản)")
    REPORT = "BC", _("Report (báo cáo)")
    NOTICE = "TB", _("Notice (thông báo)")
    PLAN = "KH", _("Plan (kế hoạch)")


# The type name printed in capitals above the summary.
TYPE_NAMES = {
    DocType.SUBMISSION: "TỜ TRÌNH",
    DocType.DECISION: "QUYẾT ĐỊNH",
    DocType.MINUTES: "BIÊN BẢN",
    DocType.REPORT: "BÁO CÁO",
    DocType.NOTICE: "THÔNG BÁO",
    DocType.PLAN: "KẾ HOẠCH",
}


class Authority(models.TextChoices):
    """Who signs: the head in person, or on behalf of a collective, as deputy, or by order."""

    OWN = "own", _("The head signs in person")
    ON_BEHALF = "on_behalf", _("On behalf of the collective (TM.)")
    DEPUTY = "deputy", _("Deputy of the head (KT.)")
    BY_ORDER = "by_order", _("By order of the head (TL.)")


PREFIXES = {
    DocumentStyle.STATE: {Authority.ON_BEHALF: "TM.", Authority.DEPUTY: "KT.", Authority.BY_ORDER: "TL."},
    DocumentStyle.PARTY: {Authority.ON_BEHALF: "T/M", Authority.DEPUTY: "K/T", Authority.BY_ORDER: "T/L"},
}

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"


def style_for_kind(kind: str) -> DocumentStyle:
    """Party agencies issue Party-format documents; every other kind of unit the state format (R-FMT-02)."""
    return DocumentStyle.PARTY if kind == UnitKind.PARTY_AGENCY else DocumentStyle.STATE


def style_for_unit(unit: Unit) -> DocumentStyle:
    """The format of the papers `unit` issues. A sub-unit (a department of a Party agency) writes in
    the format of the unit it belongs to."""
    current: Unit | None = unit
    while current is not None and current.kind == UnitKind.SUB_UNIT:
        current = current.parent
    return style_for_kind(current.kind if current is not None else unit.kind)


def number_line(style: str, doc_type: str, symbol: str, number: int | None = None) -> str:
    """`Số: 05/TTr-KTĐ` (state, NĐ 30/2020: a leading zero under 10) or `Số 127-TTr/KTĐ` (Party, HD 36).

    Without a number (a draft not yet issued) the place of the number is left blank to be written in.
    """
    if style == DocumentStyle.PARTY:
        shown = str(number) if number is not None else "      "
        return f"Số {shown}-{doc_type}/{symbol}"
    shown = f"{number:02d}" if number is not None else "      "
    return f"Số: {shown}/{doc_type}-{symbol}"


def vietnamese_date(day: datetime.date) -> str:
    """`ngày 05 tháng 01 năm 2026`: a zero before a day under 10 and before months 1 and 2 only
    (NĐ 30/2020 Appendix I, R-FMT-01), so March is `tháng 3`."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_line(place: str, day: datetime.date | None) -> str:
    """`Nha Trang, ngày 05 tháng 01 năm 2026`; a draft without a date leaves day and month blank."""
    when = vietnamese_date(day) if day else "ngày      tháng      năm      "
    return f"{place}, {when}" if place else when


def punctuate(lines: list[str], *, last: str = ".") -> list[str]:
    """Căn cứ lines: each ends with ";" and the last with "." (or "," before "Theo đề nghị của …")."""
    cleaned = [line.strip().rstrip(";.,").rstrip() for line in lines if line.strip()]
    return [line + (last if i == len(cleaned) - 1 else ";") for i, line in enumerate(cleaned)]


def recipient_lines(recipients: list[str]) -> list[str]:
    """Nơi nhận: "- Như trên;" … "- Lưu: VT." (each ";", the last ".")."""
    return ["- " + line.lstrip("- ") for line in punctuate(recipients)]


@dataclass(frozen=True)
class Letterhead:
    """What the header cells say about the issuer, and how its numbers are written."""

    style: DocumentStyle
    issuer: str
    symbol: str
    parent: str = ""
    place: str = ""

    def as_context(self) -> dict[str, Any]:
        return {
            "parent": self.parent.upper(),
            "issuer": self.issuer.upper(),
            "name": self.issuer,
            "symbol": self.symbol,
            "place": self.place,
        }


def letterhead_for_unit(
    unit: Unit, *, symbol: str = "", issuer: str = "", parent: str | None = None, place: str = ""
) -> Letterhead:
    """The letterhead of `unit`: its style by its kind, its name, its parent's name above it.

    `symbol` is the issuer's part of the number (e.g. "KTĐ", "UBND"); without one, the unit's short
    name or code in capitals. `issuer` replaces the unit's name (e.g. a block writing through its
    leading unit: "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG").
    """
    if parent is None:
        parent = unit.parent.name if unit.parent_id and unit.parent else ""
    return Letterhead(
        style=style_for_unit(unit),
        issuer=issuer or unit.name,
        symbol=symbol or (unit.short_name or unit.code).upper(),
        parent=parent,
        place=place or unit.place_name,
    )


@dataclass(frozen=True)
class Signature:
    """A signature block: `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / name (NĐ 30/2020 component 7)."""

    title: str
    name: str
    authority: str = Authority.OWN
    principal: str = ""

    def as_context(self, style: str) -> dict[str, str]:
        prefix = PREFIXES[DocumentStyle(style)].get(Authority(self.authority), "")
        return {
            "prefix_line": f"{prefix} {self.principal.upper()}" if prefix else "",
            "title": self.title.upper(),
            "name": self.name,
        }
