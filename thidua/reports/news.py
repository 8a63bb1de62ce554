"""The news article draft of a conference (issue 10 item 5, outputs.md §6), built from its data.

`build_article(conference)` reads the conference (pure reading): the headline, the lead (part of
the day, date, place, block, event), chair and guests, the members with this year's leader, the
year's figures (the report's results section; without one, the members' lượt of the year), the report's approval, the honours ("suy tôn …
dẫn đầu; thứ Nhì …; thứ Ba …"), the approved proposals, next year's leader and deputy, the covenant,
next year's direction, photo captions and a byline to fill in. `article_text` is the stored edited
text when there is one, else the built draft as plain text; `article_docx` lays that text out as
DOCX in the documents engine's page format. The article is always written in Vietnamese (like the
minutes) and always marked "DỰ THẢO": the system never publishes it [U policy, outputs.md §6].
"""

from __future__ import annotations

import datetime
import io
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone

from thidua.blocks.models import BlockKind, BlockYear, MemberRole
from thidua.conferences.models import (
    AwardCandidate,
    Conference,
    ConferenceKind,
    FileKind,
    Poll,
    PollKind,
    PollStatus,
)
from thidua.lib.numbers import format_number
from thidua.orgs.models import Unit
from thidua.reports.summary import member_awards

DRAFT_MARK = "DỰ THẢO"
BYLINE = "Tác giả: …………………, …………………"
_ORDINALS = {2: "Nhì", 3: "Ba", 4: "Tư", 5: "Năm", 6: "Sáu", 7: "Bảy", 8: "Tám", 9: "Chín", 10: "Mười"}


@dataclass
class NewsArticle:
    headline: str
    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    byline: str = BYLINE

    def as_text(self) -> str:
        """The plain text: the draft mark, the headline, the paragraphs, the captions, the byline."""
        parts = [DRAFT_MARK, self.headline, *self.paragraphs]
        parts += [f"Ảnh: {caption}" for caption in self.captions]
        parts.append(self.byline)
        return "\n\n".join(parts) + "\n"


def daypart(hour: int) -> str:
    """ "Sáng" before noon, "Chiều" until 18:00, else "Tối"."""
    if hour < 12:
        return "Sáng"
    if hour < 18:
        return "Chiều"
    return "Tối"


def news_date(day: datetime.date) -> str:
    """News style "27/12/2022"."""
    return day.strftime("%d/%m/%Y")


def ordinal(place: int) -> str:
    return _ORDINALS.get(place, format_number(place))


def _published(conference: Conference, kind: str) -> list[Poll]:
    return list(conference.polls.filter(kind=kind, status=PollStatus.PUBLISHED).order_by("position", "id"))


def _places(conference: Conference, kind: str) -> list[tuple[int, Unit]]:
    """The places of the last published poll of `kind` (empty on a tie or none)."""
    polls = _published(conference, kind)
    if not polls:
        return []
    result = polls[-1].outcome
    if result is None or result.open_places():
        return []
    places = [(p.place, p.unit_id) for p in result.place_list() if p.unit_id]
    units = Unit.objects.in_bulk([unit_id for _place, unit_id in places])
    return sorted((place, units[unit_id]) for place, unit_id in places)


def _every_item_passed(poll: Poll) -> bool:
    outcome = poll.outcome
    return all(o.verdict.passed for o in outcome.options) if outcome is not None else True


def _section(conference: Conference, *words: str) -> str:
    for section in conference.report_sections.order_by("position", "id"):
        heading = section.heading.lower()
        if any(word in heading for word in words):
            return section.text.strip()
    return ""


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def _award_figures(block_year: BlockYear, k: str) -> list[str]:
    """Without a results section in the draft report, the year's figures from the data: the members'
    lượt that year, collective and individual (as the summary report counts them, seed 003)."""
    records = member_awards(block_year)
    total = records.count()
    if not total:
        return []
    collective = records.filter(unit__isnull=False).count()
    return [
        f"Năm {block_year.year}, các đơn vị trong {k} có {format_number(collective)} lượt tập thể, "
        f"{format_number(total - collective)} lượt cá nhân được các cấp khen thưởng."
    ]


