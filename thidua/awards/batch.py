"""Batch evaluation: every candidate of a unit, a block or the whole province for a year, for one or
all titles and forms, over facts loaded set-wise (a few queries per chunk of people, never one per
person), through the same rule functions as a single evaluation."""

from __future__ import annotations

import datetime
import gc
import itertools
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.types import Actor, user_or_none
from thidua.audit.services import record, snapshot
from thidua.awards.audit_actions import AwardAction
from thidua.awards.facts import (
    candidate_people,
    count_members,
    load_units,
    new_world,
    rows,
    unit_tree,
    year_end,
)
from thidua.awards.models import AwardType, EvaluationJob, EvaluationResult, JobStatus
from thidua.awards.rules import (
    COLLECTIVE_CODES,
    INDIVIDUAL_CODES,
    applies,
    context,
    decide_person,
    decide_unit,
    default_on,
    member_bits,
    priority,
    unit_priority,
)
from thidua.awards.setwise import Outcome, decide_people, load_columns, models_titles
from thidua.blocks.models import Membership
from thidua.jobs.services import enqueue
from thidua.lib.bulk import insert_rows
from thidua.orgs.models import Unit

logger = logging.getLogger(__name__)
EVALUATE = "awards.evaluate"  # the kind of job that runs an EvaluationJob
CHUNK = 25000
UNIT_GROUP = 300
MEMBER_CODES = ("TTLDTT", "TTLDXS")  # the collective titles that read their members' facts
RESULT_COLUMNS = (
    "job_id",
    "award_type_id",
    "person_id",
    "unit_id",
    "home_unit_id",
    "status",
    "failed",
    "priority",
)
SQLITE_ROWS = 500  # result rows per INSERT statement on SQLite (8 parameters each)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a chunk is loaded and decided. A chunk's facts are
    hundreds of thousands of small objects without cycles (reference counting frees them), which the
    collector would otherwise scan over and over while they are being created: about a third of the
    batch's time at province scale. It is process-wide, so it is switched back on after each chunk
    (and on any error), and only if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scope_units(year: int, *, unit: Unit | None = None, block: Any = None) -> list[int] | None:
    """The units of a scope (their whole trees); None for the whole province."""
    if unit is None and block is None:
        return None
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    trees = unit_tree(parents)
    if unit is not None:
        return trees[unit.pk]

    members = Membership.objects.filter(block_year__block=block, block_year__year=year).values_list(
        "unit_id", flat=True
    )
    return sorted({pk for member in members for pk in trees.get(member, [member])})


def units_of_year(year: int) -> list[int]:
    """Units active in some part of the year."""
    first, last = datetime.date(year, 1, 1), year_end(year)
    return list(
        Unit.objects.filter(Q(active_from__isnull=True) | Q(active_from__lte=last))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=first))
        .order_by("id")
        .values_list("id", flat=True)
    )


def count_candidates(year: int, unit_ids: list[int] | None) -> tuple[int, int]:
    people = candidate_people(year, unit_ids).values("person_id").distinct().count()
    units = len(unit_ids) if unit_ids is not None else len(units_of_year(year))
    return people, units


