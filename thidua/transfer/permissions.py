"""Who may use which list, and what an export holds for them.

- Board officers and administrators: every list, everything in them.
- Unit officers: the people list only, for their own unit and its sub-units (the people they may
  add on the pages); an import row for another unit is refused by the sheet, through
  `can_write_people_of`.
- Everyone else (delegates, observers): nothing; observers read the lists on the pages, where
  personal identifiers are hidden from them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.blocks.models import BlockYear
from thidua.orgs.models import Person, Position, Unit
from thidua.transfer.sheets import SHEETS, Sheet


def sheets_for_user(user: Actor) -> list[Sheet]:
    """The lists the user may download, export and import, in page order."""
    if perms.is_board(user):
        return list(SHEETS.values())
    if perms.is_unit_officer(user):
        return [SHEETS["people"]]
    return []


def get_sheet_for_user(user: Actor, kind: str) -> Sheet:
    """404 for a list that does not exist; 403 for one the user may not use."""
    if kind not in SHEETS:
        raise Http404
    sheet = SHEETS[kind]
    perms.require(sheet in sheets_for_user(user))
    return sheet


def export_queryset(user: Actor, kind: str) -> Any:
    """What the user's export holds: the visible records, and for a unit officer only its own people.

    A unit officer's export is what it may import back: people whose current position is in its
    unit or a sub-unit (a block leader officer also sees its members' people, but only reads them).
    """
    if kind == "units":
        return Unit.objects.visible_to(user).order_by("code")
    if kind in ("memberships", "blockyears", "conferences", "results"):
        return BlockYear.objects.visible_to(user)
    people = Person.objects.visible_to(user).order_by("name_sort", "id")
    if perms.is_board(user):
        return people
    current = Position.objects.filter(
        person=OuterRef("pk"), end__isnull=True, unit_id__in=Unit.objects.own_ids(user)
    )
    return people.filter(Exists(current))
