"""A council of N members and a session with one line, CSTĐCS by default (80% of N, R-IND-04)."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.council import services
from thidua.council.models import CouncilMember, CouncilSession, MemberRole
from thidua.orgs.models import Person
from thidua.proposals.tests.helpers import to_council, unit_dossier
from thidua.testing import make_person


def council_session(
    world: Any, *, members: int = 5, code: str = "CSTDCS"
) -> tuple[CouncilSession, list[CouncilMember]]:
    board = world.user("board")
    council = services.create_council(actor=board, body=world.province, year=2024, name="Hội đồng TĐKT tỉnh")
    people: list[Person] = [make_person(f"Thành viên {i}", world.member_unit) for i in range(members)]
    roles = [MemberRole.CHAIR, MemberRole.VICE, MemberRole.SECRETARY]
    team = [
        services.add_member(
            actor=board, council=council, person=p, role=roles[i] if i < 3 else MemberRole.MEMBER
        )
        for i, p in enumerate(people)
    ]
    session = services.create_session(
        actor=board, council=council, date=datetime.date(2024, 12, 20), place="Phòng họp số 1"
    )
    dossier = to_council(world, unit_dossier(world, code=code))
    services.put_dossier(actor=board, session=session, dossier=dossier)
    return session, team
