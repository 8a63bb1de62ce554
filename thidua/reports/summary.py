"""The block's summary report (báo cáo tổng kết, issue 10 item 2, outputs.md §5.1) drafted from the
data, as DOCX through the documents engine: `render_docx("report", style, …)` in the state or the
Party format by the leading unit's kind (R-FMT-01/02, NĐ 30/2020 Mẫu 1.4; QĐ 66-QĐ/TW).

Sections from the data (outline of outputs.md §5.1): the launch and the covenant (members, movements,
signing date); per covenant criterion the average and highest verified score (R-BLK-04); award counts
by title and level for the members that year (not voided, counted as "lượt", seed 003); the scoring
ranking, the conference's honours (suy tôn, proposals approved); the award counts' chart across the
block's last years as an image at the end of their section (issue 10 item 3); the proposals of the year's dossiers
against the decisions issued; next year's leader and deputy, titled by the block's kind ("Khối
trưởng"/"Cụm trưởng"). The strengths, limitations, lessons and direction are sections for the leader
to write ("…"). Annexes: the score table and the proposal list. The leader's sections are stored on the block year's `SummaryReport` (draft → sent →
issued, `services.change_summary_status`); an issued report carries its number from the register.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from thidua.accounts.types import Actor
from thidua.awards.models import AwardLevel, AwardRecord
from thidua.blocks.models import BlockKind, BlockYear, MemberRole, Standing, deputy_title, leader_title
from thidua.conferences.models import AwardCandidate
from thidua.documents.contexts import Section, Table, build_report_context
from thidua.documents.models import IssuedNumber
from thidua.documents.render import render_docx
from thidua.documents.services import allocate_number
from thidua.documents.styles import DocType, Letterhead, Signature, letterhead_for_unit
from thidua.lib.charts import Chart, awards_chart, insert_charts
from thidua.lib.numbers import format_number, format_points
from thidua.lib.vietnamese import text_sort_key
from thidua.orgs.models import Position, Unit
from thidua.proposals.models import DecisionStatus, DossierLine
from thidua.reports.models import SummaryReport
from thidua.scoring.models import Covenant, CovenantStatus, Criterion, CriterionKind, Movement
from thidua.scoring.services.ranking import block_ranking, card_results

SCORING_HEADING = "4. Kết quả chấm điểm, bình xét, suy tôn:"
LEVELS = {
    AwardLevel.NATIONAL: "Cấp Nhà nước",
    AwardLevel.PROVINCE: "Cấp bộ, ngành, tỉnh",
    AwardLevel.GRASSROOTS: "Cấp cơ sở",
}


def _titles(block_year: BlockYear) -> tuple[str, str, str]:
    """The block's noun ("Khối"/"Cụm"), its leader's and its deputy's titles, in Vietnamese."""
    kind = block_year.block.kind
    with translation.override("vi"):
        return ("Cụm" if kind == BlockKind.CLUSTER else "Khối", leader_title(kind), deputy_title(kind, None))


def _to_write(block_year: BlockYear) -> str:
    return f"…………………………………………………………… ({_titles(block_year)[1]} viết)"


def _owner(line: Any) -> str:
    return line.unit.name if line.unit_id else str(line.person)


def _criteria_paragraphs(block_year: BlockYear, results: list[Any]) -> tuple[str, ...]:
    """Average and highest verified (final) score of each covenant criterion over the members'
    submitted scorecards (`scoring.services.ranking.card_results`, R-BLK-04); criteria not yet verified are left out."""
    scores: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    table_ids = set()
    for result in results:
        table_ids.add(result.card.table_id)
        for code, value in result.final.items():
            if value is not None:
                scores[code].append((value, result.card.unit.name))
    criteria = {
        c.code: c
        for c in Criterion.objects.filter(table_id__in=table_ids, kind=CriterionKind.NORMAL).order_by("id")
    }
    lines = []
    for code, criterion in criteria.items():
        values = scores.get(code)
        if not values:
            continue
        average = sum((v for v, _name in values), Decimal(0)) / len(values)
        best = max(v for v, _name in values)
        best_units = sorted({name for v, name in values if v == best}, key=text_sort_key)
        text = criterion.text.strip().splitlines()[0].rstrip(".:;")
        lines.append(
            f"- Tiêu chí {code}. {text} (tối đa {format_points(criterion.max_points)} điểm): "
            f"bình quân {format_number(average, 2)} điểm, cao nhất {format_points(best)} điểm "
            f"({', '.join(best_units)}); {format_number(len(values))}/{format_number(len(results))} đơn vị."
        )
    return tuple(lines)


