"""Benchmark of the eligibility engine (issue 5): every individual title for every person for one year.

    python bench/eligibility.py --scale province --db sqlite
    python bench/eligibility.py --scale province --db postgres

What is measured: `thidua.awards.batch.evaluate_batch` for every individual title of every person, as
a job runs it: the set-based path of `thidua.awards.setwise` (issue 13 item 2: a few grouped
queries per range of 25,000 ids read the facts as columns, every title decided over them; the
people with a case, discipline or maternity leave go through the rules' status path
(`thidua.awards.rules.decide_person`, the same decisions as the explained verdict, not worded) over
full facts built from the same reads; the explanation of a verdict is rebuilt on demand, one at a
time, by `rules.evaluate`). Each figure is measured in a fresh subprocess (wall time, CPU time of the
timed part and the peak RSS of that process) beside three baselines of the same run, on the same data:
  (a) the straightforward per-person ORM implementation (`evaluate()` called per person and title,
      about fifteen queries each, the explanation built) on a random sample, scaled to the whole
      population;
  (b) one hand-written DuckDB query over the same rows (copied into an in-memory DuckDB first, not
      timed): the near-limit reference. It decides LĐTT/CSTT, CSTĐCS and CSTĐ tỉnh only, with no
      failed rules and no maternity bridging; the set-based batch is also timed for those titles
      alone ("three");
  (c) the per-person engine loop the batch ran before (issue 5): `facts.load_people` in chunks of
      10,000 people, `rules.decide_person` person by person ("decider").
A last phase times a whole job (individual and collective titles, results stored in the database),
in one process ("job") and on the queue, run by `--workers` worker processes ("fanout": a job with more
candidates than THIDUA_EVALUATION_PART_PEOPLE is spread over them in parts, `thidua.awards.fanout`).

The synthetic world (`thidua.awards.synthetic`) is generated once per scale and database into a
throw-away SQLite file under /tmp (or the PostgreSQL database `thidua_bench_awards`, or that of
DATABASE_URL when it names a PostgreSQL database) and reused;
`--fresh` regenerates it. The results are copied into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench_awards"


def _environment(scale: str, db: str) -> dict[str, str]:
    env = dict(os.environ)
    data = Path(tempfile.gettempdir()) / f"thidua-bench-awards-{scale}"
    data.mkdir(exist_ok=True)
    env["THIDUA_DATA_DIR"] = str(data)
    url = env.pop("DATABASE_URL", "")
    if db == "postgres":
        env["DATABASE_URL"] = url if url.startswith("postgres") else PG_URL
    env["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    env["PYTHONPATH"] = str(ROOT)
    return env


def _setup() -> None:
    import django

    django.setup()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_generate(scale: str, fresh: bool) -> dict[str, Any]:
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from thidua.awards.synthetic import SCALES, generate
    from thidua.orgs.models import Person

    if fresh and connection.vendor == "sqlite":
        connection.close()
        name = connection.settings_dict["NAME"]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    # On PostgreSQL --fresh drops and recreates the database (main): a flush would also empty the
    # catalogue, which a data migration loads.
    call_command("migrate", verbosity=0)
    if Person.objects.exists():
        return {"generated": False, "people": Person.objects.count()}
    started = time.perf_counter()
    counts = generate(SCALES[scale], log=lambda m: print(m, file=sys.stderr, flush=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"generated": True, "seconds": round(time.perf_counter() - started, 1), **counts}


def phase_batch(year: int) -> dict[str, Any]:
    _setup()
    from thidua.awards.batch import evaluate_batch

    start_mb = _peak_mb()
    started, cpu = time.perf_counter(), _cpu()
    verdicts = 0
    eligible: dict[str, int] = {}
    for outcome in evaluate_batch(year, collectives=False):
        verdicts += 1
        if outcome.status == "eligible":
            eligible[outcome.code] = eligible.get(outcome.code, 0) + 1
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),  # of the timed part (the machine is shared)
        "verdicts": verdicts,
        "peak_mb": round(_peak_mb(), 1),
        "start_mb": round(start_mb, 1),
        "eligible": eligible,
    }


def phase_decider(year: int) -> dict[str, Any]:
    """Baseline (c): the per-person engine loop the batch used before the set-based path (issue 5):
    every person's facts loaded as objects in chunks of 10,000 (`facts.load_people`), each verdict
    decided by the rules' status path (`rules.decide_person`) person by person."""
    _setup()
    from thidua.awards.batch import collector_paused
    from thidua.awards.facts import candidate_people, load_people, new_world, rows
    from thidua.awards.rules import INDIVIDUAL_CODES, applies, context, decide_person, default_on

    started, cpu = time.perf_counter(), _cpu()
    world = new_world(year)
    ctx = context(world, default_on(year))
    ids = sorted({pk for (pk,) in rows(candidate_people(year).order_by().values_list("person_id"))})
    verdicts = 0
    eligible: dict[str, int] = {}
    for start in range(0, len(ids), 10000):
        part = ids[start : start + 10000]
        with collector_paused():
            people = load_people(world, ctx.settings, id_range=(part[0], part[-1]))
            for pk in part:
                person = people[pk]
                for code in INDIVIDUAL_CODES:
                    if applies(code, person=person):
                        status, _failed = decide_person(person, code, ctx)
                        verdicts += 1
                        if status == "eligible":
                            eligible[code] = eligible.get(code, 0) + 1
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),
        "verdicts": verdicts,
        "peak_mb": round(_peak_mb(), 1),
        "eligible": eligible,
    }


