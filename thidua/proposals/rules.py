"""The legal rules the proposals apply: the grounds a line may rely on (D4), the deadlines
(R-TIME-01) and working days."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from thidua.proposals.models import Deadline, DossierKind, Holiday

# D4 (law.md §12, R-IND-08; Law Art 74(1)): an individual Bằng khen tỉnh relies on one of the points
# (a)-(e); point (d) is the one the eligibility engine tests, the others are judged by people. The
# collective's grounds are Art 74(2) (R-COL-06 for the "two consecutive years" ground).
BASES: dict[str, list[tuple[str, object]]] = {
    "BK_TINH": [
        ("a", _("Point (a): excellent results in a movement launched by the province")),
        ("b", _("Point (b): many or ad-hoc achievements influential in a provincial field")),
        ("c", _("Point (c): contribution to socio-economic development, science or charity")),
        ("d", _("Point (d): two consecutive years of excellence with two applied initiatives")),
        ("e", _("Point (e): worker, farmer or labourer with many achievements")),
        ("collective", _("Collective: two consecutive years rated excellent (Art 74(2))")),
    ],
    "BK_TTG": [
        ("b", _("Point (b): a province's Bằng khen and five years of good work since")),
        ("other", _("Another point of Art 73, judged by the council")),
    ],
}
# The basis of these titles and forms must be stated (D4).
BASIS_REQUIRED = frozenset(BASES)


def basis_choices(code: str) -> list[tuple[str, object]]:
    return BASES.get(code, [])


def basis_label(code: str, key: str) -> str:
    return str(dict(BASES.get(code, [])).get(key, key))


def deadline_for(year: int, kind: str) -> datetime.date | None:
    """R-TIME-01 (Bắc Ninh Art 6(2); law.md §7): the board's deadline for the year and kind, or the
    default for year-end dossiers, 10 December of the year. Other kinds have none unless set."""
    found = Deadline.objects.filter(year=year, kind=kind).values_list("due", flat=True).first()
    if found is not None:
        return found
    if kind == DossierKind.YEAR_END:
        return datetime.date(year, 12, 10)
    return None


def working_days(
    start: datetime.date, end: datetime.date, *, holidays: set[datetime.date] | None = None
) -> int:
    """Working days after `start` up to and including `end`, without weekends and the board's
    holidays (outputs.md §1.2: processing times are counted in working days). A list of dossiers
    passes `holidays`, read once, instead of one query per dossier."""
    if end <= start:
        return 0
    if holidays is None:
        holidays = set(Holiday.objects.filter(day__gt=start, day__lte=end).values_list("day", flat=True))
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count += 1
    return count
