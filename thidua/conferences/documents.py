"""Documents of a conference: the minutes (biên bản) as DOCX and the QR codes of voting links.

The minutes are a paper of the documents engine (issue 9 item 4): `minutes_context(conference)`
gathers everything they say (pure reading, no writing) as the sections of
`documents.contexts.build_minutes_context`, and `minutes_docx` fills the minutes template in use
(`TemplateKind.MINUTES`). The issuer is the block, writing through its leading unit (the managing
body when the year has no leader): the unit's kind decides the format (R-FMT-01, NĐ 30/2020
Appendix I; R-FMT-02, a Party agency writes "ĐẢNG CỘNG SẢN VIỆT NAM" and "Số …-BB/KTĐ", QĐ 66-QĐ/TW,
HD 36-HD/VPTW). The number is given from that unit's register when the conference is closed
(`services.close_conference`), so downloading again shows the same number; before that it is left
blank. Minutes are always written in Vietnamese, whatever the interface language.
"""

from __future__ import annotations

import io
import math
from typing import Any

import segno
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.conferences.models import (
    Conference,
    ParticipantKind,
    PollKind,
    PollMode,
    PollStatus,
    Proxy,
    ReportComment,
)
from thidua.conferences.results import PollResult, given
from thidua.conferences.services import minutes_letterhead, quorum_status
from thidua.conferences.views.common import result_rows, threshold_text
from thidua.documents.contexts import Section, Table, TemplateKind, build_minutes_context
from thidua.documents.pdf import docx_to_pdf
from thidua.documents.render import render_docx
from thidua.documents.styles import Letterhead, Signature, vietnamese_date


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data URI (allowed by the CSP's img-src), for the printed link sheet."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def qr_png(url: str) -> bytes:
    """A QR code as PNG (segno writes PNG itself, no image library), sharp at print size."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


# The sheet of QR cards: A4 portrait, 10 mm margins, two columns of four cards (95 x 69 mm), cut
# along the table's lines.
CARD_COLUMNS, CARD_ROWS, CARD_HEIGHT_MM, QR_MM = 2, 4, 69, 34


def qr_sheet_docx(conference: Conference, cards: list[tuple[Any, str]]) -> bytes:
    """One card per delegate: the conference and its date, the unit, the delegate's name, the QR code
    of the personal voting link and the link written out (to type it when the camera cannot read the
    code). Nothing else: no poll, no choice, no receipt (the secret ballot, docs/security.md)."""
    import docx
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    with translation.override("vi"):
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Mm(10))
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(0)
        when = (
            _("Date: %(date)s") % {"date": timezone.localtime(conference.starts_at).strftime("%d/%m/%Y")}
            if conference.starts_at is not None
            else _("Date: %(date)s") % {"date": unknown()}
        )
        rows = math.ceil(len(cards) / CARD_COLUMNS)
        table = document.add_table(rows=rows, cols=CARD_COLUMNS)
        table.style = "Table Grid"
        for row in table.rows:
            row.height = Mm(CARD_HEIGHT_MM)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            properties = row._tr.get_or_add_trPr()
            cant_split = OxmlElement("w:cantSplit")
            properties.append(cant_split)
        for index, (participant, url) in enumerate(cards):
            cell = table.cell(index // CARD_COLUMNS, index % CARD_COLUMNS)
            lines: list[tuple[str, float, bool]] = [
                (conference.title, 9, True),
                (when + (f" · {conference.place}" if conference.place else ""), 8, False),
                (str(participant.unit) if participant.unit_id else _("Without a unit"), 10, False),
                (participant.full_name, 13, True),
            ]
            first = True
            for text, size, bold in lines:
                paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(text)
                run.font.size, run.bold = Pt(size), bold
            picture = cell.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=Mm(QR_MM), height=Mm(QR_MM))
            link = cell.add_paragraph()
            link.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = link.add_run(url)
            run.font.size, run.font.name = Pt(7), "Liberation Mono"
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), "Liberation Mono")
            note = cell.add_paragraph()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = note.add_run(
                _(
                    "Scan the code with the phone's camera to vote. This card is for the delegate named on it only."
                )
            )
            run.font.size, run.italic = Pt(7.5), True
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def qr_sheet_pdf(conference: Conference, cards: list[tuple[Any, str]]) -> bytes:
    """The sheet of QR cards as PDF, through LibreOffice like the other printed papers."""
    return docx_to_pdf(qr_sheet_docx(conference, cards))


def unknown() -> str:
    """What the minutes and pages print for a fact nobody recorded (issue 12 item 2: unknown is a value)."""
    return _("not known yet")


def _time(moment: Any) -> str:
    local = timezone.localtime(moment)
    return _("%(hours)s h %(minutes)s") % {"hours": f"{local.hour:02d}", "minutes": f"{local.minute:02d}"}


def _who(p: Any) -> str:
    parts = [p.full_name, p.position, str(p.unit) if p.unit_id else ""]
    return ", ".join(part for part in parts if part)


def _attendance(conference: Conference) -> Section:
    roll = list(conference.participants.select_related("unit"))
    proxies = list(Proxy.objects.filter(conference=conference).select_related("voter__unit", "holder"))
    quorum = quorum_status(conference)
    voters = [p for p in roll if p.is_voter]
    present = [_who(p) for p in voters if p.present]
    absent = [_who(p) for p in voters if not p.present]
    guests = [_who(p) for p in roll if p.kind == ParticipantKind.GUEST and p.present]
    if conference.starts_at is not None:
        starts = timezone.localtime(conference.starts_at)
        when = _("%(time)s, %(date)s") % {
            "time": starts.strftime("%H:%M"),
            "date": starts.strftime("%d/%m/%Y"),
        }
    else:
        when = unknown()
    lines = [
        _("Time: %(when)s.") % {"when": when},
        _("Place: %(place)s.") % {"place": conference.place or unknown()},
        *([_("Host unit: %(unit)s.") % {"unit": conference.host}] if conference.host_id else []),
        _("Chair: %(name)s.") % {"name": conference.chair or unknown()},
        _("Secretary: %(name)s.") % {"name": conference.secretary or unknown()},
        _("Delegates present (%(count)s):") % {"count": len(present)},
        *("- " + line for line in present),
    ]
    if absent:
        lines.append(_("Absent (%(count)s):") % {"count": len(absent)})
        lines += ["- " + line for line in absent]
    lines += [
        "- "
        + _("%(voter)s authorised %(holder)s in writing")
        % {"voter": _who(x.voter), "holder": x.holder.full_name}
        for x in proxies
    ]
    if guests:
        lines.append(_("Guests: %(names)s.") % {"names": "; ".join(guests)})
    lines.append(
        _("Votes present: %(present)s of %(total)s (needed %(needed)s): %(verdict)s.")
        % {
            "present": quorum.present,
            "total": quorum.total,
            "needed": quorum.verdict.needed,
            "verdict": _("the conference may vote") if quorum.verdict.passed else _("no quorum"),
        }
    )
    return Section(_("I. Time, place and attendance"), tuple(lines))


def _poll_sections(conference: Conference, index: int, poll: Any) -> list[Section]:
    """A poll's heading and figures, its table of results, and what follows the table."""
    heading = f"{index}. {poll.title}"
    lines = [_("Form: %(mode)s.") % {"mode": poll.get_mode_display()}]
    if poll.status == PollStatus.VOID:
        lines.append(_("Voided: %(reason)s.") % {"reason": poll.void_reason})
        return [Section(heading, tuple(lines))]
    result = poll.outcome
    if result is None:
        lines.append(_("Status: %(status)s.") % {"status": poll.get_status_display()})
        return [Section(heading, tuple(lines))]
    if result.by_acclamation:
        return _acclamation_sections(poll, heading, result)
    lines.append(_("Passing rule: %(rule)s.") % {"rule": threshold_text(result)})
    lines.append(
        _(
            "Voters on the roll: %(entitled)s; present: %(present)s; ballots cast: %(cast)s; "
            "valid: %(valid)s; invalid: %(invalid)s."
        )
        % {
            "entitled": result.entitled,
            "present": result.present,
            "cast": result.cast,
            "valid": result.valid,
            "invalid": result.invalid,
        }
    )
    header = (
        _("Candidate / item"),
        _("Votes") if poll.is_select else _("Yes / no / abstain"),
        _("Verdict"),
        _("Place"),
    )
    rows = []
    for row in result_rows(poll):
        counts = str(row.votes) if poll.is_select else f"{row.yes} / {row.no} / {row.abstain}"
        verdict = (_("passed") if row.passed else _("not passed")) + f" ({row.verdict_text})"
        rows.append((row.label, counts, verdict, str(row.place or "")))
    after = ["- " + _written_line(poll, w) for w in poll.written_opinions.select_related("voter__unit")]
    if result.open_places() and poll.kind == PollKind.RANKING:
        after.append(
            _(
                "First place is tied beyond the number of leading units the block allows: each tied unit "
                "is recorded first, marked as tied, for the province to decide which one leads."
            )
        )
    elif result.open_places():
        after.append(_("First place is tied: the conference votes again."))
    if result.shared_places:
        after.append(
            _("First place is shared by the tied units (the block's rule allows several leading units).")
        )
    if poll.mode == PollMode.PAPER:
        after.append(_("Paper ballots counted by the vote-counting team; results typed in by the secretary."))
    else:
        after.append(_("Roll fingerprint: %(hash)s") % {"hash": poll.roll_fingerprint})
        after.append(_("Ballot set hash: %(hash)s") % {"hash": given(result.ballot_set_hash) or ""})
    return [Section(heading, tuple(lines), Table(header, tuple(rows))), Section("", tuple(after))]


def _acclamation_sections(poll: Any, heading: str, result: PollResult) -> list[Section]:
    """A poll decided by acclamation (issue 12 item 10): said as such, with what was agreed and no
    counts, since there were no ballots."""
    lines = [
        _("Honoured by an open vote of show of hands or applause (suy tôn), without ballots.")
        if poll.kind == PollKind.RANKING
        else _("Agreed by an open vote of show of hands or applause, without ballots."),
        _("Voters on the roll: %(entitled)s; present: %(present)s.")
        % {"entitled": result.entitled, "present": result.present},
    ]
    header = (_("Candidate / item"), _("Verdict"), _("Place"))
    rows = [
        (row.label, row.verdict_text, str(row.place or ""))
        for row in result_rows(poll)
        if row.passed or not poll.is_select
    ]
    return [Section(heading, tuple(lines), Table(header, tuple(rows)))]


def _closing(conference: Conference) -> Section:
    """The end of the minutes: when the conference ended (issue 15 item 11), that the minutes were
    read and approved, and how many copies were made (NĐ 30/2020 Mẫu 1.9)."""
    if conference.closed_at is not None:
        local = timezone.localtime(conference.closed_at)
        ended = _("The conference ended at %(time)s, %(date)s.") % {
            "time": _time(local),
            "date": vietnamese_date(local.date()),
        }
    else:
        ended = _("The conference ended at ....... h ......., day ....... month ....... year .......")
    return Section(
        "",
        (
            ended,
            _("The minutes were read to the conference and approved by it."),
            _("The minutes are made in %(count)s copies of equal value.")
            % {"count": f"{conference.minutes_copies:02d}"},
        ),
    )


def minutes_context(conference: Conference) -> tuple[Letterhead, dict[str, Any]]:
    """The letterhead and the template context of the conference's minutes (in the active language;
    `minutes_docx` makes it Vietnamese)."""
    letterhead = minutes_letterhead(conference)
    issued = conference.issued_number
    if issued is not None:
        day = issued.issued_on
    elif conference.starts_at is not None:
        day = timezone.localtime(conference.starts_at).date()
    else:
        day = None
    sections = [
        _attendance(conference),
        Section(
            _("II. Agenda"),
            tuple(f"{i}. {item}" for i, item in enumerate(conference.agenda_items(), start=1)),
        ),
    ]
    comments = ReportComment.objects.filter(section__conference=conference).select_related("section", "unit")
    report_lines = tuple(
        "- "
        + _("%(unit)s on “%(section)s”: %(text)s — %(answer)s")
        % {
            "unit": c.unit,
            "section": c.section.heading,
            "text": c.text,
            "answer": c.get_status_display() + (f" ({c.answer})" if c.answer else ""),
        }
        for c in comments
    )
    if report_lines:
        sections.append(Section(_("III. Comments on the draft summary report"), report_lines))
    sections.append(
        Section(_("IV. Results of the votes") if report_lines else _("III. Results of the votes"))
    )
    for index, poll in enumerate(conference.polls.exclude(status=PollStatus.DRAFT), start=1):
        sections += _poll_sections(conference, index, poll)
    sections.append(_closing(conference))
    context = build_minutes_context(
        letterhead=letterhead,
        number=issued.number if issued is not None else None,
        day=day,
        summary=conference.title,
        sections=sections,
        chair=Signature(title=_("CHAIR"), name=(conference.chair or "").split(",")[0].strip()),
        secretary=Signature(title=_("SECRETARY"), name=(conference.secretary or "").split(",")[0].strip()),
    )
    return letterhead, context


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
    """The minutes as DOCX, through the documents engine's minutes template."""
    with translation.override("vi"):
        letterhead, context = minutes_context(conference)
        return render_docx(TemplateKind.MINUTES, letterhead.style, context)
