"""Benchmark of the statistics across years (issue 10 item 3) at province scale on SQLite.

    python bench/stats.py --scale province            # generates once (about 11 minutes), then measures
    python bench/stats.py --scale tiny --fresh

The synthetic world is the eligibility benchmark's (`thidua.awards.synthetic`: 100,000 people, 3,000
collectives, 2016-2025), generated once into a throw-away SQLite file under /tmp and reused. What is
measured, in one process, on the same rows (wall and CPU time of the process, SQLite included):

  (a) `thidua.stats.queries.statistics` for the whole province and all ten years, as the page calls
      it: (a1) cold, no year's figures kept (each of three runs starts by deleting them), (a2) warm
      (best of three), (a3) after one award record of the last year is added, so that one year's
      version changed and that year alone is recomputed (best of three, a record added before each);
  (a4) the statistics page itself, GET /stats/ as a board officer through Django's test client
      (the whole request: session, filters, queries, template; best of three, warm);
  (b) the three statutory forms 0601-0603 for the last year (one conditional-count query each);
  (c) the baseline: a plain ORM loop over the same award records (select_related, counting in Python).

The totals of (a) and (c) are compared, and the figures kept per year against a direct count. The
records (a3) adds are deleted at the end. The results are copied into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup(scale: str) -> None:
    data = Path(tempfile.gettempdir()) / f"thidua-bench-stats-{scale}"
    data.mkdir(exist_ok=True)
    os.environ["THIDUA_DATA_DIR"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _generate(scale: str, fresh: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from thidua.awards.synthetic import SCALES, generate
    from thidua.orgs.models import Person

    if fresh:
        connection.close()
        name = connection.settings_dict["NAME"]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    if Person.objects.exists():
        return
    started = time.perf_counter()
    generate(SCALES[scale], log=lambda m: print(m, file=sys.stderr, flush=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)


def _best(function: Any, runs: int = 3, before: Any = None) -> tuple[float, float, Any]:
    """Best wall and best CPU time of `runs` calls (`before` runs untimed before each)."""
    best = best_cpu = float("inf")
    result = None
    for _ in range(runs):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    return best, best_cpu, result


def _add_record(year: int, added: list[int]) -> None:
    """One more counted award of `year` (a CSTĐCS for a person without one that year)."""
    from thidua.awards.models import AwardRecord, AwardType
    from thidua.orgs.models import Person

    award_type = AwardType.objects.get(code="CSTDCS")
    person = (
        Person.objects.exclude(
            pk__in=AwardRecord.objects.filter(year=year, award_type=award_type).values("person_id")
        )
        .order_by("pk")
        .first()
    )
    assert person is not None
    added.append(AwardRecord.objects.create(person=person, award_type=award_type, year=year).pk)


def _page(year_from: int, year_to: int) -> tuple[float, float]:
    from django.test import Client

    from thidua.accounts.models import Role, User

    user, _created = User.objects.get_or_create(
        username="bench-board", defaults={"role": Role.BOARD_OFFICER, "full_name": "Bench Board"}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def get() -> Any:
        response = client.get("/stats/", {"year_from": year_from, "year_to": year_to})
        assert response.status_code == 200, response.status_code
        return response

    wall, cpu, _ = _best(get)
    return wall, cpu


def _orm_loop(year_from: int, year_to: int) -> dict[int, Counter[str]]:
    from thidua.awards.models import AwardRecord

    totals: dict[int, Counter[str]] = {}
    rows = AwardRecord.objects.filter(
        voided_at__isnull=True, year__range=(year_from, year_to)
    ).select_related("award_type", "person")
    for record in rows.iterator(chunk_size=10_000):
        counter = totals.setdefault(record.year, Counter())
        if record.unit_id is not None:
            counter["collective"] += 1
        else:
            counter["individual"] += 1
            assert record.person is not None
            counter[record.person.gender] += 1
        counter[record.award_type.code] += 1
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="province", choices=["tiny", "small", "province", "country"])
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--from-year", type=int, default=2016)
    parser.add_argument("--to-year", type=int, default=2025)
    args = parser.parse_args()
    _setup(args.scale)
    _generate(args.scale, args.fresh)

    from thidua.awards.models import AwardRecord
    from thidua.orgs.models import Person
    from thidua.stats import queries, statutory
    from thidua.stats.models import FormVersion

    scope = queries.Scope(year_from=args.from_year, year_to=args.to_year)
    records = AwardRecord.objects.filter(year__range=(args.from_year, args.to_year)).count()
    print(
        f"{Person.objects.count():,} people, {records:,} award records {args.from_year}-{args.to_year} (SQLite)"
    )

    from thidua.stats.models import AwardYearFigures

    years = args.to_year - args.from_year + 1
    cold, cold_cpu, stats = _best(
        lambda: queries.statistics(scope), before=lambda: AwardYearFigures.objects.all().delete()
    )
    print(
        f"  (a1) statistics, province, {years} years, cold (no figures kept): {cold:.3f} s (CPU {cold_cpu:.3f} s)"
    )
    warm, warm_cpu, stats = _best(lambda: queries.statistics(scope))
    print(f"  (a2) statistics, province, {years} years, warm: {warm:.3f} s (CPU {warm_cpu:.3f} s)")
    last_year = min(
        args.to_year,
        AwardRecord.objects.order_by("-year").values_list("year", flat=True).first() or args.to_year,
    )
    added: list[int] = []
    try:
        one, one_cpu, _ = _best(
            lambda: queries.statistics(scope), before=lambda: _add_record(last_year, added)
        )
        print(f"  (a3) statistics after one record of {last_year} added: {one:.3f} s (CPU {one_cpu:.3f} s)")
        direct = queries._grouped_cells(
            AwardRecord.objects.filter(voided_at__isnull=True, year__range=(args.from_year, args.to_year))
        )
        assert queries.award_cells(scope) == direct, "the figures kept per year differ from a direct count"
        print("  the figures kept per year equal a direct count")
    finally:
        AwardRecord.objects.filter(pk__in=added).delete()
    page, page_cpu = _page(args.from_year, args.to_year)
    print(f"  (a4) the statistics page, GET /stats/ as the board, warm: {page:.3f} s (CPU {page_cpu:.3f} s)")
    stats = queries.statistics(scope)
    last = queries.Scope(year_from=args.to_year, year_to=args.to_year)
    versions = list(FormVersion.objects.all())
    forms_seconds, forms_cpu, _ = _best(lambda: [statutory.compute_form(v, last) for v in versions])
    print(f"  (b) statutory forms 0601-0603, {args.to_year}: {forms_seconds:.3f} s (CPU {forms_cpu:.3f} s)")
    loop_seconds, loop_cpu, loop = _best(lambda: _orm_loop(args.from_year, args.to_year), runs=1)
    print(
        f"  (c) baseline, plain ORM loop over the same rows: {loop_seconds:.3f} s (CPU {loop_cpu:.3f} s); "
        f"{loop_seconds / cold:.1f}x (a1), {loop_seconds / warm:.0f}x (a2), {loop_seconds / one:.0f}x (a3)"
    )
    for row in stats["totals"]:
        counter = loop[row["year"]]
        assert (row["collective"], row["individual"], row["women"], row["men"]) == (
            counter["collective"],
            counter["individual"],
            counter["female"],
            counter["male"],
        ), row
    print("  totals of the aggregates equal the loop's")


if __name__ == "__main__":
    main()
