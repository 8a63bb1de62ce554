"""Who may do what with certificates: the board sets up the layouts and printers and prints the
certificates of an issued decision (proposals' `get_decision_for_user(write=True)`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.certificates.models import CertificateLayout, Printer
from thidua.proposals.models import Decision
from thidua.proposals.permissions import get_decision_for_user


def manages_certificates(user: Actor) -> bool:
    return perms.is_board(user)


def get_layout_for_user(user: Actor, pk: int) -> CertificateLayout:
    perms.require(manages_certificates(user))
    return get_object_or_404(CertificateLayout.objects.select_related("award_type"), pk=pk)


def get_printer_for_user(user: Actor, pk: int) -> Printer:
    perms.require(manages_certificates(user))
    return get_object_or_404(Printer, pk=pk)


def get_printable_decision_for_user(user: Actor, pk: int) -> Decision:
    return get_decision_for_user(user, pk, write=True)
