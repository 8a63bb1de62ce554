"""The batch equals the single evaluation for every candidate, on generated data; it reads the history
set-wise (the number of queries does not grow with the number of candidates)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.batch import evaluate_batch, scope_units
from thidua.awards.rules import evaluate
from thidua.awards.synthetic import SCALES, Scale, generate
from thidua.orgs.models import Person, Unit


@pytest.fixture
def generated(db):
    return generate(SCALES["tiny"], seed=7)


def test_batch_equals_single_for_every_candidate(generated) -> None:
    outcomes = list(evaluate_batch(2025, chunk=25))
    people = {p.pk: p for p in Person.objects.all()}
    units = {u.pk: u for u in Unit.objects.all()}
    assert len({o.verdict.candidate for o in outcomes if o.verdict.candidate[0] == "person"}) == len(people)
    statuses = set()
    for outcome in outcomes:
        kind, pk = outcome.verdict.candidate
        candidate = people[pk] if kind == "person" else units[pk]
        single = evaluate(candidate, outcome.verdict.code, 2025)
        assert single.signature() == outcome.verdict.signature(), (kind, pk, outcome.verdict.code)
        statuses.add((outcome.verdict.code, outcome.verdict.status))
    # The generated history yields both answers for the main titles.
    for code in ("LDTT", "CSTDCS", "TTLDTT"):
        assert {(code, "eligible"), (code, "not_eligible")} <= statuses, code


def test_a_unit_scope_gives_the_same_verdicts_as_the_province(generated) -> None:
    agency = Unit.objects.filter(code="SYN-0").get()
    ids = scope_units(2025, unit=agency)
    scoped = {
        (o.verdict.candidate, o.verdict.code): o.verdict.signature()
        for o in evaluate_batch(2025, unit_ids=ids)
    }
    everything = {(o.verdict.candidate, o.verdict.code): o.verdict.signature() for o in evaluate_batch(2025)}
    assert scoped and all(everything[key] == value for key, value in scoped.items())


def test_batch_queries_do_not_grow_with_candidates(db) -> None:
    generate(Scale(40, 12, 2020, 2025), seed=1)
    with CaptureQueriesContext(connection) as small:
        list(evaluate_batch(2025))
    generate(Scale(400, 12, 2020, 2025), seed=2, prefix="MORE")
    with CaptureQueriesContext(connection) as large:
        list(evaluate_batch(2025))
    assert Person.objects.count() == 440
    assert len(large.captured_queries) == len(small.captured_queries)