def build_article(conference: Conference) -> NewsArticle:
    block_year = conference.block_year
    block = block_year.block.name
    year = block_year.year
    k = "Cụm" if block_year.block.kind == BlockKind.CLUSTER else "Khối"  # a cụm speaks as a cụm
    starts = timezone.localtime(conference.starts_at) if conference.starts_at is not None else None
    text_of_event = f"{conference.title} {conference.agenda}".lower()
    covenant = "giao ước" in text_of_event

    if conference.kind == ConferenceKind.PREPARATORY:
        headline = f"{block}: Hội nghị trù bị tổng kết phong trào thi đua năm {year}"
    elif conference.kind == ConferenceKind.SUMMARY:
        headline = f"{block} tổng kết công tác thi đua, khen thưởng năm {year}"
        if covenant:
            headline += f"; phát động, ký kết giao ước thi đua năm {year + 1}"
    else:
        headline = f"{block}: {conference.title}"

    paragraphs = []
    # A conference's date or place may be unknown (issue 12 item 2): the lead leaves it out.
    when = f"{daypart(starts.hour)} ngày {news_date(starts)}, " if starts is not None else ""
    where = f"tại {conference.place}, " if conference.place else ""
    lead = f"{when}{where}{block} tổ chức {conference.title}."
    host = getattr(conference, "host", None)
    if host is not None and not block_year.memberships.filter(unit=host, role=MemberRole.LEADER).exists():
        # The host unit of the conference when it is not the leader (issue 12 item 10).
        lead += f" {host.name} là đơn vị đăng cai Hội nghị."
    paragraphs.append(lead)

    people = []
    if conference.chair:
        people.append(f"Chủ trì Hội nghị: {conference.chair}.")
    guests = [
        f"{g.full_name} – {g.position}" if g.position else g.full_name
        for g in conference.participants.filter(kind="guest").order_by("position_in_roll", "id")
    ]
    if guests:
        people.append(f"Tham dự có {_join(guests)}.")
    if people:
        paragraphs.append(" ".join(people))

    memberships = list(block_year.memberships.select_related("unit").order_by("id"))
    if memberships:
        names = [
            f"{m.unit.name} ({k} trưởng năm {year})" if m.role == MemberRole.LEADER else m.unit.name
            for m in memberships
        ]
        paragraphs.append(f"{k} gồm {format_number(len(names))} thành viên: {', '.join(names)}.")

    results = _section(conference, "kết quả")
    if results:
        named = str(year) in results[:40]
        paragraphs.append(results if named else f"Năm {year}, {results[0].lower()}{results[1:]}")
    else:
        paragraphs += _award_figures(block_year, k)

    decisions = []
    approvals = [p for p in _published(conference, PollKind.QUESTION) if _every_item_passed(p)]
    for poll in approvals:
        title = str(getattr(poll, "title", ""))
        if title.lower().startswith("thông qua "):
            title = title[len("thông qua ") :]
        decisions.append(f"Hội nghị đã biểu quyết thông qua {title}")
    if not approvals and conference.report_sections.exists():
        decisions.append(
            f"Tại Hội nghị, các đơn vị đã thảo luận, bổ sung hoàn thiện dự thảo báo cáo tổng kết thi đua "
            f"{k} năm {year}, phương hướng nhiệm vụ năm {year + 1}"
        )
    ranking = _places(conference, PollKind.RANKING)
    tied = list(block_year.standings.filter(rank=1, tied=True).select_related("unit"))
    if tied:
        # A first place shared beyond the block's number of leading units (issue 12 item 6, R-COL-03):
        # the province decides which unit leads; the draft says so instead of naming one.
        decisions.append(
            f"{_join([s.unit.name for s in tied])} đồng xếp thứ Nhất; Hội nghị đề nghị cấp có thẩm quyền "
            f"xem xét, quyết định đơn vị dẫn đầu thi đua {k} năm {year}"
        )
    if ranking and not tied:
        first = [u.name for place, u in ranking if place == 1]
        honours = f"biểu quyết suy tôn {_join(first)} dẫn đầu thi đua {k} năm {year}"
        for place in sorted({p for p, _u in ranking if p > 1}):
            honours += f"; xếp thứ {ordinal(place)} {_join([u.name for p, u in ranking if p == place])}"
        decisions.append(honours)
    candidates = AwardCandidate.objects.filter(poll__conference=conference).select_related(
        "award_type", "unit", "person"
    )
    by_award: OrderedDict[str, list[str]] = OrderedDict()
    for candidate in candidates.order_by("id"):  # in the order the conference voted them
        who = candidate.unit.name if candidate.unit else str(candidate.person)
        by_award.setdefault(candidate.award_type.name, []).append(who)
    if by_award:
        decisions.append(
            "thống nhất đề nghị tặng "
            + "; ".join(f"{award} cho {_join(names)}" for award, names in by_award.items())
        )
    if decisions:
        if decisions[0][0].islower():
            decisions[0] = f"Hội nghị đã {decisions[0]}"
        paragraphs.append("; ".join(decisions) + ".")

    leader = _places(conference, PollKind.LEADER)
    deputy = _places(conference, PollKind.DEPUTY)
    if leader:
        election = f"Hội nghị đã suy tôn {leader[0][1].name} là {k} trưởng"
        if deputy:
            election += f" và {_join([u.name for _p, u in deputy])} là {k} phó"
        paragraphs.append(f"{election} {k} thi đua năm {year + 1}.")
    if covenant:
        paragraphs.append(f"Các đơn vị trong {k} đã ký kết giao ước thi đua năm {year + 1}.")
    direction = _section(conference, "phương hướng")
    if direction:
        paragraphs.append(f"Năm {year + 1}, các đơn vị trong {k} thống nhất: {direction}")

    captions = [
        f.caption or "Quang cảnh Hội nghị"
        for f in conference.files.filter(kind=FileKind.PHOTO).order_by("id")
    ] or ["Quang cảnh Hội nghị"]
    return NewsArticle(headline=headline, paragraphs=paragraphs, captions=captions)


def article_text(conference: Conference) -> str:
    """The edited draft when someone saved one, else the draft built from the data."""
    from thidua.reports.models import NewsDraft

    stored = NewsDraft.objects.filter(conference=conference).values_list("text", flat=True).first()
    return stored if stored is not None else build_article(conference).as_text()


def text_docx(text: str) -> bytes:
    """Plain text as DOCX: A4, Times New Roman 14 (R-FMT-01); the first line ("DỰ THẢO") bold and
    centred, the second (the headline) bold, every further paragraph justified with a first-line
    indent."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    for index, block in enumerate(blocks):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block)
        if index == 0 and block == DRAFT_MARK:
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif index <= 1:
            run.bold = True
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def article_docx(conference: Conference) -> bytes:
    return text_docx(article_text(conference))
