"""Documents of a conference: the minutes (biên bản) as DOCX and the QR codes of voting links.

`minutes_context(conference)` gathers everything the minutes say (pure reading, no writing);
`minutes_docx` lays it out in the official format: A4, Times New Roman 13–14, margins 20/20/30/15 mm,
page numbers centred at the top from page 2 (R-FMT-01, NĐ 30/2020 Appendix I); a block led by a Party
agency uses the Party header "ĐẢNG CỘNG SẢN VIỆT NAM" and Party numbering "Số …-BB/…" instead of
the national title and "Số: …/BB-…" (R-FMT-02, QĐ 66-QĐ/TW, HD 36-HD/VPTW). Minutes are always
written in Vietnamese, whatever the interface language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import segno
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.blocks.models import MemberRole
from thidua.conferences.models import (
    Conference,
    ParticipantKind,
    PollMode,
    PollStatus,
    Proxy,
    ReportComment,
)
from thidua.conferences.services import quorum_status
from thidua.conferences.views.common import result_rows, threshold_text
from thidua.orgs.models import UnitKind


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data URI (allowed by the CSP's img-src), for the printed link sheet."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@dataclass
class MinutesContext:
    party: bool
    issuer: str
    block: str
    place_date: str
    title: str
    when: str
    place: str
    chair: str
    secretary: str
    present: list[str]
    absent: list[str]
    proxies: list[str]
    guests: list[str]
    quorum: str
    agenda: list[str]
    report: list[str]
    polls: list[dict[str, Any]] = field(default_factory=list)


def _vietnamese_date(day: Any) -> str:
    return _("day %(d)s month %(m)s year %(y)s") % {
        "d": f"{day.day:02d}",
        "m": f"{day.month:02d}",
        "y": day.year,
    }


def minutes_context(conference: Conference) -> MinutesContext:
    block_year = conference.block_year
    leader = next(
        (m.unit for m in block_year.memberships.select_related("unit") if m.role == MemberRole.LEADER), None
    )
    starts = timezone.localtime(conference.starts_at)
    place_name = leader.place_name if leader else ""
    roll = list(conference.participants.select_related("unit"))
    proxies = list(Proxy.objects.filter(conference=conference).select_related("voter__unit", "holder"))
    quorum = quorum_status(conference)
    voters = [p for p in roll if p.is_voter]

    def who(p: Any) -> str:
        parts = [p.full_name, p.position, str(p.unit) if p.unit_id else ""]
        return ", ".join(part for part in parts if part)

    comments = ReportComment.objects.filter(section__conference=conference).select_related("section", "unit")
    report_lines = [
        _("%(unit)s on “%(section)s”: %(text)s — %(answer)s")
        % {
            "unit": c.unit,
            "section": c.section.heading,
            "text": c.text,
            "answer": c.get_status_display() + (f" ({c.answer})" if c.answer else ""),
        }
        for c in comments
    ]
    poll_rows = []
    for poll in conference.polls.exclude(status=PollStatus.DRAFT):
        entry: dict[str, Any] = {
            "title": poll.title,
            "mode": poll.get_mode_display(),
            "status": poll.get_status_display(),
        }
        if poll.status == PollStatus.VOID:
            entry["void"] = poll.void_reason
        elif poll.result:
            result = poll.result
            entry.update(
                {
                    "threshold": threshold_text(result),
                    "numbers": _(
                        "Voters on the roll: %(entitled)s; present: %(present)s; ballots cast: %(cast)s; "
                        "valid: %(valid)s; invalid: %(invalid)s."
                    )
                    % result,
                    "rows": result_rows(poll),
                    "select": poll.is_select,
                    "fingerprint": poll.roll_fingerprint,
                    "ballot_hash": result.get("ballot_set_hash", ""),
                    "paper": poll.mode == PollMode.PAPER,
                    "tied": bool(result.get("tied_places")),
                    "written": [
                        _written_line(poll, w) for w in poll.written_opinions.select_related("voter__unit")
                    ],
                }
            )
        poll_rows.append(entry)
    return MinutesContext(
        party=bool(leader and leader.kind == UnitKind.PARTY_AGENCY),
        issuer=str(leader or block_year.block.managing_body),
        block=block_year.block.name,
        place_date=(f"{place_name}, " if place_name else "") + _vietnamese_date(starts),
        title=conference.title,
        when=_("%(time)s, %(date)s")
        % {"time": starts.strftime("%H:%M"), "date": starts.strftime("%d/%m/%Y")},
        place=conference.place,
        chair=conference.chair,
        secretary=conference.secretary,
        present=[who(p) for p in voters if p.present],
        absent=[who(p) for p in voters if not p.present],
        proxies=[
            _("%(voter)s authorised %(holder)s in writing")
            % {"voter": who(x.voter), "holder": x.holder.full_name}
            for x in proxies
        ],
        guests=[who(p) for p in roll if p.kind == ParticipantKind.GUEST and p.present],
        quorum=_("Votes present: %(present)s of %(total)s (needed %(needed)s): %(verdict)s.")
        % {
            "present": quorum.present,
            "total": quorum.total,
            "needed": quorum.verdict.needed,
            "verdict": _("the conference may vote") if quorum.verdict.passed else _("no quorum"),
        },
        agenda=conference.agenda_items(),
        report=report_lines,
        polls=poll_rows,
    )


def _written_line(poll: Any, opinion: Any) -> str:
    """An absent member's written opinion as the minutes record it (R-VOTE-02): who, and what."""
    labels = dict(poll.options.values_list("pk", "label"))
    answers = {"Y": _("Yes"), "N": _("No"), "A": _("Abstain")}
    if poll.is_select:
        what = "; ".join(labels.get(int(i), "?") for i in opinion.choice) or _("no candidate")
    else:
        what = "; ".join(f"{labels.get(int(k), '?')}: {answers.get(v, v)}" for k, v in opinion.choice.items())
    name = opinion.voter.full_name + (f" ({opinion.voter.unit})" if opinion.voter.unit_id else "")
    return _("%(name)s, in writing: %(what)s") % {"name": name, "what": what}


