"""The news draft on the test world (issue 10 item 5), for what the demo's seeds do not show: the
year's figures from the data when the draft report has no results section, the captions of the
conference's own photos, and the byline left to fill in."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from thidua.awards.models import AwardRecord, AwardType
from thidua.conferences.models import ConferenceFile, FileKind
from thidua.conferences.tests.helpers import make_conference
from thidua.reports import news
from thidua.testing import make_person


def _photo(conference: Any, user: Any, caption: str) -> None:
    ConferenceFile.objects.create(
        conference=conference,
        kind=FileKind.PHOTO,
        caption=caption,
        file="anh.jpg",
        original_name="anh.jpg",
        sha256="0" * 64,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )


def test_figures_from_the_data_photo_captions_and_the_byline(world: Any, award_catalogue: Any) -> None:
    conference = make_conference(world, start=False)
    ttldxs = AwardType.objects.get(code="TTLDXS")
    cstdcs = AwardType.objects.get(code="CSTDCS")
    AwardRecord.objects.create(unit=world.member_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(unit=world.deputy_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(
        person=make_person("Trần Thị Lan", world.member_unit), award_type=cstdcs, year=2024
    )
    AwardRecord.objects.create(unit=world.outside_unit, award_type=ttldxs, year=2024)  # not a member
    AwardRecord.objects.create(unit=world.member_unit, award_type=ttldxs, year=2023)  # another year
    _photo(conference, world.user("board"), "Đồng chí Khối trưởng phát biểu khai mạc")
    _photo(conference, world.user("board"), "")

    article = news.build_article(conference)
    assert "Năm 2024, các đơn vị trong Khối có 2 lượt tập thể, 1 lượt cá nhân được các cấp khen thưởng." in (
        article.paragraphs
    )
    assert article.paragraphs[0] == (
        f"Sáng ngày 20/12/2024, tại Hội trường Sở Tài chính, {world.block.name} tổ chức {conference.title}."
    )
    text = article.as_text()
    assert text.startswith(f"{news.DRAFT_MARK}\n\n{article.headline}\n\n")
    assert "Ảnh: Đồng chí Khối trưởng phát biểu khai mạc\n\nẢnh: Quang cảnh Hội nghị" in text
    assert text.endswith("\n\nTác giả: …………………, …………………\n")


def test_no_awards_and_no_report_no_figures_sentence(world: Any, award_catalogue: Any) -> None:
    article = news.build_article(make_conference(world, start=False))
    assert not any("lượt tập thể" in p for p in article.paragraphs)
    assert article.captions == ["Quang cảnh Hội nghị"]


def test_the_host_unit_and_a_tied_first_place_are_written_as_they_are(
    world: Any, award_catalogue: Any
) -> None:
    """Issue 12 items 6 and 10: a host distinct from the leader is named after the lead; a first place
    tied beyond the block's leading units is written as a tie awaiting the province's decision, and no
    unit is said to lead."""
    from thidua.blocks.models import Standing, StandingSource

    conference = make_conference(world, start=False)
    conference.host = world.member_unit
    conference.save(update_fields=["host"])
    for unit in (world.member_unit, world.deputy_unit):
        Standing.objects.create(
            block_year=world.block_year,
            unit=unit,
            rank=1,
            tied=True,
            source=StandingSource.CONFERENCE,
            recorded_at=timezone.now(),
        )
    article = news.build_article(conference)
    assert article.paragraphs[0].endswith(f" {world.member_unit.name} là đơn vị đăng cai Hội nghị.")
    text = article.as_text()
    assert "đồng xếp thứ Nhất; Hội nghị đề nghị cấp có thẩm quyền xem xét, quyết định đơn vị dẫn đầu" in text
    assert "dẫn đầu thi đua Khối năm 2024" in text and "suy tôn" not in text
    conference.host = world.leader_unit  # the leader hosting is the usual case: nothing added
    conference.save(update_fields=["host"])
    assert "đăng cai" not in news.build_article(conference).paragraphs[0]
