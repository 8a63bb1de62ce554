"""Template tags of the council, for the pages of other apps (the dossier page's link to its session)."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.accounts.types import Actor
from thidua.council.models import CouncilSession
from thidua.council.permissions import can_read

register = template.Library()


@register.simple_tag
def council_sessions_of(dossier: Any, user: Actor) -> list[dict[str, Any]]:
    """The sessions a dossier's lines were put before, each with whether the viewer may open its page."""
    sessions = (
        CouncilSession.objects.filter(lines__dossier_line__dossier=dossier)
        .select_related("council")
        .distinct()
        .order_by("date", "id")
    )
    readable = can_read(user)
    return [{"session": s, "link": readable} for s in sessions]
