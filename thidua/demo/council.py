"""Seed 002's council session (issue 9 item 5): the province's emulation and commendation council of
2023 meets on 05/03/2024 over the block's dossier, six of its seven members present and the absent
one giving a written opinion in favour; every line passes ceil(p·N) of the seven (R-VOTE-02,
R-IND-04; NĐ 98 Art 30(7)) and the session is closed with its numbered minutes. Members, date and
place are invented."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.council import services
from thidua.council.models import Council, MemberRole
from thidua.orgs.models import Person

MEMBERS = 7
ROLES = [MemberRole.CHAIR, MemberRole.VICE, MemberRole.SECRETARY]


def load_seed_002_council(board: Any, dossier: Any) -> bool:
    """Before the decision: the dossier sent to the council goes through one closed session."""
    body = dossier.receiving_body
    if Council.objects.filter(body=body, year=dossier.year).exists():
        return False
    # Officers of the seed's own province (codes "S2-…") sit on its council.
    prefix = body.code.split("-")[0] + "-"
    people = list(
        Person.objects.filter(positions__unit__code__startswith=prefix).distinct().order_by("id")[:MEMBERS]
    )
    if len(people) < MEMBERS:
        return False
    council = services.create_council(
        actor=board,
        body=body,
        year=dossier.year,
        name=body.name if body.name.startswith("Hội đồng") else f"Hội đồng Thi đua - Khen thưởng {body.name}",
    )
    team = [
        services.add_member(
            actor=board, council=council, person=p, role=ROLES[i] if i < len(ROLES) else MemberRole.MEMBER
        )
        for i, p in enumerate(people)
    ]
    session = services.create_session(
        actor=board, council=council, date=datetime.date(2024, 3, 5), place="Phòng họp số 1, trụ sở UBND tỉnh"
    )
    services.put_dossier(actor=board, session=session, dossier=dossier)
    present = team[:-1]
    services.open_session(actor=board, session=session, present=present)
    services.enter_counts(
        actor=board,
        session=session,
        counts={line.pk: (len(present), 0, 0, 1, 0) for line in session.lines.all()},
    )
    services.close_session(actor=board, session=session)
    return True
