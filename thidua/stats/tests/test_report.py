"""The statistics report (DOCX, issue 10 item 3): reopened, its tables read and its charts found as
inline pictures right above their captions, opened as PNG images; each chart's figures are the
counts made here by hand from the database's rows (not through the statistics' queries)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from thidua.awards.models import AwardRecord
from thidua.proposals.models import DossierLine, LineResult
from thidua.proposals.tests.helpers import to_council, unit_dossier
from thidua.proposals.tests.test_services import _decide
from thidua.scoring.models import RankingSnapshot
from thidua.stats import papers, queries
from thidua.stats.queries import Scope
from thidua.stats.tests.helpers import generate

pytestmark = pytest.mark.django_db


def _published(world, year, rows):
    block_year = world.block.years.get(year=year)
    RankingSnapshot.objects.create(
        block_year=block_year,
        published_at=timezone.now(),
        published_by=world.user("leader"),
        rows=[
            {"unit_id": unit.pk, "unit": unit.name, "rank": rank, "total": total}
            for rank, (unit, total) in enumerate(rows, start=1)
        ],
        tie_breaks=["total"],
    )


def _history(world):
    generate(world)
    decided = to_council(world, unit_dossier(world))
    _decide(world, decided)  # a proposal of 2024 awarded (its decision writes one more award)
    unit_dossier(world, year=2023)  # a proposal of 2023 without a decision yet
    _published(world, 2023, [(world.member_unit, "95.50"), (world.leader_unit, "92.00")])
    _published(
        world,
        2024,
        [(world.member_unit, "97.00"), (world.deputy_unit, "96.00"), (world.leader_unit, "93.25")],
    )


def _hand_counts():
    """Lượt per year and recipient kind, and lines proposed and awarded per year, row by row."""
    awards: Counter[tuple[int, str]] = Counter()
    for record in AwardRecord.objects.filter(voided_at__isnull=True, year__range=(2021, 2024)):
        awards[(record.year, "unit" if record.unit_id else "person")] += 1
    proposed: Counter[int] = Counter()
    awarded: Counter[int] = Counter()
    for line in DossierLine.objects.select_related("dossier"):
        if line.version == line.dossier.version:
            proposed[line.year] += 1
            awarded[line.year] += line.result == LineResult.AWARDED
    return awards, proposed, awarded


def _pictures(document):
    """{caption under the picture: PNG bytes} for each paragraph that holds only a picture."""
    found = {}
    paragraphs = document.paragraphs
    for index, paragraph in enumerate(paragraphs):
        blips = paragraph._p.findall(".//" + qn("a:blip"))
        if blips:
            assert len(blips) == 1 and paragraph.text == ""
            part = document.part.related_parts[blips[0].get(qn("r:embed"))]
            found[paragraphs[index + 1].text] = part.blob
    return found


def test_the_report_draws_the_real_counts_and_embeds_each_chart_above_its_caption(world) -> None:
    _history(world)
    awards, proposed, awarded = _hand_counts()
    scope = Scope(year_from=2021, year_to=2024)
    stats = queries.statistics(scope)
    drawn = papers.charts(stats)

    assert drawn["awards"].labels == ("2021", "2022", "2023", "2024")
    assert drawn["awards"].series == (
        ("Lượt tập thể", tuple(float(awards[(y, "unit")]) for y in range(2021, 2025))),
        ("Lượt cá nhân", tuple(float(awards[(y, "person")]) for y in range(2021, 2025))),
    )
    assert drawn["proposals"].labels == ("2023", "2024")
    assert drawn["proposals"].series == (
        ("Lượt đề nghị", (float(proposed[2023]), float(proposed[2024]))),
        ("Lượt được khen thưởng", (float(awarded[2023]), float(awarded[2024]))),
    )
    assert (proposed[2023], awarded[2023], proposed[2024], awarded[2024]) == (1, 0, 1, 1)
    # Members ranked in both years are followed; the last year's order first. The deputy unit,
    # ranked once, has nothing to follow.
    assert drawn["scores"].labels == ("2023", "2024")
    assert drawn["scores"].series == (
        (world.member_unit.name, (95.5, 97.0)),
        (world.leader_unit.name, (92.0, 93.25)),
    )

    document = Document(io.BytesIO(papers.statistics_docx(scope, stats)))
    pictures = _pictures(document)
    assert len(document.inline_shapes) == 3
    assert pictures == {papers.CAPTIONS[key]: chart.png for key, chart in drawn.items()}
    for png in pictures.values():
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.size[0] > 600 and image.size[1] > 300
    text = "\n".join(p.text for p in document.paragraphs)
    total_units = sum(n for (_y, kind), n in awards.items() if kind == "unit")
    total_people = sum(n for (_y, kind), n in awards.items() if kind == "person")
    assert (
        f"Từ năm 2021 đến năm 2024, toàn tỉnh có {total_units} lượt tập thể, {total_people} lượt cá nhân"
        in text
    )
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    totals = next(t for t in tables if t[0][:3] == ["Năm", "Lượt tập thể", "Lượt cá nhân"])
    assert totals[1][:3] == ["2021", str(awards[(2021, "unit")]), str(awards[(2021, "person")])]
    scores = next(t for t in tables if t[0] == ["Đơn vị", "Năm", "Tổng điểm", "Thứ hạng"])
    assert [world.leader_unit.name, "2024", "93,25", "3"] in scores


def test_nothing_to_draw_leaves_the_charts_out_and_says_so(world) -> None:
    scope = Scope(year_from=2021, year_to=2024, unit=world.outside_unit)
    stats = queries.statistics(scope)
    assert papers.charts(stats) == {}
    document = Document(io.BytesIO(papers.statistics_docx(scope, stats)))
    assert len(document.inline_shapes) == 0
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chưa có bảng xếp hạng được công bố." in text and papers.NO_DATA in text


def test_a_block_downloads_its_report_at_once_and_an_outsider_cannot(world, login) -> None:
    _history(world)
    url = reverse("stats:report")
    query = {"year_from": 2021, "year_to": 2024, "block": world.block.pk}
    response = login(world.user("leader")).get(url, query)
    assert (
        response.status_code == 200
        and response["Content-Disposition"] == 'attachment; filename="thong-ke.docx"'
    )
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 3
    assert any(
        world.block.name.upper() in c.text.upper() for t in document.tables for r in t.rows for c in r.cells
    )
    assert login(world.user("outsider")).get(url, query).status_code == 404
    assert login(world.user("delegate")).get(url, query).status_code == 403


def test_the_page_offers_the_report(world, login) -> None:
    html = login(world.user("member")).get(reverse("stats:page")).content.decode()
    assert reverse("stats:report") in html and "Tải báo cáo thống kê (DOCX)" in html
    assert reverse("stats:province_job") not in html
