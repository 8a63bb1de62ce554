"""A scoring year through the services: covenant, signatures, self-scores with evidence, reviews,
the ledger, the derived ranking, publication and recount; and every refused step."""

from __future__ import annotations

import hashlib
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.models import AuditEntry
from thidua.audit.services import verify_chain
from thidua.scoring.models import CardStatus, Covenant, CovenantStatus, CovenantTarget, FinalMethod, Scorecard
from thidua.scoring.services.cards import add_evidence, open_scorecards, set_self_score, submit_scorecard
from thidua.scoring.services.covenant import (
    add_target,
    adopted_table,
    amend_covenant,
    create_covenant,
    open_for_signing,
    sign_covenant,
    unsigned_members,
)
from thidua.scoring.services.ranking import _final, publish_ranking, ranking_rows, recount_matches
from thidua.scoring.services.reviews import (
    add_adjustment,
    assign_reviewer,
    explain,
    set_review_score,
    submit_review,
)
from thidua.scoring.services.tables import amend_table, freeze_table
from thidua.scoring.services.year import rules_for
from thidua.scoring.tests.test_tables import _table


def _signed_year(world: Any) -> dict[str, Any]:
    board, leader = world.user("board"), world.user("leader")
    table = freeze_table(actor=board, table=_table(world))
    covenant = create_covenant(actor=leader, block_year=world.block_year, content="Giao ước thi đua năm 2024")
    add_target(actor=leader, covenant=covenant, text="Hoàn thành 10 chỉ tiêu, nhiệm vụ trọng tâm")
    add_target(actor=leader, covenant=covenant, text="Hoàn thành 5 nhiệm vụ xây dựng cơ quan vững mạnh")
    open_for_signing(actor=leader, covenant=covenant, table=table)
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        sign_covenant(actor=world.user(persona), covenant=covenant, unit=unit)
    covenant.refresh_from_db()
    return {"table": table, "covenant": covenant}


def _score_all(world: Any, card: Scorecard, points: dict[str, str], actor: Any) -> None:
    table = card.table
    for code, value in points.items():
        criterion = table.criteria.get(code=code)
        set_self_score(actor=actor, card=card, criterion=criterion, score=D(value))
        if criterion.evidence_required:
            add_evidence(
                actor=actor, card=card, criterion=criterion, name="bao-cao.pdf", content=b"%PDF-1.4 bao cao"
            )
    submit_scorecard(actor=actor, card=card)


FULL = {"I.1": "40", "I.2": "20", "II.1": "25", "II.2": "15"}


def test_covenant_is_signed_when_every_member_has_signed(world) -> None:
    year = _signed_year(world)
    assert year["covenant"].status == CovenantStatus.SIGNED and year["covenant"].signed_at is not None
    assert adopted_table(world.block_year) == year["table"]


def test_scoring_is_refused_before_the_covenant_is_signed(world) -> None:
    table = freeze_table(actor=None, table=_table(world))
    covenant = create_covenant(actor=None, block_year=world.block_year, content="x")
    add_target(actor=None, covenant=covenant, text="t")
    open_for_signing(actor=None, covenant=covenant, table=table)
    sign_covenant(actor=world.user("leader"), covenant=covenant, unit=world.leader_unit)
    assert set(unsigned_members(covenant)) == {world.deputy_unit, world.member_unit}
    with pytest.raises(ValidationError):  # R-BLK-03
        open_scorecards(actor=None, block_year=world.block_year)
    with pytest.raises(ValidationError):
        sign_covenant(actor=world.user("leader"), covenant=covenant, unit=world.leader_unit)
    with pytest.raises(ValidationError):
        sign_covenant(actor=world.user("outsider"), covenant=covenant, unit=world.outside_unit)


def test_a_covenant_needs_a_frozen_table_of_its_year(world) -> None:
    covenant = create_covenant(actor=None, block_year=world.block_year, content="x")
    add_target(actor=None, covenant=covenant, text="t")
    with pytest.raises(ValidationError):
        open_for_signing(actor=None, covenant=covenant, table=_table(world))


def test_a_covenant_and_its_targets_are_written_in_one_transaction(world) -> None:
    """Issue 14 item 4: the third target refused (a unit outside the block) leaves nothing behind: no
    covenant, none of the two targets written before it, no audit entry."""
    with pytest.raises(ValidationError):
        create_covenant(
            actor=world.user("leader"),
            block_year=world.block_year,
            content="Giao ước thi đua năm 2024",
            targets=[
                "Hoàn thành 10 chỉ tiêu",
                ("Chỉ tiêu của thành viên", world.member_unit),
                ("Chỉ tiêu riêng", world.outside_unit),
            ],
        )
    assert not Covenant.objects.exists() and not CovenantTarget.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="covenant.").exists()
    covenant = create_covenant(
        actor=world.user("leader"),
        block_year=world.block_year,
        content="Giao ước thi đua năm 2024",
        targets=["Hoàn thành 10 chỉ tiêu", "  ", ("Chỉ tiêu riêng", world.member_unit)],
    )
    assert [(t.text, t.unit, t.position) for t in covenant.targets.order_by("position")] == [
        ("Hoàn thành 10 chỉ tiêu", None, 0),
        ("Chỉ tiêu riêng", world.member_unit, 2),
    ]


