"""No server error on bad input (issue 11, item 6): a bounded, deterministic schemathesis run over
every operation of the API schema, as the board officer and as a unit officer, with valid and
invalid data; no answer may be a 5xx.

Each operation gets a few examples of each kind (derandomised, so a run is repeatable): this is a
net under CI, not a fuzzing campaign; `schemathesis run` against a server goes further.
"""

from __future__ import annotations

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

EXAMPLES = 3


def _schema() -> Any:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def _server_errors(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    found: list[str] = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        if response.status_code >= 500:
            found.append(
                f"{case.method} {case.formatted_path} {case.path_parameters} {case.query} "
                f"{case.body!r:.200} -> {response.status_code}"
            )

    try:
        run()
    except Unsatisfiable:  # nothing invalid can be made for an operation without parameters
        assert mode == GenerationMode.NEGATIVE
    return found


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request; Django's test client
    stops it from doing so, and so must a test that calls the application itself."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", ["board", "member"])
def test_no_operation_answers_a_server_error(world, persona, settings, _keep_the_test_connection) -> None:
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    token = Token.objects.create(user=world.user(persona))
    headers = {"Authorization": f"Token {token.key}"}
    errors: list[str] = []
    operations = 0
    for result in _schema().get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            errors += _server_errors(operation, mode, headers)
    assert operations > 90
    assert not errors, "\n".join(errors[:60])