def member_awards(block_year: BlockYear) -> Any:
    """The year's award records (not voided) of the block's members that year: a member unit or one of
    its sub-units, or a person holding a position in them (as the statistics count them, seed 003)."""
    member_ids = block_year.memberships.values_list("unit_id", flat=True)
    units = Unit.objects.filter(Q(pk__in=member_ids) | Q(parent_id__in=member_ids)).values("pk")
    people = Position.objects.filter(unit_id__in=units).values("person_id")
    return AwardRecord.objects.filter(
        Q(unit_id__in=units) | Q(person_id__in=people), year=block_year.year, voided_at__isnull=True
    ).select_related("award_type")


def _award_paragraphs(block_year: BlockYear) -> tuple[str, ...]:
    records = list(member_awards(block_year))
    collective = sum(1 for r in records if r.unit_id)
    individual = len(records) - collective
    first = (
        f"Năm {block_year.year}, các đơn vị trong {_titles(block_year)[0]} có "
        f"{format_number(collective)} lượt tập thể, {format_number(individual)} lượt cá nhân "
        "được các cấp khen thưởng"
    )
    if not records:
        return (first + ".",)
    by_level: dict[str, Counter[tuple[int, str, bool]]] = defaultdict(Counter)
    for r in records:
        by_level[r.award_type.level][(r.award_type.position, r.award_type.name, bool(r.unit_id))] += 1
    lines = [first + ", trong đó:"]
    for level, label in LEVELS.items():
        counts = by_level.get(level)
        if not counts:
            continue
        names: dict[str, list[str]] = {}
        for (_position, name, is_unit), n in sorted(counts.items()):
            names.setdefault(name, []).append(f"{format_number(n)} {'tập thể' if is_unit else 'cá nhân'}")
        lines.append(
            f"- {label}: " + "; ".join(f"{name} {', '.join(parts)}" for name, parts in names.items()) + "."
        )
    return tuple(lines)


# The award counts' chart covers the report's year and the years before it, this many in all.
CHART_YEARS = 5


def award_chart(block_year: BlockYear) -> Chart:
    """The lượt of the block's members, collective and individual, in the report's year and the
    CHART_YEARS - 1 before it (each year's own members, as `member_awards` counts them), for the
    award counts section; a year the block did not run is left out."""
    years = (
        BlockYear.objects.filter(
            block=block_year.block, year__range=(block_year.year - CHART_YEARS + 1, block_year.year)
        )
        .select_related("block")
        .order_by("year")
    )
    totals = []
    for each in years:
        records = member_awards(each)
        collective = records.filter(unit__isnull=False).count()
        totals.append(
            {"year": each.year, "collective": collective, "individual": records.count() - collective}
        )
    noun = _titles(block_year)[0]
    return awards_chart(
        totals,
        title=f"Số lượt khen thưởng của các đơn vị trong {noun}, {totals[0]['year']}–{block_year.year}",
        collective="Lượt tập thể",
        individual="Lượt cá nhân",
    )


def _dossier_lines(block_year: BlockYear) -> list[DossierLine]:
    """The current lines of the block year's dossiers (each dossier's latest version)."""
    lines = (
        DossierLine.objects.filter(dossier__block_year=block_year)
        .select_related("dossier__proposing_unit", "award_type", "unit", "person")
        .prefetch_related("decision_lines__decision__award_type")
    )
    return sorted(
        (line for line in lines if line.version == line.dossier.version),
        key=lambda line: (line.award_type.position, line.dossier_id, line.id),
    )


def _decision_of(line: DossierLine) -> Any:
    for decision_line in line.decision_lines.all():
        if decision_line.decision.status == DecisionStatus.ISSUED:
            return decision_line.decision
    return None


def _proposal_paragraphs(block_year: BlockYear, lines: list[DossierLine]) -> tuple[str, ...]:
    if not lines:
        return ("Chưa có hồ sơ đề nghị khen thưởng của năm.",)
    proposed: Counter[str] = Counter(line.award_type.name for line in lines)
    decided = [(line, _decision_of(line)) for line in lines]
    decisions: Counter[Any] = Counter(d for _line, d in decided if d is not None)
    done = sum(decisions.values())
    parts = [
        f"Đề nghị khen thưởng {format_number(len(lines))} lượt ("
        + "; ".join(f"{name}: {format_number(n)}" for name, n in proposed.items())
        + f"); đã có quyết định khen thưởng {format_number(done)}/{format_number(len(lines))} lượt"
        + ("." if not decisions else ":")
    ]
    for decision, n in sorted(decisions.items(), key=lambda item: (item[0].date, item[0].pk)):
        parts.append(
            f"- Quyết định số {decision.number or '…'} ngày {decision.date:%d/%m/%Y} của {decision.authority}: "
            f"{decision.award_type.name} {format_number(n)} lượt."
        )
    return tuple(parts)