def minutes_docx(conference: Conference) -> bytes:
    with translation.override("vi"):
        return _render_minutes(minutes_context(conference))


def _render_minutes(ctx: MinutesContext) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(docx.oxml.ns.qn("w:eastAsia"), "Times New Roman")
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])

    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    _cell(left, ctx.block.upper(), bold=True, size=13)
    _cell(left, "*", size=13)
    if ctx.party:
        _cell(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=14, underline=True)
        number = "Số      -BB/KTĐ"
    else:
        _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
        _cell(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, underline=True)
        number = "Số:      /BB-KTĐ"
    _cell(header.rows[1].cells[0], number, size=13)
    _cell(header.rows[1].cells[1], ctx.place_date, italic=True, size=14)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    run = title.add_run(_("MINUTES"))
    run.bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(ctx.title).bold = True

    _heading(document, _("I. Time, place and attendance"))
    _para(document, _("Time: %(when)s.") % {"when": ctx.when})
    _para(document, _("Place: %(place)s.") % {"place": ctx.place})
    _para(document, _("Chair: %(name)s.") % {"name": ctx.chair})
    _para(document, _("Secretary: %(name)s.") % {"name": ctx.secretary})
    _para(document, _("Delegates present (%(count)s):") % {"count": len(ctx.present)})
    for line in ctx.present:
        _para(document, "- " + line, indent=False)
    if ctx.absent:
        _para(document, _("Absent (%(count)s):") % {"count": len(ctx.absent)})
        for line in ctx.absent:
            _para(document, "- " + line, indent=False)
    for line in ctx.proxies:
        _para(document, "- " + line, indent=False)
    if ctx.guests:
        _para(document, _("Guests: %(names)s.") % {"names": "; ".join(ctx.guests)})
    _para(document, ctx.quorum)

    _heading(document, _("II. Agenda"))
    for index, item in enumerate(ctx.agenda, start=1):
        _para(document, f"{index}. {item}", indent=False)

    if ctx.report:
        _heading(document, _("III. Comments on the draft summary report"))
        for line in ctx.report:
            _para(document, "- " + line, indent=False)

    _heading(document, _("IV. Results of the votes") if ctx.report else _("III. Results of the votes"))
    for index, poll in enumerate(ctx.polls, start=1):
        heading = document.add_paragraph()
        heading.add_run(f"{index}. {poll['title']}").bold = True
        _para(document, _("Form: %(mode)s.") % {"mode": poll["mode"]})
        if "void" in poll:
            _para(document, _("Voided: %(reason)s.") % {"reason": poll["void"]})
            continue
        if "rows" not in poll:
            _para(document, _("Status: %(status)s.") % {"status": poll["status"]})
            continue
        _para(document, _("Passing rule: %(rule)s.") % {"rule": poll["threshold"]})
        _para(document, poll["numbers"])
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        headings = [
            _("Candidate / item"),
            _("Votes") if poll["select"] else _("Yes / no / abstain"),
            _("Verdict"),
            _("Place"),
        ]
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            _cell(cell, text, bold=True, size=12)
        for row in poll["rows"]:
            cells = table.add_row().cells
            counts = str(row["votes"]) if poll["select"] else f"{row['yes']} / {row['no']} / {row['abstain']}"
            verdict = (_("passed") if row["passed"] else _("not passed")) + f" ({row['verdict_text']})"
            for cell, text in zip(
                cells, [row["label"], counts, verdict, str(row["place"] or "")], strict=True
            ):
                _cell(cell, text, size=12)
        for line in poll["written"]:
            _para(document, "- " + line, indent=False)
        if poll["tied"]:
            _para(document, _("First place is tied: the conference votes again."))
        if poll["paper"]:
            _para(
                document,
                _("Paper ballots counted by the vote-counting team; results typed in by the secretary."),
            )
        else:
            _para(document, _("Roll fingerprint: %(hash)s") % {"hash": poll["fingerprint"]}, size=11)
            _para(document, _("Ballot set hash: %(hash)s") % {"hash": poll["ballot_hash"]}, size=11)

    _para(document, _("The minutes were read to the conference and approved by it."))
    signatures = document.add_table(rows=2, cols=2)
    _cell(signatures.rows[0].cells[0], _("SECRETARY"), bold=True, size=14)
    _cell(signatures.rows[0].cells[1], _("CHAIR"), bold=True, size=14)
    for cell, name in zip(signatures.rows[1].cells, [ctx.secretary, ctx.chair], strict=True):
        for _blank in range(3):
            _cell(cell, "", size=14)
        _cell(cell, name.split(",")[0], bold=True, size=14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cell(
    cell: Any, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False, size: int = 13
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = (
        cell.paragraphs[0]
        if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs
        else cell.add_paragraph()
    )
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def _heading(document: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run(text).bold = True


def _para(document: Any, text: str, *, indent: bool = True, size: int = 14) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_after = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.add_run(text).font.size = Pt(size)


def _page_number(paragraph: Any) -> None:
    """A PAGE field centred in the header (shown from page 2: the first page has its own empty header)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field_)
