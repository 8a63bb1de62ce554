"""The scoring pages for every persona, in-place self-scoring, evidence, review and the ranking."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.blocks.services import set_block_year
from thidua.scoring.models import Covenant, Evidence, ScoreEntry
from thidua.scoring.services.reviews import assign_reviewer
from thidua.scoring.services.tables import freeze_table
from thidua.scoring.services.year import rules_for, update_rules
from thidua.scoring.tests.test_tables import _table
from thidua.scoring.tests.test_year import FULL, _review_all, _score_all
from thidua.testing import PERSONAS


@pytest.mark.parametrize("persona", PERSONAS)
def test_scoring_pages_for_every_persona(world, year, login, persona) -> None:
    client = login(world.user(persona))
    member_card = year["cards"][world.member_unit.pk]
    overview = reverse("scoring:overview", args=[world.block.pk, 2024])
    ranking = reverse("scoring:ranking", args=[world.block.pk, 2024])
    table = reverse("scoring:table", args=[year["table"].pk])
    card = reverse("scoring:scorecard", args=[member_card.pk])
    sees_block = persona != "outsider"
    for url in (overview, ranking, table):
        assert client.get(url).status_code == (200 if sees_block else 404), (persona, url)
    # A member never sees another member's self-scores before review opens.
    card_readers = {"board", "admin", "observer", "leader", "member", "delegate"}
    assert client.get(card).status_code == (200 if persona in card_readers else 404), persona


def test_member_scores_in_place_and_gets_a_clear_error(world, year, login) -> None:
    client = login(world.user("member"))
    card = year["cards"][world.member_unit.pk]
    criterion = year["table"].criteria.get(code="I.1")
    url = reverse("scoring:score", args=[card.pk, criterion.pk])
    response = client.post(url, {"score": "38,5", "comment": "Đạt 9/10 chỉ tiêu"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="row-' in response.content.decode()
    assert ScoreEntry.objects.get(scorecard=card, criterion=criterion).self_score == D("38.5")
    response = client.post(url, {"score": "41"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "điểm phải từ 0 đến 40" in response.content.decode()
    assert ScoreEntry.objects.get(scorecard=card, criterion=criterion).self_score == D("38.5")
    # Another unit's officer cannot write on this card.
    assert login(world.user("leader")).post(url, {"score": "1"}).status_code == 403


def test_evidence_upload_and_download_keep_the_file(world, year, login) -> None:
    client = login(world.user("member"))
    card = year["cards"][world.member_unit.pk]
    criterion = year["table"].criteria.get(code="I.2")
    upload = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 minh chung")
    client.post(
        reverse("scoring:evidence_add", args=[card.pk]),
        {"criterion": criterion.pk, "file": upload},
    )
    evidence = Evidence.objects.get(entry__scorecard=card)
    response = client.get(reverse("scoring:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    assert (
        login(world.user("outsider")).get(reverse("scoring:evidence", args=[evidence.pk])).status_code == 404
    )


def test_submitted_card_is_verified_and_published(world, year, login) -> None:
    officers = {world.leader_unit.pk: "leader", world.deputy_unit.pk: "board", world.member_unit.pk: "member"}
    for unit_id, card in year["cards"].items():
        _score_all(world, card, FULL, world.user(officers[unit_id]))
    leader = login(world.user("leader"))
    for unit_id, card in year["cards"].items():
        response = leader.post(reverse("scoring:review_as_leader", args=[card.pk]))
        review_url = response.url
        review_client = leader if unit_id != world.leader_unit.pk else login(world.user("board"))
        scores = {f"score-{c.pk}": str(c.max_points) for c in year["table"].criteria.filter(kind="normal")}
        review_client.post(review_url + "save/", scores)
        review_client.post(review_url + "save/", {"action": "submit"})
        leader = login(world.user("leader"))
    response = leader.post(reverse("scoring:ranking_publish", args=[world.block.pk, 2024]))
    assert response.status_code == 302 and response.url.endswith("/ranking/")
    page = (
        login(world.user("member"))
        .get(reverse("scoring:ranking", args=[world.block.pk, 2024]))
        .content.decode()
    )
    assert "Sở Nội vụ" in page and "ranking-data" in page and "Xuất sắc" in page
    # The leader who runs the year sees it published, never "Tạm tính" beside "Đã công bố" (issue 15 item 8).
    url = reverse("scoring:ranking", args=[world.block.pk, 2024])
    page = login(world.user("leader")).get(url).content.decode()
    assert "Công bố lúc" in page and "Tạm tính" not in page


def test_only_the_leader_or_board_runs_the_year(world, year, login) -> None:
    url = reverse("scoring:scorecards_open", args=[world.block.pk, 2024])
    assert login(world.user("member")).post(url).status_code == 403
    assert login(world.user("observer")).post(url).status_code == 403
    assert login(world.user("leader")).post(url).status_code == 302


def test_table_editor_adds_in_place_and_refuses_after_freezing(world, login) -> None:
    table = _table(world, total="110")
    client = login(world.user("leader"))
    url = reverse("scoring:table", args=[table.pk])
    page = client.get(url).content.decode()
    assert "không bằng tổng điểm đã khai báo 110" in page
    response = client.post(
        url,
        {"kind": "normal", "code": "III", "text": "Chuyển đổi số", "max_points": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Chuyển đổi số" in response.content.decode()
    assert "<html" not in response.content.decode()  # only the table's body for htmx
    assert "Bảng điểm đã khớp tổng; có thể chốt." in response.content.decode()
    # One point more than the total is refused on the field, in words, and nothing is added.
    response = client.post(
        url, {"kind": "normal", "code": "IV", "text": "Thêm", "max_points": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.context["form"].errors["max_points"] == [
        "Với 1 điểm, các nhóm sẽ cộng lại được 111, vượt tổng điểm 110 của bảng; "
        "hãy giảm điểm nhóm khác trước hoặc cho ít điểm hơn."
    ]
    assert not table.criteria.filter(code="IV").exists()
    assert (
        login(world.user("member"))
        .post(url, {"kind": "normal", "code": "X", "text": "x", "max_points": "1"})
        .status_code
        == 403
    )
    freeze_table(actor=None, table=table)
    response = client.post(url, {"kind": "bonus", "code": "T9", "text": "x", "max_points": "1"})
    assert response.status_code == 403 and not table.criteria.filter(code="T9").exists()


def test_a_criterion_limited_to_some_members_in_the_editor(world, login) -> None:
    table = _table(world)
    client = login(world.user("leader"))
    url = reverse("scoring:table", args=[table.pk])
    data = {
        "kind": "bonus",
        "code": "T2",
        "text": "Thưởng riêng",
        "max_points": "2",
        "applies_to": [world.member_unit.pk],
    }
    assert client.post(url, data).status_code == 200
    assert list(table.criteria.get(code="T2").applies_to.all()) == [world.member_unit]
    data.update(code="T3", applies_to=[world.outside_unit.pk])
    response = client.post(url, data)
    assert not table.criteria.filter(code="T3").exists()
    # Only the year's members are offered; another unit is refused on that field.
    assert list(response.context["form"].errors) == ["applies_to"]


def test_members_with_a_scorecard_stay_in_the_year(world, year) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        set_block_year(
            actor=None,
            block=world.block,
            year=2024,
            members=[world.leader_unit, world.deputy_unit],
            leader=world.leader_unit,
            deputies=[world.deputy_unit],
        )
    assert "Sở Nội vụ" in str(excinfo.value)


def test_reviewers_see_each_others_scores_only_when_the_rules_allow(world, year, login) -> None:
    card = year["cards"][world.member_unit.pk]
    _score_all(world, card, FULL, world.user("member"))
    _review_all(world, card, world.deputy_unit, {"I.1": "37", "I.2": "20", "II.1": "25", "II.2": "15"})
    mine = assign_reviewer(actor=None, card=card, reviewer=world.leader_unit)
    url = reverse("scoring:review", args=[mine.pk])
    assert "Văn phòng UBND tỉnh: 37" not in login(world.user("leader")).get(url).content.decode()
    rules = rules_for(world.block_year)
    update_rules(actor=None, rules=rules, values={"reviewers_see_other_reviews": True})
    assert "Văn phòng UBND tỉnh: 37" in login(world.user("leader")).get(url).content.decode()


def test_the_leader_writes_the_covenant_with_its_targets_in_one_post(world, login) -> None:
    url = reverse("scoring:covenant_create", args=[world.block.pk, 2024])
    data = {
        "content": "Giao ước thi đua năm 2024",
        "targets": "Hoàn thành 10 chỉ tiêu\n\nXây dựng cơ quan vững mạnh",
    }
    assert login(world.user("member")).post(url, data).status_code == 403
    assert not Covenant.objects.exists()
    assert login(world.user("leader")).post(url, data).status_code == 302
    covenant = Covenant.objects.get(block_year=world.block_year)
    assert list(covenant.targets.order_by("position").values_list("text", "position")) == [
        ("Hoàn thành 10 chỉ tiêu", 0),
        ("Xây dựng cơ quan vững mạnh", 2),
    ]