def summary_sections(block_year: BlockYear) -> list[Section]:
    report = SummaryReport.objects.filter(block_year=block_year).first()
    noun, leader_word, deputy_word = _titles(block_year)
    to_write = _to_write(block_year)
    written = {
        name: (getattr(report, name) if report else "") or to_write
        for name in ("strengths", "limitations", "lessons", "direction")
    }
    year = block_year.year
    members = list(block_year.memberships.select_related("unit").order_by("id"))
    leader = next((m.unit for m in members if m.role == MemberRole.LEADER), None)
    standings = sorted(
        Standing.objects.filter(block_year=block_year).select_related("unit"),
        key=lambda s: (s.rank, text_sort_key(s.unit.name)),
    )
    candidates = list(
        AwardCandidate.objects.filter(block_year=block_year).select_related("award_type", "unit", "person")
    )
    results = card_results(block_year)
    by_unit = {r.card.unit_id: r for r in results}
    ranked = block_ranking(block_year, results) if results else []
    dossier_lines = _dossier_lines(block_year)

    launch = [
        f"1. Công tác lãnh đạo, chỉ đạo, phát động, ký kết giao ước thi đua: {noun} gồm "
        f"{format_number(len(members))} thành viên ({', '.join(m.unit.name for m in members)}), "
        f"do {leader.name if leader else '…'} làm {leader_word}."
    ]
    movements = list(Movement.objects.filter(block_year=block_year).order_by("start", "id"))
    if movements:
        launch.append("Các phong trào thi đua được phát động: " + "; ".join(m.name for m in movements) + ".")
    covenant = (
        Covenant.objects.filter(block_year=block_year, status=CovenantStatus.SIGNED).order_by("-id").first()
    )
    if covenant is not None and covenant.signed_at is not None:
        signed = timezone.localtime(covenant.signed_at)
        launch.append(f"Các đơn vị đã ký kết giao ước thi đua ngày {signed:%d/%m/%Y}.")
    sections = [Section("I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM " + str(year), tuple(launch))]
    criteria = _criteria_paragraphs(block_year, results)
    sections.append(
        Section(
            "",
            ("2. Kết quả thực hiện các nội dung giao ước thi đua (điểm đã thẩm định):",)
            + (criteria or ("Chưa có điểm đã thẩm định.",)),
        )
    )
    sections.append(Section("", ("3. Công tác khen thưởng:",) + _award_paragraphs(block_year)))
    scoring = [SCORING_HEADING]
    if ranked:
        scoring.append(
            "Kết quả chấm điểm: "
            + "; ".join(
                f"thứ {row.rank}: {by_unit[row.candidate.id].card.unit.name} "
                f"({format_points(by_unit[row.candidate.id].total)} điểm)"
                for row in ranked
            )
            + "."
        )
    if standings:
        first = [s.unit.name for s in standings if s.rank == 1]
        scoring.append(
            f"Hội nghị suy tôn: {', '.join(first)} dẫn đầu phong trào thi đua {noun} năm {year}"
            + "".join(f"; xếp thứ {s.rank}: {s.unit.name}" for s in standings if s.rank > 1)
            + "."
        )
    if candidates:
        scoring.append(
            "Hội nghị thống nhất đề nghị khen thưởng: "
            + "; ".join(f"{c.award_type.name} cho {c.unit.name if c.unit else c.person}" for c in candidates)
            + "."
        )
    if len(scoring) == 1:
        scoring.append("Chưa có kết quả chấm điểm, bình xét.")
    sections.append(Section("", tuple(scoring)))
    sections.append(
        Section(
            "", ("5. Đề nghị khen thưởng và quyết định:",) + _proposal_paragraphs(block_year, dossier_lines)
        )
    )
    sections += [
        Section("II. ƯU ĐIỂM", _paragraphs(written["strengths"])),
        Section("III. TỒN TẠI, HẠN CHẾ", _paragraphs(written["limitations"])),
        Section("IV. BÀI HỌC KINH NGHIỆM", _paragraphs(written["lessons"])),
        Section(f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", _paragraphs(written["direction"])),
    ]
    following = BlockYear.objects.with_members().filter(block=block_year.block, year=year + 1).first()
    next_leader = following.leader.name if following is not None and following.leader else "chưa rõ"
    deputies = (", ".join(u.name for u in following.deputies) if following is not None else "") or "chưa rõ"
    sections.append(
        Section("", (f"{leader_word} năm {year + 1}: {next_leader}; {deputy_word}: {deputies}.",))
    )
    groups = sorted({code for r in results for code in r.groups}, key=_code_key)
    score_rows = []
    for row in ranked:
        result = by_unit[row.candidate.id]
        score_rows.append(
            (str(row.rank), result.card.unit.name)
            + tuple(format_points(result.groups.get(code, Decimal(0))) for code in groups)
            + (format_points(result.bonus), format_points(result.penalty), format_points(result.total))
        )
    if not score_rows:
        score_rows = [(str(s.rank), s.unit.name) + ("",) * (len(groups) + 3) for s in standings]
    sections.append(
        Section(
            "PHỤ LỤC 1. BẢNG TỔNG HỢP ĐIỂM",
            table=Table(
                ("Thứ hạng", "Đơn vị", *groups, "Điểm cộng", "Điểm trừ", "Tổng điểm"), tuple(score_rows)
            ),
        )
    )
    if dossier_lines:
        proposal_rows = []
        for index, line in enumerate(dossier_lines, start=1):
            decision = _decision_of(line)
            outcome = (
                f"QĐ số {decision.number or '…'} ngày {decision.date:%d/%m/%Y}"
                if decision
                else "Chưa có quyết định"
            )
            proposal_rows.append(
                (str(index), line.award_type.name, _owner(line), line.dossier.proposing_unit.name, outcome)
            )
        proposal_table = Table(
            ("STT", "Hình thức", "Tập thể, cá nhân", "Đơn vị đề nghị", "Kết quả"), tuple(proposal_rows)
        )
    else:
        proposal_table = Table(
            ("STT", "Hình thức", "Tập thể, cá nhân", "Đơn vị đề nghị", "Kết quả"),
            tuple(
                (str(i), c.award_type.name, c.unit.name if c.unit else str(c.person), "", "Hội nghị đề nghị")
                for i, c in enumerate(candidates, start=1)
            ),
        )
    sections.append(Section("PHỤ LỤC 2. DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", table=proposal_table))
    return sections


def _code_key(code: str) -> tuple[int, str]:
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
    return (roman.get(code.upper(), 99), code)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def comment_sections(report: SummaryReport) -> list[tuple[str, str]]:
    """The report's sections as (heading, text) for the conference's draft report (members comment)."""
    rows: list[tuple[str, str]] = []
    for section in summary_sections(report.block_year):
        text = "\n\n".join(section.paragraphs)
        if section.table is not None:
            text = "\n".join([" | ".join(section.table.header)] + [" | ".join(r) for r in section.table.rows])
        if section.heading or not rows:
            rows.append((section.heading or "I.", text))
        else:
            rows[-1] = (rows[-1][0], f"{rows[-1][1]}\n\n{text}".strip())
    return rows


def _letterhead(block_year: BlockYear) -> tuple[Any, Letterhead]:
    leader = BlockYear.objects.with_members().get(pk=block_year.pk).leader
    if leader is None:
        leader = block_year.memberships.select_related("unit").first().unit  # type: ignore[union-attr]
    return leader, letterhead_for_unit(leader, issuer=block_year.block.name.upper())


def allocate_report_number(*, actor: Actor, report: SummaryReport) -> IssuedNumber:
    """The next BC number of the leading unit's register (NĐ 30/2020 Art. 15, R-FMT-01)."""
    leader, letterhead = _letterhead(report.block_year)
    return allocate_number(
        actor=actor,
        issuer=leader,
        letterhead=letterhead,
        doc_type=DocType.REPORT,
        day=timezone.localdate(),
        summary=f"Tổng kết phong trào thi đua, công tác khen thưởng năm {report.block_year.year}",
    )


def summary_docx(block_year: BlockYear) -> bytes:
    """The report in the leader's format: a draft has no number nor date; an issued one has both."""
    _leader, letterhead = _letterhead(block_year)
    report = SummaryReport.objects.filter(block_year=block_year).select_related("issued_number").first()
    issued = report.issued_number if report else None
    day: datetime.date | None = issued.issued_on if issued else None
    context = build_report_context(
        letterhead=letterhead,
        number=issued.number if issued else None,
        day=day,
        summary=f"Tổng kết phong trào thi đua, công tác khen thưởng năm {block_year.year}",
        sections=summary_sections(block_year),
        signature=Signature(title=_titles(block_year)[1], name=""),
        recipients=["Ban Thi đua - Khen thưởng", f"Các đơn vị trong {_titles(block_year)[0]}", "Lưu"],
    )
    body = render_docx("report", letterhead.style, context)
    # The chart closes the award counts section (item 3: charts as images in the documents).
    return insert_charts(body, [(SCORING_HEADING, award_chart(block_year))])
