"""The province's own catalogue (issue 12 item 7) at the engine's door: a local name of a legal title or
form is evaluated as the legal one; an entry the engine has no rules for (a sector flag, a Party award,
a Huân chương, ...) answers "needs a human check" with what people check.
"""

from __future__ import annotations

import datetime
from typing import Any

from thidua.awards.models import AwardType
from thidua.awards.rules import CHECK, NEEDS_CHECK, Condition, Verdict
from thidua.orgs.models import Unit


def legal_code_or_verdict(
    candidate: Any, code: str, year: int, on: datetime.date
) -> tuple[str, Verdict | None]:
    """(the code the engine evaluates, None), or (`code`, the verdict of an entry without rules)."""
    award_type = AwardType.objects.filter(code=code).select_related("legal_form").first()
    if award_type is None or not award_type.is_local:
        return code, None
    if award_type.legal_form_id:
        return award_type.legal_form.code, None  # type: ignore[union-attr]
    kind = "unit" if isinstance(candidate, Unit) else "person"
    reason = award_type.rules_note.strip()
    key, params = ("local_no_rules", {"reason": reason}) if reason else ("local_no_rules_bare", {})
    condition = Condition("R-CAT-01", award_type.article, CHECK, key, {"award": award_type.name, **params})
    return code, Verdict((kind, candidate.pk), code, year, on, NEEDS_CHECK, [condition], award_type.article)