def evaluate_batch(
    year: int,
    *,
    on: datetime.date | None = None,
    unit_ids: list[int] | None = None,
    codes: list[str] | None = None,
    individuals: bool = True,
    collectives: bool = True,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
    id_range: tuple[int, int] | None = None,
    bits: dict[int, int] | None = None,
) -> Iterator[Outcome]:
    """Verdicts for every candidate of the scope (`unit_ids` None = the province), decided by the
    status path of the rules (`rules.decide_person`, `rules.decide_unit`: the same decisions as the
    explained verdict, not worded; the explanations are rebuilt on demand, one at a time).

    People are read in chunks of `chunk` ids, a few queries each, never one per person. When the titles
    of collectives that read their members are wanted (TTLĐTT, TTLĐXS), the same pass keeps a few bits
    per person, and the units' members are counted from them in one more query.

    A part of a job spread over the workers (`awards.fanout`) gives `id_range` (first, last): only the
    people with ids in it. `bits`, when given, is where the people pass keeps those bits (a part's,
    with `collectives=False`); without a people pass (`individuals=False`), the bits already decided
    by every part, from which the members are counted."""
    world = new_world(year)
    ctx = context(world, on or default_on(year))
    settings = ctx.settings
    person_codes = [c for c in (codes or INDIVIDUAL_CODES) if c in INDIVIDUAL_CODES] if individuals else []
    unit_codes = [c for c in (codes or COLLECTIVE_CODES) if c in COLLECTIVE_CODES] if collectives else []
    explicit = codes is not None
    needs_members = any(code in MEMBER_CODES for code in unit_codes)
    given = bits is not None
    keep_bits = needs_members or given
    bits = {} if bits is None else bits
    make = tuple.__new__  # `Outcome(...)` without the named tuple's Python-level `__new__`

    if person_codes or (needs_members and not given):
        candidates = candidate_people(year, unit_ids).order_by()
        if id_range is not None:
            candidates = candidates.filter(person_id__gte=id_range[0], person_id__lte=id_range[1])
        ids = sorted({pk for (pk,) in rows(candidates.values_list("person_id"))})
        # Which titles apply to a person depends on the kind of unit only (`rules.applies`).
        codes_by_kind: dict[str, list[str]] = {}
        everyone = not models_titles(ctx, person_codes)  # a version without declared rules
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            with collector_paused():
                # The set-based path (`setwise`) for every person whose facts its columns hold ...
                if unit_ids is None:
                    columns = load_columns(world, settings, id_range=(part[0], part[-1]), everyone=everyone)
                else:
                    columns = load_columns(world, settings, ids=part, everyone=everyone)
                yield from decide_people(
                    columns, ctx, person_codes, explicit=explicit, bits=bits if keep_bits else None
                )
                # ... and the rules' status path over the full facts of the others (cases, discipline,
                # maternity leave, or settings the columns do not model), read in the same pass.
                irregular = sorted(columns.irregular)
                people = columns.people
                del columns
                for pk in irregular:
                    person = people[pk]
                    applicable = codes_by_kind.get(person.unit_kind)
                    if applicable is None:
                        applicable = codes_by_kind[person.unit_kind] = [
                            code for code in person_codes if explicit or applies(code, person=person)
                        ]
                    rank = priority(person=person)
                    candidate = ("person", pk)
                    for code in applicable:
                        status, failed = decide_person(person, code, ctx)
                        yield make(Outcome, (candidate, code, status, failed, person.unit_id, rank))
                    if keep_bits:
                        bits[pk] = member_bits(person, ctx)
                del people
            if progress:
                progress(len(part))

    if unit_codes:
        all_units = unit_ids if unit_ids is not None else units_of_year(year)
        members = count_members(year, all_units, bits, scope=unit_ids)
        bits.clear()
        for start in range(0, len(all_units), UNIT_GROUP):
            group = all_units[start : start + UNIT_GROUP]
            units = load_units(world, settings, ids=group, members=False)
            for pk in group:
                facts = units[pk]
                counted = members[pk]
                rank = unit_priority(counted.women, counted.total)
                for code in unit_codes:
                    if explicit or applies(code, unit=facts):
                        status, failed = decide_unit(facts, code, ctx, counted)
                        yield make(Outcome, (("unit", pk), code, status, failed, pk, rank))
            if progress:
                progress(len(group))


# -- jobs -----------------------------------------------------------------------------------------------


