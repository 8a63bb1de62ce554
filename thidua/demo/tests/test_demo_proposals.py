"""The demo takes the seed articles' proposals through the workflow: every state seen, the awards in
the history."""

from __future__ import annotations

from thidua.awards.models import AwardRecord
from thidua.demo.proposals import RETURN_REASON, UNIT_DOSSIERS
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the module-scoped demo)
from thidua.proposals.checklist import missing_papers
from thidua.proposals.models import Decision, Dossier, DossierStatus


def test_seed_dossiers_are_decided_and_their_awards_in_the_history(demo) -> None:  # noqa: F811
    seed_001 = Dossier.objects.get(block_year__block__code="QNA-KDANG", block_year__year=2021)
    seed_002 = Dossier.objects.get(block_year__block__code="S2-KTMTH", block_year__year=2023)
    assert seed_001.status == seed_002.status == DossierStatus.DECIDED
    steps = [t.to_status for t in seed_002.transitions.all()]
    assert steps[:5] == ["submitted", "received", "returned", "resubmitted", "received"]
    assert seed_002.version == 2 and seed_002.lines.filter(version=1).count() == 3
    flags = AwardRecord.objects.filter(award_type__code="CO_TD_CP", decision_line__isnull=False)
    assert sorted((r.unit.code, r.decision_number) for r in flags) == [
        ("QNA-VPTU", "812/QĐ-TTg"),
        ("S2-STC", "645/QĐ-TTg"),
    ]
    assert AwardRecord.objects.get(
        unit__code="QNA-BTC", award_type__code="CO_TD_TINH", year=2021
    ).decision_number == ("1025/QĐ-UBND")
    bang_khen = Decision.objects.get(number="356/QĐ-UBND")
    # R-MONEY-01: Bằng khen tỉnh for a collective, 3.0 × 1,800,000 (base salary on 15/03/2024)
    assert [line.amount for line in bang_khen.lines.all()] == [5_400_000, 5_400_000]
    assert sorted(r.unit.code for r in AwardRecord.objects.filter(decision_line__decision=bang_khen)) == [
        "S2-SKHDT",
        "S2-VPUB",
    ]


def test_every_state_of_the_workflow_is_in_the_demo(demo) -> None:  # noqa: F811
    """Issue 9 item 12: the inbox shows a dossier in each state; the stopped ones keep their steps."""
    assert set(Dossier.objects.values_list("status", flat=True)) == set(DossierStatus.values)
    nha_trang = Dossier.objects.filter(proposing_unit__code__startswith="NT-", year=2025)
    assert nha_trang.count() == len(UNIT_DOSSIERS)
    draft = nha_trang.get(status=DossierStatus.DRAFT)
    assert missing_papers(draft)  # the unit still has papers to attach
    returned = nha_trang.get(status=DossierStatus.RETURNED)
    assert returned.transitions.values_list("reason", flat=True).last() == RETURN_REASON
    resubmitted = nha_trang.get(status=DossierStatus.RESUBMITTED)
    assert resubmitted.version == 2 and not missing_papers(resubmitted)
    rejected = nha_trang.get(status=DossierStatus.REJECTED)
    assert str(rejected.transitions.values_list("reason", flat=True).last()).startswith("Hồ sơ gửi sai cấp")
    assert nha_trang.get(status=DossierStatus.UNDER_REVIEW).current_lines().get().appraisal == "eligible"
