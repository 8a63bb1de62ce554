"""The báo cáo thành tích of a line (R-DOS-02; NĐ 152/2025 Mẫu 05, Mẫu 04 shape): prefilled from the
history, edited before submission, written through the engine's report template and counted as the
line's báo cáo in the checklist."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from thidua.audit.models import AuditEntry
from thidua.awards.models import AwardType
from thidua.awards.tests.helpers import award, initiative, rate
from thidua.proposals import achievement, services
from thidua.proposals.checklist import checklist
from thidua.proposals.models import AchievementReport, DossierAttachment, PaperKind
from thidua.proposals.tests.helpers import D, unit_dossier

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


def text_of(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            rows.append(cells)
            paragraphs += [line.strip() for cell in cells for line in cell.splitlines()]
    return paragraphs, rows


def _history(world):
    person = world.member_person
    award(
        person,
        "CSTDCS",
        2022,
        decision_number="15/QĐ-UBND",
        decision_date=D(2023, 1, 10),
        decision_authority="Chủ tịch UBND tỉnh Thử Nghiệm",
    )
    award(person, "LDTT", 2021, decision_number="07/QĐ-SNV", decision_date=D(2022, 1, 5))
    rate(person, 2023, "excellent")
    rate(person, 2024, "excellent")
    initiative(
        person,
        2024,
        title="Số hóa hồ sơ thi đua, khen thưởng",
        decision_number="21/QĐ-SNV",
        recognised_by="Sở Nội vụ",
    )


def test_prefill_tells_the_earlier_awards_ratings_and_initiatives(world):
    _history(world)
    line = unit_dossier(world, papers=False).current_lines().get()
    draft = achievement.prefill(line)
    assert "Họ và tên: Nguyễn Thị Lan" in draft.profile
    assert "- Năm 2024: Hoàn thành xuất sắc nhiệm vụ" in draft.achievements
    assert "Số hóa hồ sơ thi đua, khen thưởng" in draft.achievements and "21/QĐ-SNV" in draft.achievements
    rows = draft.awards.splitlines()
    assert (
        "2022 | Chiến sĩ thi đua cơ sở | Quyết định số 15/QĐ-UBND, ngày 10/01/2023, của Chủ tịch UBND tỉnh Thử Nghiệm"
        in rows
    )
    assert any(row.startswith("2021 | Lao động tiên tiến") for row in rows)
    # the year proposed is not an earlier award
    assert not any(row.startswith("2024 |") for row in rows)


def test_the_saved_report_is_the_lines_bao_cao_and_is_refused_after_submission(world):
    dossier = unit_dossier(world, papers=False)
    line = dossier.current_lines().get()
    member = world.user("member")
    report_item = lambda: next(i for i in checklist(dossier) if i.paper == PaperKind.REPORT)  # noqa: E731
    assert not report_item().present
    with pytest.raises(ValidationError):
        services.save_achievement_report(actor=member, line=line, profile="", achievements="  ", awards="")
    draft = achievement.prefill(line)
    services.save_achievement_report(
        actor=member,
        line=line,
        profile=draft.profile,
        achievements="1. Nhiệm vụ được giao: tham mưu công tác thi đua, khen thưởng.",
        awards=draft.awards,
    )
    assert report_item().present and report_item().source == "written"
    assert AuditEntry.objects.filter(action="dossier.line.report").exists()
    for kind in (PaperKind.MINUTES, PaperKind.CERTIFICATION):
        services.upload_attachment(
            actor=member, dossier=dossier, kind=kind, line=line, name=f"{kind}.pdf", content=b"%PDF-1.4 x"
        )
    assert not DossierAttachment.objects.filter(kind=PaperKind.REPORT).exists()
    dossier = services.submit_dossier(actor=member, dossier=dossier, today=D(2024, 12, 5))
    with pytest.raises(ValidationError):
        services.save_achievement_report(actor=member, line=line, profile="", achievements="Sửa", awards="")
    # returned: the next version's line starts with the report
    board = world.user("board")
    services.receive_dossier(actor=board, dossier=dossier, today=D(2024, 12, 6))
    dossier = services.return_dossier(actor=board, dossier=dossier, reason="Bổ sung số liệu")
    copy = AchievementReport.objects.get(line=dossier.current_lines().get())
    assert copy.achievements.startswith("1. Nhiệm vụ được giao")
    assert AchievementReport.objects.filter(line=line).exists()


def test_the_individual_report_docx_has_the_header_sections_and_the_award_table(world, login):
    _history(world)
    dossier = unit_dossier(world, papers=False)
    line = dossier.current_lines().get()
    client = login(world.user("member"))
    page = client.get(url("line_report", line.pk)).content.decode()
    assert 'id="report-form"' in page and "15/QĐ-UBND" in page
    response = client.post(
        url("line_report", line.pk),
        {
            "profile": achievement.prefill(line).profile,
            "achievements": "1. Nhiệm vụ được giao: tham mưu công tác thi đua, khen thưởng của Sở.\n"
            "2. Kết quả: hoàn thành 100 % chỉ tiêu được giao.",
            "awards": achievement.prefill(line).awards,
        },
    )
    assert response.status_code == 302
    data = client.get(url("line_report_docx", line.pk))
    assert data.status_code == 200
    paragraphs, rows = text_of(data.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paragraphs
    assert "SỞ NỘI VỤ" in paragraphs
    assert "BÁO CÁO" in paragraphs
    assert "Thành tích đề nghị tặng Chiến sĩ thi đua cơ sở năm 2024" in paragraphs
    for heading in (
        "I. SƠ LƯỢC LÝ LỊCH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    ):
        assert heading in paragraphs
    assert "2. Kết quả: hoàn thành 100 % chỉ tiêu được giao." in paragraphs
    assert "- Họ và tên: Nguyễn Thị Lan" in paragraphs
    assert ["Năm", "Danh hiệu, hình thức khen thưởng", "Số, ngày quyết định; cơ quan ban hành"] in rows
    assert [
        "2022",
        "Chiến sĩ thi đua cơ sở",
        "Quyết định số 15/QĐ-UBND, ngày 10/01/2023, của Chủ tịch UBND tỉnh Thử Nghiệm",
    ] in rows
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in paragraphs and "Nguyễn Thị Lan" in paragraphs
    assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" in paragraphs
    assert not any(p.startswith("Số:") for p in paragraphs)  # a báo cáo thành tích has no number


def test_the_collective_report_has_the_form_04_shape(world):
    dossier = unit_dossier(world, papers=False)
    services.add_line(
        actor=world.user("member"),
        dossier=dossier,
        award_type=AwardType.objects.get(code="TTLDTT"),
        unit=world.member_sub_unit,
    )
    line = dossier.current_lines().get(unit=world.member_sub_unit)
    paragraphs, _rows = text_of(achievement.report_docx(line))
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in paragraphs
    assert f"- Tên tập thể: {world.member_sub_unit.name}" in paragraphs
    assert "Chưa được khen thưởng." in paragraphs
    assert "THỦ TRƯỞNG ĐƠN VỊ" in paragraphs
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in paragraphs


@pytest.mark.parametrize("persona", ["observer", "board"])
def test_readers_see_the_report_but_only_the_proposer_edits_a_draft(world, login, persona):
    dossier = unit_dossier(world, papers=False)
    line = dossier.current_lines().get()
    client = login(world.user(persona))
    assert client.get(url("line_report", line.pk)).status_code == 200
    response = client.post(url("line_report", line.pk), {"achievements": "Thành tích"})
    if persona == "observer":
        assert response.status_code == 403
        assert not AchievementReport.objects.exists()
    else:
        assert response.status_code == 302 and AchievementReport.objects.exists()


def test_outsiders_see_no_report(world, login):
    line = unit_dossier(world, papers=False).current_lines().get()
    assert login(world.user("outsider")).get(url("line_report_docx", line.pk)).status_code == 404


def test_the_birth_date_is_shown_only_to_those_who_may_read_it(world, login):
    """The report's "Sinh ngày" follows the product's rule for personal data: the board and the
    person's own unit read it; an observer, who reads every dossier, does not (page and DOCX)."""
    person = world.member_person
    person.birth_date = D(1985, 3, 9)
    person.save()
    line = unit_dossier(world, papers=False).current_lines().get()
    for persona, shown in (("board", True), ("member", True), ("observer", False)):
        client = login(world.user(persona))
        page = client.get(url("line_report", line.pk)).content.decode()
        paragraphs, _rows = text_of(client.get(url("line_report_docx", line.pk)).content)
        docx_text = "\n".join(paragraphs)
        assert ("09/03/1985" in page) is shown, persona
        assert ("09/03/1985" in docx_text) is shown, persona
        assert (achievement.BIRTH_HIDDEN.removeprefix("- ") in docx_text) is not shown, persona