def store_results(rows: list[tuple[Any, ...]]) -> None:
    """Insert result rows (values in the order of `RESULT_COLUMNS`) in one transaction: COPY on
    PostgreSQL (`insert_rows`); on SQLite, INSERT statements of `SQLITE_ROWS` rows each. SQLite's
    `executemany` steps and resets its statement and binds its parameters once per row; one statement
    per 500 rows halves the CPU of storing a province job's 721,007 results (6.3 s to 3.2 s, with the
    table's seven indexes, which take most of what is left). No model code runs (no `save()`, no
    signals): the results need none."""
    table = EvaluationResult._meta.db_table
    if connection.vendor != "sqlite":
        insert_rows(table, RESULT_COLUMNS, rows)
        return
    names = ", ".join(f'"{column}"' for column in RESULT_COLUMNS)
    one = "(" + ", ".join("?" * len(RESULT_COLUMNS)) + ")"
    flat = itertools.chain.from_iterable
    with transaction.atomic():
        raw = connection.connection  # the open sqlite3 connection, inside the transaction just begun
        # Fewer rows per statement where SQLite was built with a lower limit of parameters (999 before 3.32).
        size = min(SQLITE_ROWS, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(RESULT_COLUMNS))
        many = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * size)  # noqa: S608
        full = len(rows) - len(rows) % size
        for start in range(0, full, size):
            raw.execute(many, list(flat(rows[start : start + size])))
        if full < len(rows):
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", rows[full:])  # noqa: S608


@transaction.atomic
def start_job(
    *,
    actor: Actor,
    year: int,
    on: datetime.date | None = None,
    unit: Unit | None = None,
    block: Any = None,
    award_type: AwardType | None = None,
    run: bool = True,
) -> EvaluationJob:
    """Create a batch job and put it on the queue (`thidua.jobs`, kind "awards.evaluate", see
    `awards/jobs.py`); `run=False` leaves it to the caller (the command runs it in the foreground)."""
    job = EvaluationJob.objects.create(
        year=year,
        on=on or default_on(year),
        unit=unit,
        block=block,
        award_type=award_type,
        created_by=user_or_none(actor),
    )
    record(actor=actor, action=AwardAction.EVALUATIONJOB_START, obj=job, after=snapshot(job))
    if run:
        enqueue(EVALUATE, actor=actor, evaluation_job=job.pk)
        job.refresh_from_db()
    return job


def run_job(job_id: int, *, echo: Callable[[EvaluationJob], None] | None = None) -> EvaluationJob:
    """Evaluate the job's scope, storing each verdict; progress is saved after every chunk."""
    job = EvaluationJob.objects.select_related("unit", "block", "award_type").get(pk=job_id)
    unit_ids = scope_units(job.year, unit=job.unit, block=job.block)
    people, units = count_candidates(job.year, unit_ids)
    job.status, job.total, job.done = JobStatus.RUNNING, people + units, 0
    job.save(update_fields=["status", "total", "done"])
    types = dict(AwardType.objects.values_list("code", "id"))
    codes = [job.award_type.code] if job.award_type else None
    buffer: list[tuple[Any, ...]] = []
    job_id = job.pk

    def progress(n: int) -> None:
        # A chunk's rows and the progress in one transaction (one commit, synchronous on SQLite).
        with transaction.atomic():
            store_results(buffer)
            job.done = min(job.total, job.done + n)
            if not EvaluationJob.objects.filter(pk=job.pk).update(done=job.done):
                # Deleted meanwhile: its rows are not kept (the results' key to the job has no
                # database constraint to refuse them).
                raise EvaluationJob.DoesNotExist(job.pk)
        buffer.clear()
        if echo:
            echo(job)

    try:
        add = buffer.append
        # Plain rows rather than model instances (a province job stores about 720,000 results), from
        # the outcome's fields unpacked (`Outcome`'s order).
        for (kind, pk), code, status, failed, home_unit_id, rank in evaluate_batch(
            job.year, on=job.on, unit_ids=unit_ids, codes=codes, progress=progress
        ):
            person = kind == "person"
            add(
                (
                    job_id,
                    types[code],
                    pk if person else None,
                    None if person else pk,
                    home_unit_id,
                    status,
                    failed[:200],
                    rank,
                )
            )
        with transaction.atomic():  # the last rows (if any after the last progress) and "done"
            if buffer:
                store_results(buffer)
            if not EvaluationJob.objects.filter(pk=job.pk).update(
                status=JobStatus.DONE, done=job.total, finished_at=timezone.now()
            ):
                raise EvaluationJob.DoesNotExist(job.pk)
    except Exception as exc:  # a failed job says why on its page instead of staying "running"
        logger.exception("Evaluation job %s failed", job.pk)
        EvaluationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    if echo:
        echo(job)
    return job