def phase_diff(year: int) -> dict[str, Any]:
    """Every verdict of the batch (status, failed rules, unit, priority) against the per-person engine
    loop of baseline (c) for people, and against the rules' status path with each unit's members
    loaded as facts (`facts.load_units`, `rules.decide_unit` counting them itself) for collectives,
    over the whole population (not timed)."""
    _setup()
    from thidua.awards.batch import collector_paused, evaluate_batch, units_of_year
    from thidua.awards.facts import candidate_people, load_people, load_units, new_world, rows
    from thidua.awards.rules import (
        COLLECTIVE_CODES,
        INDIVIDUAL_CODES,
        applies,
        context,
        decide_person,
        decide_unit,
        default_on,
        priority,
    )

    new = {
        (o.candidate, o.code): (o.status, o.failed, o.home_unit_id, o.priority) for o in evaluate_batch(year)
    }
    world = new_world(year)
    ctx = context(world, default_on(year))
    ids = sorted({pk for (pk,) in rows(candidate_people(year).order_by().values_list("person_id"))})
    old: dict[tuple[Any, str], tuple[Any, ...]] = {}
    people: dict[int, Any] = {}
    with collector_paused():
        for start in range(0, len(ids), 10000):
            part = ids[start : start + 10000]
            people.update(load_people(world, ctx.settings, id_range=(part[0], part[-1])))
        for pk in ids:
            person = people[pk]
            rank = 0 if person.gender == "female" else 1
            for code in INDIVIDUAL_CODES:
                if applies(code, person=person):
                    old[("person", pk), code] = (*decide_person(person, code, ctx), person.unit_id, rank)
        world.people = people
        units = load_units(world, ctx.settings, ids=units_of_year(year))
        for pk, unit in units.items():
            rank = priority(unit=unit)
            for code in COLLECTIVE_CODES:
                if applies(code, unit=unit):
                    old[("unit", pk), code] = (*decide_unit(unit, code, ctx), pk, rank)
    differences = [key for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
    by_status: dict[str, int] = {}
    for key in differences:
        change = f"{key[1]}: {old.get(key, ('-',))[0]} -> {new.get(key, ('-',))[0]}"
        by_status[change] = by_status.get(change, 0) + 1
    return {
        "verdicts": len(new),
        "baseline": len(old),
        "differences": len(differences),
        "by_status": by_status,
        "first": differences[:5],
    }


def phase_three(year: int) -> dict[str, Any]:
    """The set-based batch for the three titles the DuckDB reference decides (LĐTT, CSTT, CSTĐCS,
    CSTĐ tỉnh; both LĐTT and CSTT for everyone), facts read from the database included."""
    _setup()
    from thidua.awards.batch import evaluate_batch

    started, cpu = time.perf_counter(), _cpu()
    verdicts = 0
    eligible: dict[str, int] = {}
    for outcome in evaluate_batch(year, codes=["LDTT", "CSTT", "CSTDCS", "CSTD_TINH"], collectives=False):
        verdicts += 1
        if outcome.status == "eligible":
            eligible[outcome.code] = eligible.get(outcome.code, 0) + 1
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),
        "verdicts": verdicts,
        "peak_mb": round(_peak_mb(), 1),
        "eligible": eligible,
    }


