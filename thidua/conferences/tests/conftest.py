"""Every result a conferences test stores goes through `PollResult` and back unchanged (issue 14
item 5): the types cover every shape the count, the paper count and the acclamation write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_save

from thidua.conferences.models import Poll
from thidua.conferences.results import PollResult

STORED_RESULTS: list[dict[str, Any]] = []


@pytest.fixture(autouse=True)
def every_stored_result_round_trips() -> Iterator[None]:
    seen: list[dict[str, Any]] = []

    def collect(sender: Any, instance: Poll, **kwargs: Any) -> None:
        if instance.result is not None:  # as the JSON column gives it back
            seen.append(json.loads(json.dumps(instance.result, cls=DjangoJSONEncoder)))

    post_save.connect(collect, sender=Poll, weak=False, dispatch_uid="conferences-result-round-trip")
    try:
        yield
    finally:
        post_save.disconnect(sender=Poll, dispatch_uid="conferences-result-round-trip")
    for data in seen:
        typed = PollResult.from_json(data)
        assert typed.to_json() == data
        assert PollResult.from_json(typed.to_json()) == typed
    STORED_RESULTS.extend(seen)
