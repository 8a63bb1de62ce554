"""The demo's certificates (issue 10 item 9): the usual layouts (Bằng khen A3, Giấy khen and CSTĐCS
A4), a printer, and the certificates of seed 002's Bằng khen decision 356/QĐ-UBND printed: its sổ
vàng numbers given and the job that draws its PDF started."""

from __future__ import annotations

from decimal import Decimal

from thidua.accounts.models import User
from thidua.certificates import services
from thidua.certificates.models import CertificateNumber, Printer
from thidua.proposals.models import Decision, DecisionStatus

DEMO_DECISION = "356/QĐ-UBND"


def load_certificates_demo() -> int:
    """How many decisions had their certificates printed (0 when the demo already has them)."""
    board = User.objects.get(username="bantdkt")
    services.create_default_layouts(actor=board)
    printer = Printer.objects.filter(name="Máy in Ban TĐKT").first() or services.save_printer(
        actor=board, name="Máy in Ban TĐKT", dx_mm=Decimal("0.5"), dy_mm=Decimal("-1.0")
    )
    decision = Decision.objects.filter(number=DEMO_DECISION, status=DecisionStatus.ISSUED).first()
    if decision is None or CertificateNumber.objects.filter(decision=decision).exists():
        return 0
    services.print_decision_certificates(actor=board, decision=decision, printer=printer)
    return 1
