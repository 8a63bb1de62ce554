"""Who may use the documents pages.

- Board officers and administrators: the templates (download, upload) and the whole number register.
- A unit officer: the register of numbers its own unit and sub-units issued (read only).
- Everyone else: nothing (403).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.documents.contexts import TemplateKind
from thidua.documents.models import IssuedNumber
from thidua.documents.styles import DocumentStyle
from thidua.orgs.models import Unit


def get_template_slot_for_user(user: Actor, kind: str, style: str, *, write: bool = False) -> tuple[str, str]:
    """The (kind, style) of a template page: 404 for a paper or format that does not exist, 403 for
    anyone but the board (templates are the board's, read and write)."""
    if kind not in TemplateKind.values or style not in DocumentStyle.values:
        raise Http404
    perms.require(perms.is_board(user))
    return kind, style


def can_manage_templates(user: Actor) -> bool:
    return perms.is_board(user)


def numbers_visible_to(user: Actor) -> QuerySet[IssuedNumber]:
    """The register rows the user may read; 403 for a user who may read none."""
    numbers = IssuedNumber.objects.select_related("issuer", "issued_by")
    if perms.sees_everything(user):
        return numbers
    perms.require(perms.is_unit_officer(user))
    return numbers.filter(issuer_id__in=Unit.objects.own_ids(user))
