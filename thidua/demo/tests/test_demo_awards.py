"""The demo's award history: for 2025, eligible and not-eligible candidates of the titles, explained,
a Chiến sĩ thi đua tỉnh candidate and a Cờ thi đua candidate that follows from a leading unit."""

from __future__ import annotations

from thidua.awards.models import EvaluationJob, EvaluationResult, JobStatus
from thidua.awards.rules import evaluate
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
        assert "not_eligible" in found, code
        assert found & {"eligible", "needs_check"}, code


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