def test_self_scores_are_checked_and_frozen_after_submission(world) -> None:
    _signed_year(world)
    card = next(
        c for c in open_scorecards(actor=None, block_year=world.block_year) if c.unit == world.member_unit
    )
    member = world.user("member")
    criterion = card.table.criteria.get(code="I.1")
    with pytest.raises(ValidationError):
        set_self_score(actor=member, card=card, criterion=criterion, score=D("40.5"))  # over the maximum
    with pytest.raises(ValidationError):
        set_self_score(actor=member, card=card, criterion=criterion, score=D("39.25"))  # off the 0.5 step
    set_self_score(actor=member, card=card, criterion=criterion, score=D("39.5"))
    with pytest.raises(ValidationError) as excinfo:
        submit_scorecard(actor=member, card=card)
    assert any("I.2" in message for message in excinfo.value.messages)
    _score_all(world, card, {"I.2": "20", "II.1": "25", "II.2": "0"}, member)  # zero is a score
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED
    with pytest.raises(ValidationError):
        set_self_score(actor=member, card=card, criterion=criterion, score=D("40"))


def test_evidence_keeps_hash_and_uploader_and_adds_versions(world) -> None:
    _signed_year(world)
    card = open_scorecards(actor=None, block_year=world.block_year)[0]
    criterion = card.table.criteria.get(code="I.2")
    first = add_evidence(
        actor=world.user("member"), card=card, criterion=criterion, name="bc.pdf", content=b"%PDF-1.4 v1"
    )
    second = add_evidence(
        actor=world.user("member"), card=card, criterion=criterion, name="bc.pdf", content=b"%PDF-1.4 v2"
    )
    assert (first.version, second.version) == (1, 2)
    assert first.sha256 == hashlib.sha256(b"%PDF-1.4 v1").hexdigest()
    assert (first.size, first.content_type) == (11, "application/pdf")
    assert first.file.read() == b"%PDF-1.4 v1" and first.uploaded_by == world.user("member")


def test_review_never_of_oneself_and_large_gaps_need_a_reason(world) -> None:
    _signed_year(world)
    all_cards = {c.unit_id: c for c in open_scorecards(actor=None, block_year=world.block_year)}
    card = all_cards[world.member_unit.pk]
    with pytest.raises(ValidationError):
        assign_reviewer(actor=None, card=card, reviewer=world.member_unit)
    assignment = assign_reviewer(actor=None, card=card, reviewer=world.deputy_unit)
    criterion = card.table.criteria.get(code="I.1")
    with pytest.raises(ValidationError):  # not submitted yet
        set_review_score(actor=None, assignment=assignment, criterion=criterion, score=D(30))
    _score_all(world, card, FULL, world.user("member"))
    with pytest.raises(ValidationError) as excinfo:
        set_review_score(actor=None, assignment=assignment, criterion=criterion, score=D(30))
    assert "justification" in excinfo.value.message_dict
    set_review_score(
        actor=None,
        assignment=assignment,
        criterion=criterion,
        score=D(30),
        justification="Chưa đạt 2 chỉ tiêu",
    )
    set_review_score(actor=None, assignment=assignment, criterion=criterion, score=D(39))


def _review_all(world: Any, card: Scorecard, reviewer: Any, points: dict[str, str]) -> None:
    assignment = assign_reviewer(actor=None, card=card, reviewer=reviewer)
    for code, value in points.items():
        set_review_score(
            actor=None,
            assignment=assignment,
            criterion=card.table.criteria.get(code=code),
            score=D(value),
            justification="x",
        )
    submit_review(actor=None, assignment=assignment)


