from __future__ import annotations

from typing import Any

from django import template

from thidua.certificates.models import Printer

register = template.Library()


@register.simple_tag
def certificate_printers() -> Any:
    """The printers offered by the "Print the certificates" button of a decision's page."""
    return Printer.objects.all()
