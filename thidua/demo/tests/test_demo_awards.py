"""The demo's award history: for 2025, eligible and not-eligible candidates of the titles, explained,
a Chiến sĩ thi đua tỉnh candidate and a Cờ thi đua candidate that follows from a leading unit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.awards.models import (
    AwardRecord,
    AwardType,
    EvaluationJob,
    EvaluationResult,
    JobStatus,
    PerformanceRating,
)
from thidua.awards.rules import evaluate
from thidua.demo.awards import _history
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the module-scoped demo)
from thidua.orgs.models import Person, Unit


def test_a_province_batch_of_2025_is_ready_with_both_verdicts(demo) -> None:  # noqa: F811
    job = EvaluationJob.objects.get(year=2025, unit=None, block=None, award_type=None)
    assert job.status == JobStatus.DONE and job.done == job.total > 0
    statuses = {
        code: set(
            EvaluationResult.objects.filter(job=job, award_type__code=code).values_list("status", flat=True)
        )
        for code in ("LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS")
    }
    for code, found in statuses.items():
        assert found & {"eligible", "needs_check"}, code
        if code != "TTLDTT":
            assert "not_eligible" in found, code
    # Issue 12 item 8: the demo's units that fall short of TTLĐTT only miss their own 2025 rating
    # ("no rating recorded"), which needs a human check, never a refusal.
    assert statuses["TTLDTT"] == {"eligible", "needs_check"}


def test_the_provincial_emulation_fighter_candidate_is_explained(demo) -> None:  # noqa: F811
    person = Person.objects.filter(positions__unit__code="TQ-BCHQS", positions__title="Phó Giám đốc").first()
    assert person is not None
    verdict = evaluate(person, "CSTD_TINH", 2025)
    assert verdict.status in ("eligible", "needs_check")
    assert "R-IND-05" in {c.rule for c in verdict.conditions}
    assert verdict.records  # the explanation names the records it used


def test_the_flag_follows_the_blocks_leading_unit(demo) -> None:  # noqa: F811
    leading = evaluate(Unit.objects.get(code="TQ-BCHQS"), "CO_TD_TINH", 2025)
    second = evaluate(Unit.objects.get(code="TQ-CA"), "CO_TD_TINH", 2025)
    assert leading.status == "needs_check" and second.status == "not_eligible"
    assert "R-COL-03" in second.failed_rules


def test_the_demos_own_history_path_still_refuses_what_the_rules_refuse(demo) -> None:  # noqa: F811
    """The demo writes its history without full_clean's per-row queries; the database's constraints
    and the rows' own field and recipient rules still refuse a bad row, and nothing is written."""
    rating = PerformanceRating.objects.filter(person__isnull=False).first()
    assert rating is not None
    before = (PerformanceRating.objects.count(), AwardRecord.objects.count())
    with pytest.raises(IntegrityError), transaction.atomic():  # a second rating of that year
        _history(PerformanceRating, person=rating.person, year=rating.year, rating="good")
    with pytest.raises(IntegrityError), transaction.atomic():  # a rating owned by nobody
        _history(PerformanceRating, year=2024, rating="good")
    with pytest.raises(ValidationError) as wrong:
        _history(PerformanceRating, person=rating.person, year=1800, rating="brilliant")
    assert set(wrong.value.message_dict) == {"year", "rating"}
    with pytest.raises(ValidationError) as recipient:  # Lao động tiên tiến is for a person
        _history(
            AwardRecord,
            unit=Unit.objects.get(code="TQ-CA"),
            award_type=AwardType.objects.get(code="LDTT"),
            year=2024,
        )
    assert "award_type" in recipient.value.message_dict
    assert (PerformanceRating.objects.count(), AwardRecord.objects.count()) == before
