"""The summary report's award counts chart (issue 10 item 3: charts as images in the documents): the
DOCX is reopened, its one inline picture found right before section 4 and opened as a PNG, and the
figures the chart drew are the block's lượt counted here by hand, year by year with each year's members."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from thidua.awards.models import AwardRecord, AwardType
from thidua.blocks.services import set_block_year
from thidua.reports import summary
from thidua.testing import make_person


def _history(world: Any) -> None:
    """2023: the block had two members (the leader and the member unit); 2024: the world's three."""
    set_block_year(
        actor=world.user("board"),
        block=world.block,
        year=2023,
        members=[world.leader_unit, world.member_unit],
        leader=world.member_unit,
        deputies=[world.leader_unit],
    )
    ttldxs = AwardType.objects.get(code="TTLDXS")
    cstdcs = AwardType.objects.get(code="CSTDCS")
    lan = make_person("Trần Thị Lan", world.member_unit)
    binh = make_person("Lê Văn Bình", world.deputy_unit, gender="male")
    AwardRecord.objects.create(unit=world.member_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(unit=world.deputy_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(person=lan, award_type=cstdcs, year=2024)
    AwardRecord.objects.create(person=binh, award_type=cstdcs, year=2024)
    AwardRecord.objects.create(
        unit=world.leader_unit, award_type=ttldxs, year=2024, voided_at=timezone.now(), void_reason="x"
    )
    AwardRecord.objects.create(unit=world.outside_unit, award_type=ttldxs, year=2024)
    AwardRecord.objects.create(unit=world.leader_unit, award_type=ttldxs, year=2023)
    AwardRecord.objects.create(person=lan, award_type=cstdcs, year=2023)
    # The deputy unit was not a member in 2023: its person's award that year is not the block's.
    AwardRecord.objects.create(person=binh, award_type=cstdcs, year=2023)


def test_the_award_counts_section_ends_with_the_chart_of_the_real_counts(world, award_catalogue) -> None:
    _history(world)
    chart = summary.award_chart(world.block_year)
    assert chart.labels == ("2023", "2024")
    assert chart.series == (("Lượt tập thể", (1.0, 2.0)), ("Lượt cá nhân", (1.0, 2.0)))
    assert chart.title == "Số lượt khen thưởng của các đơn vị trong Khối, 2023–2024"

    document = Document(io.BytesIO(summary.summary_docx(world.block_year)))
    assert len(document.inline_shapes) == 1
    body = [p for p in document.paragraphs]
    at = next(i for i, p in enumerate(body) if p.text.startswith("4. Kết quả chấm điểm"))
    holder = body[at - 1]
    blips = holder._p.findall(".//" + qn("a:blip"))
    assert len(blips) == 1 and holder.text == ""
    assert body[at - 2].text.startswith("- Cấp")  # after the award counts' last line
    png = document.part.related_parts[blips[0].get(qn("r:embed"))].blob
    assert png == chart.png  # the very chart whose figures were checked above
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] > 600 and image.size[1] > 300
    # Drawn 16 cm wide on the page.
    assert abs(document.inline_shapes[0].width.cm - 16.0) < 0.01


def test_a_first_year_block_gets_a_one_year_chart(world, award_catalogue) -> None:
    chart = summary.award_chart(world.block_year)
    assert chart.labels == ("2024",) and chart.series == (
        ("Lượt tập thể", (0.0,)),
        ("Lượt cá nhân", (0.0,)),
    )
    document = Document(io.BytesIO(summary.summary_docx(world.block_year)))
    assert len(document.inline_shapes) == 1
