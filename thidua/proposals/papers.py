"""The papers of the proposals, written by the documents engine: the dossier's tờ trình (NĐ 152/2025
Mẫu 01) with its danh sách, and the award decision with its attached list (issue 9 items 3, 6).

Reading only: the numbers are given by the services when a version is submitted or a decision
issued (`services.submission._number_submission`, `services.decisions._number_decision`), so downloading a paper again
shows the same number. The PDF of a decision is a job (`proposals.decision_pdf`), LibreOffice
taking seconds.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from thidua.documents.contexts import ListRow, build_decision_context, build_submission_context
from thidua.documents.models import IssuedNumber
from thidua.documents.pdf import docx_to_pdf
from thidua.documents.render import render_docx
from thidua.documents.styles import Authority, Letterhead, Signature, letterhead_for_unit
from thidua.orgs.models import Person, Position, Unit
from thidua.proposals.models import Decision, Dossier, DossierLine, SubmissionPaper
from thidua.proposals.rules import basis_label

# Căn cứ of a tờ trình đề nghị khen thưởng (printed in Vietnamese by law).
SUBMISSION_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
    "một số điều của Luật Thi đua, khen thưởng",
]


def _vnd(amount: int) -> str:
    """1.234.000 đồng: Vietnamese thousands separators."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def _position(person: Person, day: datetime.date) -> str:
    """ "Chuyên viên, Sở Nội vụ": the person's position on `day` and its unit."""
    positions = Position.objects.filter(person=person).select_related("unit")
    held = next((p for p in positions if p.covers(day)), None) or positions.first()
    return f"{held.title}, {held.unit.name}" if held else ""


def _row(who: Person | Unit, award: str, note: str, day: datetime.date) -> ListRow:
    if isinstance(who, Unit):
        parent = who.parent.name if who.parent_id and who.parent else ""
        return ListRow(who.name, parent, award, note)
    return ListRow(who.full_name, _position(who, day), award, note)


def signature_for(title: str, name: str) -> Signature:
    """A deputy ("Phó Chủ tịch") signs KT. for the head; a head signs in person."""
    title = title.strip()
    if title.lower().startswith("phó "):
        return Signature(title=title, name=name, authority=Authority.DEPUTY, principal=title[4:])
    return Signature(title=title, name=name)


def _number(issued: IssuedNumber | None) -> int | None:
    return issued.number if issued is not None else None


# -- the tờ trình --------------------------------------------------------------------------------


def submission_paper(dossier: Dossier, version: int) -> SubmissionPaper | None:
    return (
        SubmissionPaper.objects.filter(dossier=dossier, version=version)
        .select_related("issued_number")
        .first()
    )


def submission_context(dossier: Dossier, version: int | None = None) -> tuple[Letterhead, dict[str, Any]]:
    """The tờ trình of a version of the dossier (the current one by default), in the proposing unit's
    format (R-FMT-01/02), its number if the version has been submitted (blank for a draft)."""
    version = version or dossier.version
    paper = submission_paper(dossier, version)
    issued = paper.issued_number if paper else None
    day = issued.issued_on if issued else dossier.submitted_on
    on = day or datetime.date(dossier.year, 12, 31)
    letterhead = letterhead_for_unit(dossier.proposing_unit)
    lines = list(
        DossierLine.objects.filter(dossier=dossier, version=version).select_related(
            "award_type", "person", "unit__parent"
        )
    )
    # Collectives first, then individuals, as the danh sách groups them.
    lines.sort(key=lambda line: (not line.collective, line.position, line.pk))
    rows = [
        _row(
            line.candidate_obj,
            line.award_type.name,
            basis_label(line.award_type.code, line.basis) if line.basis else line.wording,
            on,
        )
        for line in lines
    ]
    counts: dict[str, list[int]] = {}
    for line in lines:
        counts.setdefault(line.award_type.name, [0, 0])[0 if line.collective else 1] += 1
    body = [
        f"{dossier.proposing_unit.name} kính đề nghị {dossier.receiving_body.name} xem xét, khen thưởng "
        f"cho các tập thể và cá nhân đã có thành tích xuất sắc năm {dossier.year}, cụ thể:"
    ]
    body += [f"- {award}: {c:02d} tập thể, {p:02d} cá nhân;" for award, (c, p) in counts.items()]
    body.append("(Có danh sách và hồ sơ kèm theo).")
    context = build_submission_context(
        letterhead=letterhead,
        number=_number(issued),
        day=day,
        summary=f"Về việc đề nghị khen thưởng năm {dossier.year}",
        addressee=dossier.receiving_body.name,
        bases=SUBMISSION_BASES,
        body=body,
        rows=rows,
        list_title=f"Danh sách tập thể, cá nhân đề nghị khen thưởng năm {dossier.year}",
        signature=signature_for(dossier.signer_title or "Thủ trưởng đơn vị", dossier.signer_name),
        recipients=["Như trên", "Lưu: VT"],
    )
    return letterhead, context


