"""The dossier workflow, decisions and the fund through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.audit.models import AuditEntry
from thidua.awards.models import AwardRecord, AwardType
from thidua.awards.rules import evaluate
from thidua.proposals import services
from thidua.proposals.models import (
    TRANSITIONS,
    Appraisal,
    Deadline,
    DecisionStatus,
    DossierKind,
    DossierStatus,
    EntryKind,
    FundEntry,
    FundSettings,
    Holiday,
    LineResult,
)
from thidua.proposals.rules import working_days
from thidua.proposals.tests.helpers import D, approved, attach_papers, to_council, unit_dossier

pytestmark = pytest.mark.django_db


def test_block_dossier_takes_the_conference_approved_proposals_with_their_votes(world):
    approved(world, "CO_TD_TINH", unit=world.leader_unit, yes=3)
    approved(world, "BK_TINH", unit=world.member_unit, yes=2)
    dossier = services.create_block_dossier(actor=world.user("leader"), block_year=world.block_year)
    assert dossier.proposing_unit == world.leader_unit
    assert dossier.receiving_body == world.province
    lines = list(dossier.current_lines())
    assert [(line.award_type.code, line.unit, line.votes_yes) for line in lines] == [
        ("CO_TD_TINH", world.leader_unit, 3),
        ("BK_TINH", world.member_unit, 2),
    ]
    assert lines[1].basis == "collective"


def test_block_dossier_without_approved_proposals_is_refused(world):
    with pytest.raises(ValidationError, match="chưa thông qua|no award proposal"):
        services.create_block_dossier(actor=world.user("leader"), block_year=world.block_year)


def test_submit_takes_the_verdicts_and_flags_a_late_dossier(world):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 11))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.deadline == D(2024, 12, 10)  # R-TIME-01 default
    assert dossier.late is True
    line = dossier.current_lines().get()
    assert line.verdict_status and line.verdict_on == D(2024, 12, 11)
    assert line.verdict_snapshot and all("rule" in c and c["text"] for c in line.verdict_snapshot)
    assert line.verdict_fingerprint
    step = dossier.transitions.get()
    assert (step.from_status, step.to_status, step.actor) == ("draft", "submitted", world.user("member"))
    assert AuditEntry.objects.filter(action="dossier.submitted", object_id=str(dossier.pk)).exists()


def test_board_deadline_replaces_the_default(world):
    Deadline.objects.create(year=2024, kind=DossierKind.YEAR_END, due=D(2024, 12, 20))
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=D(2024, 12, 11))
    dossier.refresh_from_db()
    assert (dossier.deadline, dossier.late) == (D(2024, 12, 20), False)


def test_empty_dossier_cannot_be_submitted(world):
    dossier = services.create_dossier(
        actor=world.user("member"),
        title="x",
        proposing_unit=world.member_unit,
        receiving_body=world.province,
        year=2024,
    )
    with pytest.raises(ValidationError):
        services.submit_dossier(actor=world.user("member"), dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and not dossier.transitions.exists()


def test_bang_khen_needs_its_basis(world):
    dossier = unit_dossier(world, code="BK_TINH")
    with pytest.raises(ValidationError, match="D4"):
        services.submit_dossier(actor=world.user("member"), dossier=dossier)
    line = dossier.current_lines().get()
    services.update_line(actor=world.user("member"), line=line, basis="d", wording="Đã có thành tích")
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    assert dossier.current_lines().get().basis == "d"


def test_basis_of_another_title_is_refused(world):
    dossier = unit_dossier(world, code="BK_TINH")
    line = dossier.current_lines().get()
    with pytest.raises(ValidationError):
        services.update_line(actor=world.user("member"), line=line, basis="zz", wording="")


def test_submitted_dossier_cannot_be_edited(world):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    line = dossier.current_lines().get()
    with pytest.raises(ValidationError):
        services.update_line(actor=world.user("member"), line=line, basis="", wording="khác")
    with pytest.raises(ValidationError):
        services.add_line(
            actor=world.user("member"),
            dossier=dossier,
            award_type=AwardType.objects.get(code="LDTT"),
            person=world.member_person,
        )
    with pytest.raises(ValidationError):
        services.remove_line(actor=world.user("member"), line=line)
    assert dossier.current_lines().get().wording == ""


def test_collective_title_for_a_person_is_refused(world):
    dossier = unit_dossier(world)
    with pytest.raises(ValidationError):
        services.add_line(
            actor=world.user("member"),
            dossier=dossier,
            award_type=AwardType.objects.get(code="CO_TD_TINH"),
            person=world.member_person,
        )


def test_return_needs_a_reason_and_keeps_the_returned_version(world):
    board, member = world.user("board"), world.user("member")
    dossier = unit_dossier(world)
    services.submit_dossier(actor=member, dossier=dossier)
    services.receive_dossier(actor=board, dossier=dossier, today=D(2024, 12, 6))
    with pytest.raises(ValidationError):
        services.return_dossier(actor=board, dossier=dossier, reason="  ")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.version == 1
    first = dossier.current_lines().get()
    services.return_dossier(
        actor=board,
        dossier=dossier,
        reason="Thiếu báo cáo thành tích",
        line_reasons={first.pk: "Sửa nội dung"},
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == (DossierStatus.RETURNED, 2)
    assert dossier.transitions.get(to_status="returned").reason == "Thiếu báo cáo thành tích"
    second = dossier.current_lines().get()
    assert second.pk != first.pk and second.return_reason == "Sửa nội dung"
    services.update_line(actor=member, line=second, basis="", wording="Đã sửa")
    first.refresh_from_db()
    assert first.wording == "" and first.version == 1  # the returned version is kept as it was
    services.resubmit_dossier(actor=member, dossier=dossier)
    services.receive_dossier(actor=board, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert [s.to_status for s in dossier.transitions.all()] == [
        "submitted",
        "received",
        "returned",
        "resubmitted",
        "received",
    ]


def test_appraisal_refusing_a_line_needs_a_reason_and_moves_under_review(world):
    board = world.user("board")
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    line = dossier.current_lines().get()
    with pytest.raises(ValidationError):
        services.appraise_line(actor=board, line=line, appraisal=Appraisal.ELIGIBLE)  # not received yet
    services.receive_dossier(actor=board, dossier=dossier)
    with pytest.raises(ValidationError):
        services.appraise_line(actor=board, line=line, appraisal=Appraisal.NOT_ELIGIBLE, reason="")
    services.appraise_line(actor=board, line=line, appraisal=Appraisal.NOT_ELIGIBLE, reason="Thiếu sáng kiến")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.UNDER_REVIEW
    with pytest.raises(ValidationError, match="eligible|đủ điều kiện"):
        services.send_to_council(actor=board, dossier=dossier)
    services.reject_dossier(actor=board, dossier=dossier, reason="Không đủ điều kiện")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.REJECTED
    assert dossier.current_lines().get().result == LineResult.NOT_AWARDED


def test_reject_needs_a_reason(world):
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    services.receive_dossier(actor=world.user("board"), dossier=dossier)
    with pytest.raises(ValidationError):
        services.reject_dossier(actor=world.user("board"), dossier=dossier, reason="")


def test_send_to_council_needs_every_line_appraised(world):
    board = world.user("board")
    dossier = unit_dossier(world)
    services.add_line(
        actor=world.user("member"),
        dossier=dossier,
        award_type=AwardType.objects.get(code="TTLDTT"),
        unit=world.member_sub_unit,
    )
    attach_papers(world, dossier)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    services.receive_dossier(actor=board, dossier=dossier)
    services.appraise_line(actor=board, line=dossier.current_lines()[0], appraisal=Appraisal.ELIGIBLE)
    with pytest.raises(ValidationError):
        services.send_to_council(actor=board, dossier=dossier)


def test_withdraw_and_steps_outside_the_table_are_refused(world):
    dossier = unit_dossier(world)
    with pytest.raises(ValidationError):
        services.receive_dossier(actor=world.user("board"), dossier=dossier)  # draft -> received
    services.withdraw_dossier(actor=world.user("member"), dossier=dossier, reason="Nộp nhầm")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.submit_dossier(actor=world.user("member"), dossier=dossier)
    assert (DossierStatus.WITHDRAWN, DossierStatus.SUBMITTED) not in TRANSITIONS


# -- decisions -------------------------------------------------------------------------------------


def _decide(world, dossier, *, day=None, number="12/QĐ-UBND", code="CSTDCS"):
    decision = services.draft_decision(
        actor=world.user("board"),
        dossier=dossier,
        award_type=AwardType.objects.get(code=code),
        number=number,
        date=day or D(2025, 1, 15),
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn Chủ",
        bases="Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;",
    )
    return services.issue_decision(actor=world.user("board"), decision=decision)


def test_decision_money_authority_and_records(world):
    dossier = to_council(world, unit_dossier(world))
    decision = _decide(world, dossier)
    line = decision.lines.get()
    # R-MONEY-01: CSTĐCS 1.0 × 2,340,000 (base salary on 15/01/2025)
    assert (line.coefficient, line.base_salary, line.amount) == (1, 2340000, 2340000)
    assert decision.authority and decision.level == "grassroots"
    record = AwardRecord.objects.get(person=world.member_person, award_type__code="CSTDCS", year=2024)
    assert (record.decision_number, record.decision_date, record.decision_line) == (
        "12/QĐ-UBND",
        D(2025, 1, 15),
        line,
    )
    assert record.decision_authority == decision.authority[:200]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DECIDED
    assert dossier.current_lines().get().result == LineResult.AWARDED
    payment = FundEntry.objects.get(decision_line=line)
    assert (payment.kind, payment.amount, payment.year) == (EntryKind.PAYMENT, 2340000, 2025)


def test_deciding_authority_follows_the_catalogue_version_in_force_on_the_decision_date(world):
    """Issue 9 item 6: the two-level local government from 01/07/2025 (R-VER-02): a CSTĐCS decision
    of 30/06/2025 names the NĐ 98 version's authority, one of 01/07/2025 the NĐ 152 version's."""
    cstdcs = AwardType.objects.get(code="CSTDCS")
    before = _decide(world, to_council(world, unit_dossier(world)), day=D(2025, 6, 30), number="40/QĐ-UBND")
    after = _decide(
        world, to_council(world, unit_dossier(world, year=2025)), day=D(2025, 7, 1), number="41/QĐ-UBND"
    )
    assert before.authority == services.version_on(cstdcs, D(2025, 6, 30)).deciding_authority
    assert after.authority == services.version_on(cstdcs, D(2025, 7, 1)).deciding_authority
    assert before.authority != after.authority
    records = AwardRecord.objects.filter(award_type=cstdcs, person=world.member_person).order_by(
        "decision_date"
    )
    assert [r.decision_authority for r in records] == [before.authority[:200], after.authority[:200]]


def test_money_uses_the_base_salary_on_the_decision_date_rounded_up(world):
    dossier = to_council(world, unit_dossier(world, code="LDTT"))
    decision = _decide(world, dossier, day=D(2026, 7, 15), code="LDTT")
    # 0.3 × 2,530,000 = 759,000 -> 760,000 (D8)
    assert decision.lines.get().amount == 760000
    assert decision.total == 760000


def test_a_decision_cannot_be_issued_twice(world):
    decision = _decide(world, to_council(world, unit_dossier(world)))
    with pytest.raises(ValidationError):
        services.issue_decision(actor=world.user("board"), decision=decision)
    assert AwardRecord.objects.filter(person=world.member_person).count() == 1
    with pytest.raises(ValidationError):
        services.draft_decision(
            actor=world.user("board"),
            dossier=decision.dossier,
            award_type=decision.award_type,
            number="13/QĐ-UBND",
            date=D(2025, 1, 16),
        )


def test_cancelling_voids_the_records_and_payments_and_next_years_eligibility_follows(world):
    # Chiến sĩ thi đua tỉnh 2025 reads the chain of CSTĐCS years 2023-2025 (R-IND-05).
    dossier = to_council(world, unit_dossier(world))
    decision = _decide(world, dossier)
    record = AwardRecord.objects.get(decision_line__decision=decision)
    seen = evaluate(world.member_person, "CSTD_TINH", 2025).records
    assert any(ref.kind == "award" and ref.id == record.pk for ref in seen)

    with pytest.raises(ValidationError):
        services.cancel_decision(actor=world.user("board"), decision=decision, reason="")
    services.cancel_decision(actor=world.user("board"), decision=decision, reason="Nhầm đối tượng")
    # DECISION_TRANSITIONS: a cancelled decision is neither cancelled again nor issued again.
    with pytest.raises(ValidationError):
        services.cancel_decision(actor=world.user("board"), decision=decision, reason="Lần nữa")
    with pytest.raises(ValidationError):
        services.issue_decision(actor=world.user("board"), decision=decision)
    record.refresh_from_db()
    assert record.voided_at is not None and "Nhầm đối tượng" in record.void_reason
    assert AwardRecord.objects.filter(pk=record.pk).exists()  # never deleted
    assert FundEntry.objects.get(decision_line__decision=decision).voided_at is not None
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CANCELLED
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FOR_COUNCIL
    assert dossier.current_lines().get().result == LineResult.PENDING
    seen = evaluate(world.member_person, "CSTD_TINH", 2025).records
    assert not any(ref.kind == "award" and ref.id == record.pk for ref in seen)
    assert services.fund_balances(2025) == []

    # A new decision may award the line again; the voided record stays beside it.
    _decide(world, dossier, number="20/QĐ-UBND")
    assert AwardRecord.objects.filter(person=world.member_person, year=2024).count() == 2


def test_verdict_warns_when_the_history_changed_since_submission(world):
    dossier = to_council(world, unit_dossier(world))
    line = dossier.current_lines().get()
    assert services.history_changed(line) is False
    _decide(world, dossier)  # the award itself is now in the history (R-GEN-04 reads it)
    line.refresh_from_db()
    assert services.history_changed(line) is True


def test_external_decision_writes_the_history_with_its_scan(world):
    scan = SimpleUploadedFile("qd-ttg.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    decision = services.record_external_decision(
        actor=world.user("board"),
        award_type=AwardType.objects.get(code="CO_TD_CP"),
        year=2024,
        number="345/QĐ-TTg",
        date=D(2025, 4, 2),
        authority="Thủ tướng Chính phủ",
        units=[world.leader_unit],
        scan=scan,
    )
    assert decision.external and decision.status == DecisionStatus.ISSUED
    assert decision.sha256 and decision.scan.name.endswith(".pdf")
    record = AwardRecord.objects.get(unit=world.leader_unit, award_type__code="CO_TD_CP")
    assert (record.year, record.decision_number, record.decision_authority) == (
        2024,
        "345/QĐ-TTg",
        "Thủ tướng Chính phủ",
    )
    assert not FundEntry.objects.exists()  # paid by the deciding level, not this fund


def test_external_decision_needs_an_awardee(world):
    with pytest.raises(ValidationError):
        services.record_external_decision(
            actor=world.user("board"),
            award_type=AwardType.objects.get(code="CO_TD_CP"),
            year=2024,
            number="1/QĐ-TTg",
            date=D(2025, 4, 2),
            authority="",
        )


def test_fund_balance_per_year_and_level(world):
    board = world.user("board")
    services.add_fund_entry(
        actor=board,
        year=2025,
        level="grassroots",
        kind=EntryKind.RECEIPT,
        day=D(2025, 1, 2),
        amount=10_000_000,
        description="Trích lập",
    )
    _decide(world, to_council(world, unit_dossier(world)))
    [balance] = services.fund_balances(2025)
    assert (balance.receipts, balance.payments, balance.share_pct) == (10_000_000, 2_340_000, 20)
    assert (balance.organisation, balance.for_awards, balance.balance) == (2_000_000, 5_660_000, 7_660_000)
    FundSettings.objects.create(valid_from=D(2025, 1, 1), organisation_share_pct=10)
    assert services.fund_balances(2025)[0].organisation == 1_000_000
    with pytest.raises(ValidationError):
        services.add_fund_entry(
            actor=board,
            year=2025,
            level="grassroots",
            kind=EntryKind.RECEIPT,
            day=D(2025, 1, 2),
            amount=0,
            description="x",
        )


def test_working_days_skip_weekends_and_the_boards_holidays():
    # Fri 29/08/2025 -> Fri 05/09/2025: Mon 1, Tue 2 (holiday), Wed 3, Thu 4, Fri 5
    assert working_days(datetime.date(2025, 8, 29), datetime.date(2025, 9, 5)) == 5
    Holiday.objects.create(day=datetime.date(2025, 9, 2), name="Quốc khánh")
    assert working_days(datetime.date(2025, 8, 29), datetime.date(2025, 9, 5)) == 4
    assert working_days(datetime.date(2025, 9, 5), datetime.date(2025, 9, 5)) == 0


def test_external_decision_for_a_line_of_an_earlier_version_is_refused(world):
    board = world.user("board")
    dossier = unit_dossier(world)
    services.submit_dossier(actor=world.user("member"), dossier=dossier)
    services.receive_dossier(actor=board, dossier=dossier)
    old = dossier.current_lines().get()
    services.return_dossier(actor=board, dossier=dossier, reason="Bổ sung")
    old.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_external_decision(
            actor=board,
            award_type=old.award_type,
            year=2024,
            number="5/QĐ",
            date=D(2025, 2, 1),
            authority="Chủ tịch UBND tỉnh",
            dossier_line=old,
        )
    assert not AwardRecord.objects.exists()


def test_the_verdict_relies_on_the_basis_the_line_states(world) -> None:
    """D4 (R-IND-08): a Bằng khen tỉnh line relying on point (d) without its two excellent years and
    initiatives is not eligible; relying on another point, people judge it."""
    dossier = services.create_dossier(
        actor=world.user("member"),
        title="Đề nghị Bằng khen",
        proposing_unit=world.member_unit,
        receiving_body=world.province,
        year=2024,
    )
    bk = AwardType.objects.get(code="BK_TINH")
    on = datetime.date(2024, 12, 1)
    point_d = services.add_line(
        actor=world.user("member"), dossier=dossier, award_type=bk, person=world.member_person, basis="d"
    )
    assert services.verdict_of(point_d, on).status == "not_eligible"
    point_b = services.add_line(
        actor=world.user("member"), dossier=dossier, award_type=bk, person=world.member_person, basis="b"
    )
    assert services.verdict_of(point_b, on).status == "needs_check"


def test_a_local_name_uses_its_legal_forms_version_for_authority_thresholds_and_money(world):
    """R-CAT-01: "Bằng khen của Chủ tịch UBND tỉnh" is the province's name of Bằng khen cấp tỉnh; the
    decision's authority, the council's threshold and the money come from the legal form's version."""
    import datetime

    from thidua.awards import services as award_services
    from thidua.awards.models import AwardType
    from thidua.proposals.services.decisions import _money, version_on

    legal = AwardType.objects.get(code="BK_TINH")
    local = award_services.save_local_award(
        actor=world.user("board"),
        code="BK_CT_UBND",
        name="Bằng khen của Chủ tịch UBND tỉnh",
        category="local_name",
        legal_form=legal,
    )
    day = datetime.date(2025, 12, 20)
    assert version_on(local, day) == version_on(legal, day)
    assert _money(local, day, collective=False) == _money(legal, day, collective=False)
    assert _money(local, day, collective=False)[2] > 0


def test_a_local_name_decision_is_refused_when_the_legal_record_exists(world):
    """R-CAT-01: a local name's award record is stored under its legal form, so a decision in the local
    name for someone who already holds the legal form that year is refused with a message (was a
    database error on the unique constraint)."""
    from django.core.exceptions import ValidationError

    from thidua.awards import services as award_services
    from thidua.awards.tests.helpers import award

    award_services.save_local_award(
        actor=world.user("board"),
        code="CSTDCS_TINH_X",
        name="Chiến sĩ thi đua cơ sở (tên gọi của tỉnh)",
        category="local_name",
        legal_form=AwardType.objects.get(code="CSTDCS"),
    )
    dossier = to_council(world, unit_dossier(world, code="CSTDCS_TINH_X"))
    award(world.member_person, "CSTDCS", 2024)
    with pytest.raises(ValidationError) as caught:
        _decide(world, dossier, code="CSTDCS_TINH_X")
    assert "đã có" in " ".join(caught.value.messages)
