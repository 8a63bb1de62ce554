"""Search across everything from the navigation bar (issue 15 item 6): units, people, blocks,
conferences, dossiers and decisions, accent-insensitive, each result saying what it is, and only what
the user may read (each app's own visibility door).

Units, people and blocks match on their indexed `name_search` column (``lib.vietnamese.search_key``).
Conferences, dossiers and decisions have no such column: their few text fields are keyed here, over the
rows the user may read (a province holds some thousands of them over ten years, a few milliseconds).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thidua.accounts.types import Actor
from thidua.blocks.models import Block
from thidua.conferences.models import Conference
from thidua.lib.vietnamese import search_key
from thidua.orgs.models import Person, Unit
from thidua.proposals.models import Dossier
from thidua.proposals.permissions import decisions_visible_to

LIMIT = 10


@dataclass
class Hit:
    label: str
    detail: str
    url: str


@dataclass
class Group:
    kind: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


def _keyed(rows: Iterable[tuple[Any, ...]], key: str) -> list[int]:
    """The ids of the rows (id first, then texts) whose texts contain `key` without diacritics."""
    found = []
    for row in rows:
        if any(text and key in search_key(str(text)) for text in row[1:]):
            found.append(row[0])
    return found


def _group(kind: str, hits: list[Hit]) -> Group:
    return Group(kind=kind, hits=hits[:LIMIT], more=len(hits) > LIMIT)


def search_everything(user: Actor, text: str) -> list[Group]:
    """The groups with at least one hit, in a fixed order; nothing for fewer than two letters."""
    text = text.strip()
    key = search_key(text)
    if len(key) < 2 and not text.isdecimal():
        return []
    groups = [
        _group(
            _("Units"),
            [
                Hit(str(u), u.get_kind_display(), reverse("orgs:unit_detail", args=[u.pk]))
                for u in Unit.objects.visible_to(user).search(text)[: LIMIT + 1]
            ],
        ),
        _group(
            _("People"),
            [
                Hit(str(p), _("Person"), reverse("orgs:person_detail", args=[p.pk]))
                for p in Person.objects.visible_to(user).search(text)[: LIMIT + 1]
            ],
        ),
        _group(
            _("Blocks"),
            [
                Hit(str(b), b.get_kind_display(), reverse("blocks:block_detail", args=[b.pk]))
                for b in Block.objects.visible_to(user).search(text)[: LIMIT + 1]
            ],
        ),
        _conferences(user, key),
        _dossiers(user, key),
        _decisions(user, key),
    ]
    return [g for g in groups if g.hits]


def _conferences(user: Actor, key: str) -> Group:
    visible = Conference.objects.visible_to(user)
    ids = _keyed(visible.values_list("id", "title", "place", "block_year__block__name"), key)
    rows = visible.filter(id__in=ids[: LIMIT + 1]).select_related("block_year__block").order_by("-pk")
    hits = []
    for c in rows:
        when = date_format(c.starts_at, "SHORT_DATE_FORMAT") if c.starts_at else _("date unknown")
        hits.append(
            Hit(
                c.title,
                _("Conference of %(block)s, %(when)s") % {"block": c.block_year.block, "when": when},
                reverse("conferences:detail", args=[c.pk]),
            )
        )
    return _group(_("Conferences"), hits)


def _dossiers(user: Actor, key: str) -> Group:
    visible = Dossier.objects.visible_to(user)
    ids = _keyed(visible.values_list("id", "title", "proposing_unit__name"), key)
    rows = visible.filter(id__in=ids[: LIMIT + 1]).select_related("proposing_unit").order_by("-pk")
    hits = [
        Hit(
            d.title,
            _("Dossier of %(unit)s, %(status)s")
            % {"unit": d.proposing_unit, "status": d.get_status_display()},
            reverse("proposals:dossier", args=[d.pk]),
        )
        for d in rows
    ]
    return _group(_("Dossiers"), hits)


def _decisions(user: Actor, key: str) -> Group:
    visible = decisions_visible_to(user)
    ids = _keyed(visible.values_list("id", "number", "authority", "award_type__name"), key)
    rows = visible.filter(Q(id__in=ids[: LIMIT + 1])).select_related("award_type").order_by("-date", "-pk")
    hits = [
        Hit(
            _("Decision %(number)s") % {"number": d.number or _("without a number")},
            f"{d.award_type.name} · {date_format(d.date, 'SHORT_DATE_FORMAT') if d.date else ''}".strip(" ·"),
            reverse("proposals:decision", args=[d.pk]),
        )
        for d in rows
    ]
    return _group(_("Decisions"), hits)
