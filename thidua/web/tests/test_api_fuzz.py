"""No server error on bad input (issue 11, item 6): a bounded, deterministic schemathesis run over
every operation of the API schema, as the board officer and as a unit officer, with valid and
invalid data; no answer may be a 5xx.

Each operation gets a few examples of each kind (derandomised, so a run is repeatable): this is a
net under CI, not a fuzzing campaign; `schemathesis run` against a server goes further.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.generation.modes import GenerationMode

# Examples per operation and kind (valid, invalid data), with the id of a real record where the
# operation has one; an operation on a record of a kind not built here gets invalid data only.
EXAMPLES = 1


def _schema() -> Any:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def _server_errors(
    operation: Any,
    mode: GenerationMode,
    logins: list[dict[str, str]],
    ids: dict[str, Any] | None,
    examples: int,
) -> list[str]:
    found: list[str] = []
    strategy = operation.as_strategy(generation_mode=mode, **({"path_parameters": ids} if ids else {}))

    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        # Each example is sent as each persona: generating the cases is most of the cost.
        for headers in logins:
            response = case.call(headers=headers)
            if response.status_code < 500:
                continue
            found.append(
                f"{headers['Authorization'][:12]} {case.method} {case.formatted_path} {case.path_parameters} "
                f"{case.query} {case.body!r:.200} -> {response.status_code}"
            )

    try:
        run()
    except Unsatisfiable:  # nothing invalid can be made for an operation without parameters
        assert mode == GenerationMode.NEGATIVE
    return found


def _records(world: Any) -> dict[str, Any]:
    """{the first segment of a path: the id of a record of it}, so that examples reach real records
    (with random ids nearly every request would stop at a 404)."""
    from thidua.awards.models import AwardRecord, EvaluationJob
    from thidua.conferences.models import Conference, Participant
    from thidua.conferences.tests.helpers import open_ranking
    from thidua.scoring.models import Covenant, Criterion, Scorecard, ScoringTable
    from thidua.web.tests.test_export_visibility import _downloads

    _downloads(world)
    conference = Conference.objects.get(block_year=world.block_year)
    poll = open_ranking(world, conference)
    found = {
        "units": world.member_unit.pk,
        "people": world.member_person.pk,
        "blocks": world.block.pk,
        "block-years": world.block_year.pk,
        "conferences": conference.pk,
        "polls": poll.pk,
        "participants": Participant.objects.filter(conference=conference).first(),
        "award-types": "LDTT",
        "award-records": AwardRecord.objects.first(),
        "eligibility-jobs": EvaluationJob.objects.first(),
        "scoring-tables": ScoringTable.objects.first(),
        "criteria": Criterion.objects.first(),
        "covenants": Covenant.objects.first(),
        "scorecards": Scorecard.objects.filter(unit=world.member_unit).first(),
    }
    return {key: getattr(value, "pk", value) for key, value in found.items() if value is not None}


def _real_ids(path: str, records: dict[str, Any]) -> dict[str, Any] | None:
    """The path parameters of a real record for an operation on one record, else None."""
    names = re.findall(r"{(\w+)}", path)
    segment = path.removeprefix("/api/v1/").split("/")[0]
    if len(names) != 1 or segment not in records:
        return None
    return {names[0]: records[segment]}


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request; Django's test client
    stops it from doing so, and so must a test that calls the application itself."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error_to_the_board_or_a_unit_officer(
    world, settings, _keep_the_test_connection
) -> None:
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    logins = [
        {"Authorization": f"Token {Token.objects.create(user=world.user(persona)).key}"}
        for persona in ("board", "member")
    ]
    errors: list[str] = []
    operations = 0
    records = _records(world)
    for result in _schema().get_all_operations():
        operation = result.ok()
        operations += 1
        ids = _real_ids(operation.path, records)
        if ids is not None or "{" not in operation.path:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                errors += _server_errors(operation, mode, logins, ids, EXAMPLES)
        else:
            errors += _server_errors(operation, GenerationMode.NEGATIVE, logins, None, EXAMPLES)
    assert operations > 90
    assert not errors, "\n".join(errors[:60])