def test_a_full_year_ranks_publishes_and_recounts(world) -> None:
    _signed_year(world)
    all_cards = {c.unit_id: c for c in open_scorecards(actor=None, block_year=world.block_year)}
    officers = {world.leader_unit.pk: "leader", world.deputy_unit.pk: "board", world.member_unit.pk: "member"}
    for unit_id, card in all_cards.items():
        _score_all(world, card, FULL, world.user(officers[unit_id]))
    verified = {
        world.member_unit.pk: {"I.1": "38", "I.2": "20", "II.1": "24", "II.2": "15"},  # 97
        world.deputy_unit.pk: {"I.1": "36", "I.2": "20", "II.1": "25", "II.2": "15"},  # 96
        world.leader_unit.pk: {"I.1": "36", "I.2": "20", "II.1": "25", "II.2": "15"},  # 96
    }
    for unit_id, points in verified.items():
        reviewer = world.leader_unit if unit_id != world.leader_unit.pk else world.deputy_unit
        _review_all(world, all_cards[unit_id], reviewer, points)
    # "Leader verifies" (the default): the leader's own card is verified by the deputy.
    assert [r["total"] for r in ranking_rows(world.block_year)] == ["97.00", "96.00", "96.00"]
    rules = rules_for(world.block_year)
    rules.final_method = FinalMethod.MEAN
    rules.save()
    add_adjustment(
        actor=world.user("leader"),
        card=all_cards[world.deputy_unit.pk],
        kind="penalty",
        points=D(1),
        reason="Nộp báo cáo chậm",
        basis="TR",
    )
    add_adjustment(
        actor=world.user("leader"),
        card=all_cards[world.leader_unit.pk],
        kind="bonus",
        points=D(8),
        reason="Sáng kiến cấp tỉnh",
        basis="T",
    )
    rows = ranking_rows(world.block_year)
    assert [(r["unit_id"], r["rank"], r["total"], r["separated_by"]) for r in rows] == [
        (world.leader_unit.pk, 1, "101.00", None),  # 96 + bonus 8 capped at 5
        (world.member_unit.pk, 2, "97.00", "total"),
        (world.deputy_unit.pk, 3, "95.00", "total"),  # 96 - 1 penalty
    ]
    assert rows[0]["band"] == "Xuất sắc"
    snapshot = publish_ranking(actor=world.user("board"), block_year=world.block_year)
    assert recount_matches(snapshot)
    # A later ledger line changes the recount, and the comparison says so.
    add_adjustment(
        actor=world.user("leader"),
        card=all_cards[world.member_unit.pk],
        kind="bonus",
        points=D(5),
        reason="x",
        basis="T",
    )
    assert not recount_matches(snapshot)
    assert verify_chain().ok


def test_final_methods(world) -> None:
    assert _final(FinalMethod.MEAN, [D(30), D(36), D(39)], None) == D("35.00")
    assert _final(FinalMethod.MEDIAN, [D(30), D(36), D(39)], None) == D("36.00")
    assert _final(FinalMethod.TRIMMED_MEAN, [D(10), D(36), D(38), D(40)], None) == D("37.00")
    assert _final(FinalMethod.LEADER, [D(30)], D(33)) == D(33)
    assert _final(FinalMethod.MEAN, [], None) is None


def test_member_explains_a_verified_score_before_the_deadline(world) -> None:
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    _signed_year(world)
    card = next(
        c for c in open_scorecards(actor=None, block_year=world.block_year) if c.unit == world.member_unit
    )
    _score_all(world, card, FULL, world.user("member"))
    criterion = card.table.criteria.get(code="I.1")
    with pytest.raises(ValidationError):  # nothing verified yet
        explain(actor=world.user("member"), card=card, criterion=criterion, text="x")
    _review_all(world, card, world.leader_unit, {"I.1": "36", "I.2": "20", "II.1": "25", "II.2": "15"})
    rules = rules_for(world.block_year)
    rules.explanation_deadline = timezone.localdate() - datetime.timedelta(days=1)
    rules.save()
    with pytest.raises(ValidationError) as excinfo:
        explain(actor=world.user("member"), card=card, criterion=criterion, text="Đã hoàn thành chỉ tiêu 7")
    assert excinfo.value.messages[0].endswith("đã quá hạn.")
    rules.explanation_deadline = timezone.localdate()
    rules.save()
    explain(actor=world.user("member"), card=card, criterion=criterion, text="Đã hoàn thành chỉ tiêu 7")
    from django.test import Client

    client = Client()
    client.force_login(world.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("scoring:scorecard", args=[card.pk])).content.decode()
    assert "Đã hoàn thành chỉ tiêu 7" in page and "Điểm thẩm định (tạm)" in page
    assert 'data-label="Điểm thẩm định (tạm)">36' in page  # the verified score of I.1, provisional


def test_amended_covenant_is_a_new_version_signed_again(world) -> None:
    year = _signed_year(world)
    covenant = year["covenant"]
    with pytest.raises(ValidationError):
        amend_covenant(actor=None, covenant=covenant, reason=" ")
    cards_before = open_scorecards(actor=None, block_year=world.block_year)
    amendment = amend_covenant(actor=None, covenant=covenant, reason="Bổ sung chỉ tiêu chuyển đổi số")
    assert (amendment.version, amendment.status, amendment.amends) == (2, CovenantStatus.DRAFT, covenant)
    assert [t.text for t in amendment.targets.all()] == [t.text for t in covenant.targets.all()]
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.SIGNED  # the signed version stays as it was
    new_table = amend_table(actor=None, table=year["table"], reason="Thêm tiêu chí")
    new_table = freeze_table(actor=None, table=new_table)
    open_for_signing(actor=None, covenant=amendment, table=new_table)
    # Until every member signs the amendment, the signed version's table stays adopted.
    assert adopted_table(world.block_year) == year["table"]
    for persona, unit in (
        ("leader", world.leader_unit),
        ("board", world.deputy_unit),
        ("member", world.member_unit),
    ):
        sign_covenant(actor=world.user(persona), covenant=amendment, unit=unit)
    assert adopted_table(world.block_year) == new_table
    # Cards opened before keep the version they were scored on.
    assert {c.table for c in cards_before} == {year["table"]}
    with pytest.raises(ValidationError):
        amend_covenant(actor=None, covenant=covenant, reason="Sửa bản cũ")  # a newer version exists
