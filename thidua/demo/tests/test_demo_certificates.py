"""A decision of the demo prints its certificates (issue 10 item 9)."""

from __future__ import annotations

from pypdf import PdfReader

from thidua.certificates.models import CertificateLayout, CertificateNumber
from thidua.demo.tests.test_demo import _demo_loaded, demo  # noqa: F401  (the module-scoped demo)
from thidua.jobs.models import Job
from thidua.proposals.models import Decision


def test_the_bang_khen_decision_of_seed_002_prints_a_page_per_collective(demo) -> None:  # noqa: F811
    assert CertificateLayout.objects.filter(award_type__code="BK_TINH").count() == 2
    decision = Decision.objects.get(number="356/QĐ-UBND")
    numbers = list(CertificateNumber.objects.filter(decision=decision).values_list("number", flat=True))
    assert numbers == [1, 2]
    job = Job.objects.get(kind="certificates.decision", params__decision_id=decision.pk)
    assert job.status == "done", job.error
    with job.result.open("rb") as handle:
        pages = [page.extract_text() for page in PdfReader(handle).pages]
    assert len(pages) == 2
    assert "Số sổ vàng: 01" in pages[0] and "Số sổ vàng: 02" in pages[1]
    assert all("Số: 356/QĐ-UBND, ngày 15/03/2024" in page for page in pages)
