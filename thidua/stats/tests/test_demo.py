"""The demo's history gives the figures the seeds quote (issue 10 item 9)."""

from __future__ import annotations

from django.urls import reverse

from thidua.awards.models import AwardRecord
from thidua.blocks.models import Block
from thidua.demo.services import load_demo
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the worker's demo database)
from thidua.stats import queries
from thidua.stats.queries import Scope


def test_demo_statistics_say_what_the_seeds_say(demo, client):  # noqa: F811
    noi_chinh = Block.objects.get(code="TQ-KNC")
    totals = queries.totals_by_year(Scope(year_from=2022, year_to=2022, block=noi_chinh))
    assert (totals[0]["collective"], totals[0]["individual"]) == (537, 2347)  # seed 003

    nha_trang = Scope(year_from=2022, year_to=2022, block=Block.objects.get(code="NT-KDANG"))
    ratings = {r["rating"]: (r["units"], r["of"]) for r in queries.unit_ratings(nha_trang)}
    assert ratings["excellent"] == (6, 6)  # seed 000
    assert queries.awards(nha_trang).filter(award_type__code="CSTDCS").count() == 8

    # Loading again adds nothing.
    before = AwardRecord.objects.count()
    assert load_demo(log=lambda _text: None)["history_awards"] == 0
    assert AwardRecord.objects.count() == before

    from thidua.accounts.models import User

    client.force_login(User.objects.filter(role="board_officer").first())
    page = client.get(reverse("stats:page"), {"year_from": 2022, "year_to": 2022, "block": noi_chinh.pk})
    html = page.content.decode()
    assert "537" in html and "2.347" in html