def _verdicts(job: Any) -> dict[str, int]:
    """The stored results of a job counted by title and status (not timed)."""
    from django.db.models import Count

    from thidua.awards.models import EvaluationResult

    counted = (
        EvaluationResult.objects.filter(job=job)
        .values_list("award_type__code", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {f"{code}:{status}": n for code, status, n in counted}


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far, when the server runs on this
    machine (its /proc entry readable); None on SQLite (in the process) or otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def phase_job(year: int) -> dict[str, Any]:
    """What a user waits for: a province job (every individual and collective title), its results
    stored, progress saved after every chunk. The job and its results are deleted afterwards (not
    timed)."""
    _setup()
    from thidua.awards.batch import run_job, start_job
    from thidua.awards.models import EvaluationJob, EvaluationResult

    pending = start_job(actor=None, year=year, run=False)
    server = _server_cpu()
    started, cpu = time.perf_counter(), _cpu()
    job = run_job(pending.pk)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    server_cpu = None if server is None else round((_server_cpu() or 0.0) - server, 2)
    stored = EvaluationResult.objects.filter(job=job).count()
    verdicts = _verdicts(job)
    EvaluationJob.objects.filter(pk=job.pk).delete()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "server_cpu_seconds": server_cpu,  # PostgreSQL on this machine: its backend's CPU
        "status": job.status,
        "results": stored,
        "peak_mb": round(_peak_mb(), 1),
        "verdicts": verdicts,
    }


def _proc(pid: int) -> tuple[float, float]:
    """CPU seconds and peak RSS (MB) of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    status = Path(f"/proc/{pid}/status").read_text()
    peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return cpu, int(peak.split()[1]) / 1024


def phase_fanout(year: int, workers: int) -> dict[str, Any]:
    """The same whole job as `phase_job`, put on the queue and run by `workers` worker processes
    (`thidua worker`, started first and not timed): a job with more candidates than
    THIDUA_EVALUATION_PART_PEOPLE is spread over them in parts (`thidua.awards.fanout`). Timed from
    the start of the job to its end; the CPU and peak RSS of each worker are read from /proc (the CPU
    of the timed part: what the worker used before it is subtracted)."""
    _setup()
    from django.conf import settings

    from thidua.awards.batch import EVALUATE, start_job
    from thidua.awards.fanout import PART
    from thidua.awards.models import EvaluationJob, EvaluationResult, JobStatus
    from thidua.jobs.models import Job

    command = [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.2", "--no-startup-delay"]
    procs = [
        subprocess.Popen([*command, "--no-reload", "-v", "0"], stdout=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        time.sleep(20)  # the workers start (Django set up, the first look at the queue)
        before = [_proc(proc.pid)[0] for proc in procs]
        started = time.perf_counter()
        job = start_job(actor=None, year=year)
        while job.status in (JobStatus.PENDING, JobStatus.RUNNING):
            time.sleep(0.5)
            job.refresh_from_db()
        seconds = time.perf_counter() - started
        usage = [_proc(proc.pid) for proc in procs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
    stored = EvaluationResult.objects.filter(job=job).count()
    verdicts = _verdicts(job)
    parts = Job.objects.filter(kind=PART, params__evaluation_job=job.pk)
    count = parts.count()
    for part in parts:
        if part.result:
            part.result.delete(save=False)
    Job.objects.filter(kind__in=[EVALUATE, PART], params__evaluation_job=job.pk).delete()
    EvaluationJob.objects.filter(pk=job.pk).delete()
    return {
        "seconds": round(seconds, 2),
        "workers": workers,
        "parts": count,
        "part_people": settings.THIDUA_EVALUATION_PART_PEOPLE,
        "status": job.status,
        "error": job.error,
        "results": stored,
        "cpu_seconds": [round(cpu - base, 2) for (cpu, _peak), base in zip(usage, before, strict=True)],
        "peak_mb": [round(peak, 1) for _cpu, peak in usage],
        "verdicts": verdicts,
    }


def phase_orm(year: int, sample: int) -> dict[str, Any]:
    _setup()
    from thidua.awards.facts import candidate_people
    from thidua.awards.rules import INDIVIDUAL_CODES, evaluate
    from thidua.orgs.models import Person

    ids = sorted(set(candidate_people(year).values_list("person_id", flat=True)))
    chosen = random.Random(1).sample(ids, min(sample, len(ids)))
    started = time.perf_counter()
    verdicts = 0
    for pk in chosen:
        person = Person.objects.get(pk=pk)
        unit_kind = person.positions.filter(end__isnull=True).values_list("unit__kind", flat=True).first()
        for code in INDIVIDUAL_CODES:
            if (code == "LDTT" and unit_kind == "armed_forces") or (
                code == "CSTT" and unit_kind != "armed_forces"
            ):
                continue
            evaluate(person, code, year)
            verdicts += 1
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "people": len(chosen),
        "population": len(ids),
        "verdicts": verdicts,
        "scaled_seconds": round(seconds * len(ids) / max(1, len(chosen)), 1),
        "peak_mb": round(_peak_mb(), 1),
    }


DUCKDB_TABLES = {
    "person": "SELECT id, gender FROM orgs_person",
    "position": 'SELECT person_id, unit_id FROM orgs_position WHERE "end" IS NULL',
    "unit": "SELECT id, kind FROM orgs_unit",
    "rating": "SELECT person_id, year, rating FROM awards_performancerating WHERE person_id IS NOT NULL",
    "award": "SELECT r.id, r.person_id, t.code, r.year, r.commendation_type FROM awards_awardrecord r "
    "JOIN awards_awardtype t ON t.id = r.award_type_id WHERE r.person_id IS NOT NULL",
    "initiative": "SELECT id, person_id, level, year, evidence FROM awards_initiative",
    "initiative_use": "SELECT initiative_id, award_record_id FROM awards_initiativeuse",
    "cases": "SELECT person_id, kind, opened_on, closed_on FROM awards_case WHERE person_id IS NOT NULL",
    "discipline": 'SELECT person_id, start, "end" FROM awards_discipline WHERE person_id IS NOT NULL',
}

DUCKDB_TYPES = {
    "person": {"id": "BIGINT", "gender": "VARCHAR"},
    "position": {"person_id": "BIGINT", "unit_id": "BIGINT"},
    "unit": {"id": "BIGINT", "kind": "VARCHAR"},
    "rating": {"person_id": "BIGINT", "year": "INTEGER", "rating": "VARCHAR"},
    "award": {
        "id": "BIGINT",
        "person_id": "BIGINT",
        "code": "VARCHAR",
        "year": "INTEGER",
        "commendation_type": "VARCHAR",
    },
    "initiative": {
        "id": "BIGINT",
        "person_id": "BIGINT",
        "level": "VARCHAR",
        "year": "INTEGER",
        "evidence": "VARCHAR",
    },
    "initiative_use": {"initiative_id": "BIGINT", "award_record_id": "BIGINT"},
    "cases": {"person_id": "BIGINT", "kind": "VARCHAR", "opened_on": "DATE", "closed_on": "DATE"},
    "discipline": {"person_id": "BIGINT", "start": "DATE", "end": "DATE"},
}

# LĐTT/CSTT, CSTĐCS and CSTĐ tỉnh for every person in one statement (R-IND-01, R-IND-02, R-IND-05,
# R-GEN-01, R-GEN-02, R-GEN-04, R-GEN-05); no maternity bridging, no explanations.
DUCKDB_QUERY = """
WITH p AS (
  SELECT person.id, unit.kind = 'armed_forces' AS armed FROM person
  JOIN position ON position.person_id = person.id JOIN unit ON unit.id = position.unit_id
),
blocked AS (SELECT DISTINCT person_id FROM cases WHERE kind <> 'inspection_routine'
            AND opened_on <= DATE '{on}' AND (closed_on IS NULL OR closed_on > DATE '{on}')),
tainted AS (SELECT DISTINCT person_id, y.year FROM discipline, range({first}, {year} + 1) y(year)
            WHERE start <= make_date(y.year, 12, 31) AND "end" >= make_date(y.year, 1, 1)),
free_init AS (SELECT i.person_id, i.level, i.year FROM initiative i
              WHERE i.evidence <> 'uncertified_copy'
              AND NOT EXISTS (SELECT 1 FROM initiative_use u WHERE u.initiative_id = i.id)),
cstdcs_rec AS (SELECT DISTINCT a.person_id, a.year FROM award a
               WHERE a.code = 'CSTDCS' AND a.commendation_type IN ('movement', 'merit')
               AND NOT EXISTS (SELECT 1 FROM tainted t WHERE t.person_id = a.person_id AND t.year = a.year)),
now_awards AS (SELECT person_id, bool_or(code IN ('LDTT', 'CSTT')) AS ldtt_rec, bool_or(code = 'LDTT') AS has_ldtt,
               bool_or(code = 'CSTT') AS has_cstt, bool_or(code = 'CSTDCS') AS has_cstdcs, bool_or(code = 'CSTD_TINH') AS has_tinh
               FROM award WHERE year = {year} GROUP BY person_id),
chain AS (SELECT person_id, count(*) FILTER (WHERE year IN ({year} - 2, {year} - 1)) AS before,
          bool_or(year = {year}) AS now_rec FROM cstdcs_rec GROUP BY person_id),
reused AS (SELECT DISTINCT person_id FROM award WHERE code = 'CSTD_TINH' AND year BETWEEN {year} - 2 AND {year} - 1),
inits AS (SELECT person_id, bool_or(year = {year}) AS now, bool_or(level IN ('province', 'national')
          AND year BETWEEN {year} - 2 AND {year}) AS province FROM free_init GROUP BY person_id),
v AS (
  SELECT p.id, p.armed,
    b.person_id IS NULL AND t.person_id IS NULL AS clean,
    coalesce(r.rating IN ('good', 'excellent'), false) AS rated_good,
    coalesce(r.rating = 'excellent', false) AS excellent,
    coalesce(i.now, false) AS init_now, coalesce(i.province, false) AS init_province,
    coalesce(n.ldtt_rec, false) AS ldtt_rec, coalesce(n.has_ldtt, false) AS has_ldtt, coalesce(n.has_cstt, false) AS has_cstt,
    coalesce(n.has_cstdcs, false) AS has_cstdcs, coalesce(n.has_tinh, false) AS has_tinh,
    coalesce(c.before, 0) AS chain_before, coalesce(c.now_rec, false) AS chain_now, u.person_id IS NOT NULL AS reused
  FROM p
  LEFT JOIN rating r ON r.person_id = p.id AND r.year = {year}
  LEFT JOIN blocked b ON b.person_id = p.id
  LEFT JOIN tainted t ON t.person_id = p.id AND t.year = {year}
  LEFT JOIN inits i ON i.person_id = p.id
  LEFT JOIN now_awards n ON n.person_id = p.id
  LEFT JOIN chain c ON c.person_id = p.id
  LEFT JOIN reused u ON u.person_id = p.id
),
w AS (SELECT *, clean AND (ldtt_rec OR rated_good) AND (excellent OR init_now) AND NOT has_cstdcs AS cstdcs FROM v)
SELECT count(*) FILTER (WHERE clean AND rated_good AND NOT armed AND NOT has_ldtt),
       count(*) FILTER (WHERE clean AND rated_good AND armed AND NOT has_cstt),
       count(*) FILTER (WHERE cstdcs),
       count(*) FILTER (WHERE clean AND chain_before = 2 AND (chain_now OR cstdcs) AND NOT reused AND init_province AND NOT has_tinh),
       count(*)
FROM w
"""


def phase_duckdb(year: int) -> dict[str, object]:
    """Copy the needed rows into an in-memory DuckDB (not timed), then time the one query."""
    _setup()
    import csv

    import duckdb
    from django.db import connection

    from thidua.awards.facts import HISTORY_YEARS

    con = duckdb.connect()
    copy_started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="thidua-duck-"))
    with connection.cursor() as cursor:
        for name, sql in DUCKDB_TABLES.items():
            cursor.execute(sql)
            columns = [c[0] for c in cursor.description]
            path = folder / f"{name}.csv"
            with path.open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                while rows := cursor.fetchmany(50000):
                    writer.writerows(rows)
            types = ", ".join(f"'{column}': '{kind}'" for column, kind in DUCKDB_TYPES[name].items())
            con.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true, nullstr = '', columns = {{{types}}})"
            )
    copy_seconds = time.perf_counter() - copy_started
    shutil.rmtree(folder)  # the CSV files, once DuckDB holds the tables
    query = DUCKDB_QUERY.format(year=year, first=year - HISTORY_YEARS, on=f"{year}-12-31")
    started, cpu = time.perf_counter(), _cpu()
    row = con.execute(query).fetchone()
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    assert row is not None
    counts = dict(zip(["LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "people"], row, strict=True))
    return {
        "query_seconds": round(seconds, 3),
        "query_cpu_seconds": round(cpu, 3),  # DuckDB runs the query on both cores
        "copy_seconds": round(copy_seconds, 1),
        "counts": counts,
        "peak_mb": round(_peak_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="province", choices=["tiny", "small", "province", "country"])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--sample", type=int, default=300, help="people evaluated by the per-person ORM baseline"
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the synthetic data")
    parser.add_argument(
        "--diff",
        action="store_true",
        help="compare every verdict with the per-person engine loop (not timed)",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated phases to skip: batch,decider,three,orm,duckdb,job,fanout",
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the fanout phase")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phases = {
            "generate": lambda: phase_generate(args.scale, args.fresh),
            "batch": lambda: phase_batch(args.year),
            "job": lambda: phase_job(args.year),
            "fanout": lambda: phase_fanout(args.year, args.workers),
            "decider": lambda: phase_decider(args.year),
            "three": lambda: phase_three(args.year),
            "diff": lambda: phase_diff(args.year),
            "orm": lambda: phase_orm(args.year, args.sample),
            "duckdb": lambda: phase_duckdb(args.year),
        }
        print("RESULT " + json.dumps(phases[args.phase](), default=str))
        return
    env = _environment(args.scale, args.db)
    if args.db == "postgres":
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c"]
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        if args.fresh:
            subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], capture_output=True, check=True)
        subprocess.run([*psql, f"CREATE DATABASE {name}"], capture_output=True, check=False)
    results: dict[str, dict[str, Any]] = {}
    skip = set(filter(None, args.skip.split(",")))
    for phase in ("generate", "batch", "decider", "three", "orm", "duckdb", "job", "fanout", "diff"):
        if phase in skip or (phase == "diff" and not args.diff):
            continue
        command = [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--scale",
            args.scale,
            "--year",
            str(args.year),
            "--sample",
            str(args.sample),
            "--workers",
            str(args.workers),
        ]
        if args.fresh and phase == "generate":
            command.append("--fresh")
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        line = next((row for row in out.stdout.splitlines() if row.startswith("RESULT ")), None)
        if line is None:
            print(out.stdout, out.stderr, file=sys.stderr)
            raise SystemExit(f"phase {phase} failed")
        results[phase] = json.loads(line[7:])
        print(f"{phase}: {results[phase]}", flush=True)
    _report(args, results)


def _report(args: argparse.Namespace, results: dict[str, dict[str, Any]]) -> None:
    job, fanout = results.get("job"), results.get("fanout")
    if job and fanout:
        print()
        print(
            f"A whole job, scale {args.scale}, {args.db}: one process {job['seconds']} s ({job['cpu_seconds']} s CPU, "
            f"peak RSS {job['peak_mb']} MB); {fanout['workers']} workers, {fanout['parts']} parts of "
            f"{fanout['part_people']:,} people: {fanout['seconds']} s (CPU {fanout['cpu_seconds']} s, peak RSS "
            f"{fanout['peak_mb']} MB), {job['seconds'] / fanout['seconds']:.2f}x; results {job['results']:,} / "
            f"{fanout['results']:,}; the same counts by title and status: {job['verdicts'] == fanout['verdicts']}"
        )
    batch = results.get("batch")
    if not batch:
        return
    print()
    print(f"Eligibility, every individual title for every person, {args.year}, scale {args.scale}, {args.db}")
    print(
        f"  engine (set-based batch): {batch['seconds']} s ({batch['cpu_seconds']} s CPU) for {batch['verdicts']:,} "
        f"verdicts, peak RSS {batch['peak_mb']} MB"
    )
    orm = results.get("orm")
    if orm:
        ratio = orm["scaled_seconds"] / batch["seconds"]
        print(
            f"  per-person ORM baseline: {orm['seconds']} s for {orm['people']} people -> {orm['scaled_seconds']} s "
            f"scaled to {orm['population']:,} people; the engine is {ratio:.0f}x faster"
        )
    decider = results.get("decider")
    if decider:
        print(
            f"  per-person engine loop (facts as objects, rules.decide_person person by person): {decider['seconds']} s "
            f"({decider['cpu_seconds']} s CPU) for {decider['verdicts']:,} verdicts, peak RSS {decider['peak_mb']} MB; the set-based batch is "
            f"{decider['seconds'] / batch['seconds']:.1f}x faster"
        )
    job = results.get("job")
    if job:
        print(
            f"  a whole job (every individual and collective title, results stored): {job['seconds']} s "
            f"({job['cpu_seconds']} s CPU in the client"
            + (
                f", {job['server_cpu_seconds']} s in the server"
                if job.get("server_cpu_seconds") is not None
                else ""
            )
            + ") for "
            f"{job['results']:,} results, peak RSS {job['peak_mb']} MB"
        )
    duck = results.get("duckdb")
    if duck:
        ratio = batch["seconds"] / duck["query_seconds"]
        print(
            f"  DuckDB hand-written query (3 titles, no explanations): {duck['query_seconds']} s "
            f"({duck['query_cpu_seconds']} s CPU), peak RSS "
            f"{duck['peak_mb']} MB; the engine takes {ratio:.0f}x as long"
        )
        print(f"  eligible counts, DuckDB {duck['counts']} vs engine {batch['eligible']}")
        three = results.get("three")
        if three:
            print(
                f"  set-based batch for the DuckDB query's titles (LĐTT and CSTT for everyone, CSTĐCS, CSTĐ tỉnh; "
                f"facts read from the database): {three['seconds']} s ({three['cpu_seconds']} s CPU) for {three['verdicts']:,} verdicts, peak RSS "
                f"{three['peak_mb']} MB; {three['seconds'] / duck['query_seconds']:.1f}x the DuckDB query"
            )
            # An added figure beside the one above (which stays the target's): the reference with its
            # copy of the rows out of the database (through CSV files into DuckDB, wall time), as the
            # batch's figure includes its own reads.
            with_copy = duck["copy_seconds"] + duck["query_seconds"]
            print(
                f"  the DuckDB reference including its copy of the rows ({duck['copy_seconds']} s, wall): "
                f"{with_copy:.2f} s; the set-based batch for its titles takes {three['seconds'] / with_copy:.2f}x that"
            )


if __name__ == "__main__":
    main()