def submission_docx(dossier: Dossier, version: int | None = None) -> bytes:
    letterhead, context = submission_context(dossier, version)
    return render_docx("submission", letterhead.style, context)


# -- the decision -----------------------------------------------------------------------------------


def decision_context(decision: Decision) -> tuple[Letterhead, dict[str, Any]]:
    """Quyết định khen thưởng (NĐ 30/2020 Mẫu 1.2; outputs.md §3.1): the deciding body's letterhead
    (the dossier's receiving body), the authority and signer, Căn cứ, Điều 1 the awards with the
    attached list "I. TẬP THỂ (n) / II. CÁ NHÂN (n)", Điều 2 the money (R-MONEY-01) with its total,
    Điều 3 the executing bodies."""
    dossier = decision.dossier
    body = dossier.receiving_body if dossier else None
    if body is None:
        raise ValueError("A decision made outside thidua has no paper of thidua.")
    letterhead = letterhead_for_unit(body)
    award = decision.award_type.name
    lines = list(decision.lines.select_related("person", "unit__parent"))
    collectives = [line for line in lines if line.unit_id]
    individuals = [line for line in lines if line.person_id]

    def money(line: Any) -> str:
        return _vnd(line.amount) if line.amount else ""

    articles = [
        f"Tặng {award} cho {len(collectives):02d} tập thể và {len(individuals):02d} cá nhân "
        f"đã có thành tích xuất sắc năm {decision.year} (có danh sách kèm theo)."
    ]
    total = sum(line.amount for line in lines)
    if total:
        parts = []
        for label, group in (("tập thể", collectives), ("cá nhân", individuals)):
            paid = [line for line in group if line.amount]
            if paid:
                first = paid[0]
                parts.append(
                    f"mỗi {label} được thưởng {_vnd(first.amount)} (hệ số {first.coefficient} × mức lương "
                    f"cơ sở {_vnd(first.base_salary or 0)}), {len(paid):02d} {label}: "
                    f"{_vnd(sum(line.amount for line in paid))}"
                )
        articles.append(
            "Tiền thưởng kèm theo theo quy định tại Nghị định số 152/2025/NĐ-CP: "
            + "; ".join(parts)
            + f". Tổng cộng: {_vnd(total)}, chi từ Quỹ thi đua, khen thưởng."
        )
    executors = [f"Thủ trưởng {body.name}"]
    if dossier is not None:
        executors.append(f"Thủ trưởng {dossier.proposing_unit.name}")
    articles.append(
        ", ".join(executors) + " và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này."
    )
    bases = [line for line in decision.bases.splitlines() if line.strip()]
    context = build_decision_context(
        letterhead=letterhead,
        number=decision.issued_number.number if decision.issued_number else None,
        day=decision.date,
        summary=f"Về việc tặng {award}",
        authority=decision.authority,
        bases=bases,
        proposal=f"Theo đề nghị của {dossier.proposing_unit.name}" if dossier else "",
        articles=articles,
        collectives=[_row(line.awardee, award, money(line), decision.date) for line in collectives],
        individuals=[_row(line.awardee, award, money(line), decision.date) for line in individuals],
        annex_title=f"Danh sách tập thể, cá nhân được tặng {award}",
        signature=signature_for(decision.signer_title, decision.signer_name),
        recipients=["Như Điều 3", "Lưu: VT"],
        total_money=_vnd(total) if total else "",
    )
    if decision.issued_number is None and decision.number:
        # A number given by another register (typed in when drafting) is printed as it was given.
        shown = decision.number
        context["number_line"] = f"Số {shown}" if letterhead.style == "party" else f"Số: {shown}"
        context["reference"] = f"số {shown} {context['date']}"
        context["annex"]["reference"] = (
            f"(Kèm theo Quyết định {context['reference']} của {decision.authority})"
        )
    return letterhead, context


def decision_docx(decision: Decision) -> bytes:
    letterhead, context = decision_context(decision)
    return render_docx("decision", letterhead.style, context)


def run_decision_pdf(job_run: Any, *, decision_id: int) -> None:
    """The job `proposals.decision_pdf`: the decision's DOCX, then its PDF through LibreOffice."""
    decision = Decision.objects.select_related(
        "award_type", "dossier__proposing_unit", "dossier__receiving_body__parent", "issued_number"
    ).get(pk=decision_id)
    job_run.progress(done=0, total=2, message=str(_("Writing the decision")))
    data = decision_docx(decision)
    job_run.progress(done=1, total=2, message=str(_("Converting to PDF")))
    pdf = docx_to_pdf(data)
    job_run.save_result(f"quyet-dinh-{decision.pk}.pdf", pdf)
    job_run.progress(done=2, total=2, message=str(_("Done")))
