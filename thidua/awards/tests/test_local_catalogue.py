"""The province's own catalogue (issue 12 item 7): the board adds local names of legal titles and forms
and awards without rules, through the pages and the API, others are refused; a local name counts as its
legal title or form in history, imports and eligibility; an entry without rules needs a human check with
its reason; the Decree 91/2017 versions answer for 2018-2023 (R-VER-03); a block below the province
proposing the province's flag follows the setting (R-COL-03)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from thidua.audit.models import AuditEntry
from thidua.awards import services
from thidua.awards.batch import run_job, start_job
from thidua.awards.facts import new_world
from thidua.awards.models import AwardRecord, AwardType, EligibilitySettings, EvaluationResult
from thidua.awards.rules import ELIGIBLE, NEEDS_CHECK, NOT_ELIGIBLE, context, evaluate
from thidua.awards.sheets import SHEET
from thidua.awards.tests.helpers import D, person_in, rate
from thidua.blocks.models import Block
from thidua.blocks.services import record_standings, set_block_year
from thidua.testing import PERSONAS


def _local_name(world, code: str = "BK_CT_UBND", legal: str = "BK_TINH", name: str = "") -> AwardType:
    return services.save_local_award(
        actor=world.user("board"),
        code=code,
        name=name or "Bằng khen của Chủ tịch UBND tỉnh",
        category="local_name",
        legal_form=AwardType.objects.get(code=legal),
    )


def _unruled(world) -> AwardType:
    return services.save_local_award(
        actor=world.user("board"),
        code="KNC_TDKT",
        name="Kỷ niệm chương Vì sự nghiệp thi đua, khen thưởng",
        category="commemorative",
        kind="form",
        recipient="individual",
        level="national",
        article="Quyết định của Bộ trưởng Bộ Nội vụ",
        rules_note="Đủ 15 năm công tác trong ngành thi đua, khen thưởng.",
    )


# -- pages and API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_board_adds_to_the_catalogue_through_the_pages(world, login, persona) -> None:
    client = login(world.user(persona))
    data = {
        "code": "CO_TD_VKS",
        "name": "Cờ thi đua của Viện kiểm sát nhân dân tối cao",
        "category": "sector",
        "kind": "title",
        "recipient": "collective",
        "level": "province",
        "article": "Quy chế thi đua, khen thưởng của ngành Kiểm sát",
        "rules_note": "Đơn vị dẫn đầu khối thi đua của ngành Kiểm sát.",
    }
    add = reverse("awards:catalogue_add")
    if persona not in ("board", "admin"):
        assert client.get(add).status_code == 403
        assert client.post(add, data).status_code == 403
        assert not AwardType.objects.filter(code="CO_TD_VKS").exists()
        assert "catalogue/add/" not in client.get(reverse("awards:catalogue")).content.decode()
        return
    assert client.get(add).status_code == 200
    response = client.post(add, data)
    assert response.status_code == 302
    entry = AwardType.objects.get(code="CO_TD_VKS")
    assert entry.is_local and not entry.has_rules and entry.level == "province"
    assert AuditEntry.objects.filter(action="awardtype.create").count() == 1
    page = client.get(reverse("awards:catalogue")).content.decode()
    assert "Cờ thi đua của Viện kiểm sát nhân dân tối cao" in page and "Đơn vị dẫn đầu khối" in page
    # A local name takes its legal title's kind, recipient and level; its code never changes.
    legal = AwardType.objects.get(code="CO_TD_TINH")
    response = client.post(
        add,
        {
            "code": "co_td_ubnd_xs",
            "name": "Cờ thi đua xuất sắc của UBND tỉnh",
            "category": "local_name",
            "legal_form": legal.pk,
        },
    )
    assert response.status_code == 302
    local = AwardType.objects.get(code="CO_TD_UBND_XS")
    assert (local.legal_form, local.kind, local.recipient, local.level) == (
        legal,
        "title",
        "collective",
        "province",
    )
    edit = reverse("awards:catalogue_edit", args=["CO_TD_UBND_XS"])
    response = client.post(
        edit,
        {
            "code": "OTHER",
            "name": "Cờ thi đua xuất sắc UBND tỉnh",
            "category": "local_name",
            "legal_form": legal.pk,
        },
    )
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.code == "CO_TD_UBND_XS" and local.name == "Cờ thi đua xuất sắc UBND tỉnh"
    # The Law's own titles are not edited here.
    assert client.get(reverse("awards:catalogue_edit", args=["CO_TD_TINH"])).status_code == 404


def test_bad_entries_are_refused_with_a_message_and_nothing_saved(world, login) -> None:
    client = login(world.user("board"))
    add = reverse("awards:catalogue_add")
    response = client.post(add, {"code": "BK_X", "name": "Bằng khen X", "category": "local_name"})
    assert response.status_code == 422
    assert "chọn" in response.content.decode().lower() or "choose" in response.content.decode().lower()
    # An entry without rules needs its kind, recipient and level; a local name may not point at a local entry.
    response = client.post(
        add, {"code": "HC_LD3", "name": "Huân chương Lao động hạng Ba", "category": "order"}
    )
    assert response.status_code == 422
    sector = services.save_local_award(
        actor=world.user("board"),
        code="CO_TD_VKS",
        name="Cờ thi đua của Viện kiểm sát nhân dân tối cao",
        category="sector",
        legal_form=AwardType.objects.get(code="CO_TD_TINH"),
    )
    response = client.post(
        add, {"code": "CO_X", "name": "Cờ X", "category": "local_name", "legal_form": sector.pk}
    )
    assert response.status_code == 422
    sector.delete()
    response = client.post(
        add,
        {
            "code": "CSTDCS",
            "name": "Trùng mã",
            "category": "other",
            "kind": "form",
            "recipient": "both",
            "level": "grassroots",
        },
    )
    assert response.status_code == 422
    assert AwardType.objects.filter(category="legal").count() == AwardType.objects.count()
    with pytest.raises(ValidationError):
        services.save_local_award(
            actor=world.user("board"), award_type=AwardType.objects.get(code="CSTDCS"), name="Đổi tên"
        )


@pytest.mark.parametrize("persona", ["board", "observer", "member"])
def test_the_api_adds_local_entries_for_the_board_only(world, persona) -> None:
    client = APIClient()
    client.force_authenticate(world.user(persona))
    body = {
        "code": "BK_BTV_TU",
        "name": "Giấy khen của Ban Thường vụ Tỉnh ủy",
        "category": "party",
        "kind": "form",
        "recipient": "both",
        "award_level": "province",
        "rules_note": "Theo Quy định khen thưởng của Tỉnh ủy.",
    }
    response = client.post("/api/v1/award-types/", body, format="json")
    if persona != "board":
        assert response.status_code == 403
        assert not AwardType.objects.filter(code="BK_BTV_TU").exists()
        return
    assert response.status_code == 201, response.json()
    assert response.json()["category"] == "party" and response.json()["legal_form"] is None
    local = client.post(
        "/api/v1/award-types/",
        {
            "code": "BK_CT_UBND",
            "name": "Bằng khen của Chủ tịch UBND tỉnh",
            "category": "local_name",
            "legal_form": "BK_TINH",
        },
        format="json",
    )
    assert local.status_code == 201 and local.json()["recipient"] == "both"
    assert local.json()["award_level"] == "province"
    patched = client.patch(
        "/api/v1/award-types/BK_BTV_TU/", {"rules_note": "Điều 5 Quy định."}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["rules_note"] == "Điều 5 Quy định."
    assert client.patch("/api/v1/award-types/CSTDCS/", {"name": "X"}, format="json").status_code == 400
    # An award recorded through the API under the local name is a record of the legal form.
    record = client.post(
        "/api/v1/award-records/",
        {"award_type": "BK_CT_UBND", "person": world.member_person.pk, "year": 2024},
        format="json",
    )
    assert record.status_code == 201, record.json()
    assert (record.json()["award_type"], record.json()["awarded_as"]) == ("BK_TINH", "BK_CT_UBND")


# -- history, imports and eligibility --------------------------------------------------------------------


def test_a_local_name_is_its_legal_form_in_history_and_eligibility(world, login) -> None:
    local = _local_name(world)
    person = world.member_person
    rate(person, 2024, "excellent")
    rate(person, 2025, "excellent")
    before_local, before_legal = evaluate(person, local.code, 2025), evaluate(person, "BK_TINH", 2025)
    assert before_local.status == before_legal.status
    assert [c.as_tuple() for c in before_local.conditions] == [c.as_tuple() for c in before_legal.conditions]
    record = services.add_history_record(
        actor=world.user("board"), model=AwardRecord, person=person, award_type=local, year=2025
    )
    assert (record.award_type.code, record.awarded_as) == ("BK_TINH", local)
    # R-GEN-04 reads the record as the legal form: already awarded for 2025, by either name.
    for code in (local.code, "BK_TINH"):
        verdict = evaluate(person, code, 2025)
        assert verdict.status == NOT_ELIGIBLE and "R-GEN-04" in verdict.failed_rules
    page = login(world.user("board")).get(reverse("awards:person_history", args=[person.pk])).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in page
    # Paid as the legal form (R-CAT-01, R-MONEY-01).
    paid = services.cash_amount(award_type=local, decision_date=D(2025, 12, 1), collective=False)
    assert paid.version.award_type.code == "BK_TINH" and paid.amount > 0
    # The same award under the other name is refused as a duplicate.
    with pytest.raises(ValidationError):
        services.add_history_record(
            actor=world.user("board"),
            model=AwardRecord,
            person=person,
            award_type=AwardType.objects.get(code="BK_TINH"),
            year=2025,
        )
    # Changing the record to another title drops the local name.
    services.update_history_record(
        actor=world.user("board"), obj=record, award_type=AwardType.objects.get(code="GIAY_KHEN")
    )
    record.refresh_from_db()
    assert record.awarded_as is None and record.award_type.code == "GIAY_KHEN"


def test_a_sector_flag_with_rules_is_the_ministry_flag(world) -> None:
    legal = AwardType.objects.get(code="CO_TD_TINH")
    sector = services.save_local_award(
        actor=world.user("board"),
        code="CO_TD_VKS",
        name="Cờ thi đua của Viện kiểm sát nhân dân tối cao",
        category="sector",
        legal_form=legal,
    )
    assert sector.has_rules and (sector.kind, sector.recipient, sector.level) == (
        "title",
        "collective",
        "province",
    )
    record = services.add_history_record(
        actor=world.user("board"), model=AwardRecord, unit=world.member_unit, award_type=sector, year=2025
    )
    assert (record.award_type, record.awarded_as) == (legal, sector)
    verdict = evaluate(world.member_unit, sector.code, 2025)
    assert verdict.status == NOT_ELIGIBLE and "R-GEN-04" in verdict.failed_rules


def test_the_import_resolves_local_names_and_exports_them(world, login) -> None:
    _local_name(world, "CO_TD_UBND_XS", "CO_TD_TINH", "Cờ thi đua xuất sắc của UBND tỉnh")
    _unruled(world)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(column.header) for column in SHEET.columns])
    sheet.append(
        ["", "", "", "SO-NV", "Co thi dua xuat sac cua UBND tinh", 2023, "", "9/QĐ-UBND", "", "", ""]
    )
    sheet.append(["001190000001", "Nguyễn Thị Lan", "", "", "KNC_TDKT", 2022, "", "", "", "", ""])
    sheet.append(["", "", "", "SO-NV", "CO_TD_TINH", 2023, "", "", "", "", ""])  # the same award, by law
    out = io.BytesIO()
    workbook.save(out)
    result = SHEET.import_file(SimpleUploadedFile("h.xlsx", out.getvalue()), actor=world.user("board"))
    assert not result.ok and [e.row for e in result.errors] == [4]
    assert AwardRecord.objects.count() == 0
    workbook.active.delete_rows(4)
    out = io.BytesIO()
    workbook.save(out)
    result = SHEET.import_file(SimpleUploadedFile("h.xlsx", out.getvalue()), actor=world.user("board"))
    assert result.ok, result.errors
    flag = AwardRecord.objects.get(unit=world.member_unit)
    assert (flag.award_type.code, flag.shown_award.code) == ("CO_TD_TINH", "CO_TD_UBND_XS")
    assert AwardRecord.objects.get(person=world.member_person).award_type.code == "KNC_TDKT"
    exported = login(world.user("board")).get(reverse("awards:history_file", args=["export.xlsx"]))
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert {row[4] for row in rows[1:]} == {"CO_TD_UBND_XS", "KNC_TDKT"}


def test_an_entry_without_rules_needs_a_human_check_with_its_reason(world, login) -> None:
    entry = _unruled(world)
    verdict = evaluate(world.member_person, entry.code, 2025)
    assert verdict.status == NEEDS_CHECK
    assert [c.rule for c in verdict.conditions] == ["R-CAT-01"]
    assert "Đủ 15 năm công tác" in verdict.conditions[0].text
    bare = services.save_local_award(
        actor=world.user("board"),
        code="HC_LD3",
        name="Huân chương Lao động hạng Ba",
        category="order",
        kind="form",
        recipient="both",
        level="national",
    )
    assert evaluate(world.member_unit, bare.code, 2025).status == NEEDS_CHECK
    page = login(world.user("board")).get(
        reverse("awards:check", args=["person", world.member_person.pk]),
        {"award_type": entry.code, "year": 2025},
    )
    assert page.status_code == 200 and "Đủ 15 năm công tác" in page.content.decode()


# -- versions before 2024 (R-VER-03) ------------------------------------------------------------------------


def test_a_past_year_uses_the_decree_91_version(world) -> None:
    person = person_in(world.member_unit)
    rate(person, 2020, "good")
    rate(person, 2016, "good")
    ctx = context(new_world(2020), D(2020, 12, 31))
    assert ctx.versions["LDTT"].valid_from == D(2018, 1, 1)
    assert (
        "91/2017/NĐ-CP" in ctx.versions["CO_TD_CP"].citation
        and "Điều 11" in ctx.versions["CO_TD_CP"].citation
    )
    assert "XA_TIEU_BIEU" not in ctx.versions  # a title of Law 06/2022 only
    verdict = evaluate(person, "LDTT", 2020)
    assert verdict.status != NOT_ELIGIBLE and "91/2017" in verdict.citation
    assert not any(c.key == "no_version" for c in verdict.conditions)
    # Before the catalogue's first version the answer says why it cannot evaluate.
    old = evaluate(person, "LDTT", 2016, on=D(2016, 3, 12))
    assert old.status == NEEDS_CHECK
    assert any(c.key == "no_version" and "12/03/2016" in c.text for c in old.conditions)


def test_a_batch_of_2020_uses_the_decree_91_versions_like_the_single_check(world) -> None:
    rate(world.member_person, 2020, "excellent")
    rate(person_in(world.member_unit, "Trần Văn Bình", gender="male"), 2020, "completed")
    job = run_job(start_job(actor=None, year=2020, unit=world.member_unit, run=False).pk)
    results = list(EvaluationResult.objects.filter(job=job).select_related("award_type", "person", "unit"))
    assert results
    for result in results:
        single = evaluate(result.person or result.unit, result.award_type.code, 2020)
        assert (result.status, result.failed) == (single.status, ", ".join(single.failed_rules)[:200])
    ldtt = [r for r in results if r.award_type.code == "LDTT" and r.person_id == world.member_person.pk]
    assert ldtt and ldtt[0].status != NOT_ELIGIBLE


# -- a block below the province and the province's flag (R-COL-03) ------------------------------------------


def _district_leader(world):
    district = Block.objects.create(
        code="CUM-XA",
        name="Cụm thi đua các xã",
        kind="cluster",
        level="commune",
        managing_body=world.province,
    )
    year = set_block_year(
        actor=None,
        block=district,
        year=2025,
        members=[world.outside_unit, world.member_unit],
        leader=world.outside_unit,
        deputies=[world.member_unit],
    )
    record_standings(actor=None, block_year=year, ranks=[(world.outside_unit, 1)])
    return world.outside_unit


@pytest.mark.parametrize(
    ("setting", "status", "key"),
    [
        (None, NEEDS_CHECK, "leading_low_level_check"),
        ("allow", None, "leading_low_level_allowed"),
        ("refuse", NOT_ELIGIBLE, "leading_low_level"),
    ],
)
def test_a_commune_cluster_leader_for_the_province_flag_follows_the_setting(
    world, setting, status, key
) -> None:
    unit = _district_leader(world)
    if setting:
        EligibilitySettings.objects.create(valid_from=D(2024, 1, 1), low_level_block_flag=setting)
    verdict = evaluate(unit, "CO_TD_TINH", 2025)
    leading = [c for c in verdict.conditions if c.key.startswith("leading")]
    assert [c.key for c in leading] == [key]
    if status:
        assert verdict.status == status
    else:
        assert leading[0].status == "met" and verdict.status in (ELIGIBLE, NEEDS_CHECK)
        assert "R-COL-03" not in verdict.failed_rules
    # The Government's flag stays with blocks of a province or ministry (Law Art 25).
    assert "R-COL-05" in evaluate(unit, "CO_TD_CP", 2025).failed_rules


def test_a_bad_code_is_refused_in_vietnamese_and_a_lower_case_one_is_written_in_capitals(
    world, login
) -> None:
    client = login(world.user("board"))
    data = {
        "code": "bk ct",
        "name": "Bằng khen của Chủ tịch UBND tỉnh",
        "category": "local_name",
        "legal_form": AwardType.objects.get(code="BK_TINH").pk,
    }
    page = client.post(reverse("awards:catalogue_add"), data).content.decode()
    assert "chữ không dấu, chữ số và dấu gạch dưới" in page and "slug" not in page
    assert not AwardType.objects.filter(name="Bằng khen của Chủ tịch UBND tỉnh").exists()
    assert client.post(reverse("awards:catalogue_add"), {**data, "code": "bk_ct_ubnd"}).status_code == 302
    assert AwardType.objects.get(code="BK_CT_UBND").legal_form_id == AwardType.objects.get(code="BK_TINH").pk
