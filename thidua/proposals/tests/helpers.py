"""Building proposals quickly in tests: the conference's approved proposals straight to the models
(the conferences app tests its own polls), the workflow through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from thidua.awards.models import AwardType
from thidua.conferences.models import AwardCandidate, Conference, ConferenceKind, Poll, PollKind, PollOption
from thidua.proposals import services
from thidua.proposals.checklist import checklist
from thidua.proposals.models import Appraisal, Dossier

# A small PDF standing for a scanned paper (the uploads check the bytes, not the name).
PAPER_PDF = b"%PDF-1.4 ban scan giay to ho so\n%%EOF"

D = datetime.date


def approved(world: Any, code: str, *, unit: Any = None, person: Any = None, yes: int = 3) -> AwardCandidate:
    """A proposal the block year's summary conference approved, `yes` votes in favour."""
    conference = Conference.objects.filter(block_year=world.block_year).first() or Conference.objects.create(
        block_year=world.block_year,
        kind=ConferenceKind.SUMMARY,
        title="Hội nghị tổng kết",
        starts_at=timezone.now(),
        place="Hội trường",
        chair="Chủ trì",
        secretary="Thư ký",
    )
    poll = Poll.objects.create(conference=conference, kind=PollKind.PROPOSALS, title="Đề nghị khen thưởng")
    award_type = AwardType.objects.get(code=code)
    option = PollOption.objects.create(
        poll=poll, label=str(unit or person), unit=unit, person=person, award_type=award_type
    )
    return AwardCandidate.objects.create(
        block_year=world.block_year,
        award_type=award_type,
        unit=unit,
        person=person,
        poll=poll,
        option=option,
        yes=yes,
        no=0,
        abstain=0,
        approved_at=timezone.now(),
    )


def attach_papers(world: Any, dossier: Dossier, *, actor: Any = None) -> Dossier:
    """Upload a scan of each paper the current version still lacks (R-DOS-01/02), as its unit would."""
    actor = actor or world.user("member")
    for item in checklist(dossier):
        if not item.present:
            services.upload_attachment(
                actor=actor,
                dossier=dossier,
                kind=item.paper,
                line=item.line,
                name=f"{item.paper}.pdf",
                content=PAPER_PDF,
            )
    return dossier


def unit_dossier(world: Any, *, code: str = "CSTDCS", year: int = 2024, papers: bool = True) -> Dossier:
    """A draft dossier of the member unit for its person, with one line (and, unless `papers` is
    false, a scan of each paper R-DOS-01/02 asks for)."""
    member = world.user("member")
    dossier = services.create_dossier(
        actor=member,
        title="Đề nghị khen thưởng Sở Nội vụ",
        proposing_unit=world.member_unit,
        receiving_body=world.province,
        year=year,
    )
    services.add_line(
        actor=member, dossier=dossier, award_type=AwardType.objects.get(code=code), person=world.member_person
    )
    return attach_papers(world, dossier) if papers else dossier


def to_council(world: Any, dossier: Dossier, *, today: datetime.date | None = None) -> Dossier:
    """Submit, receive, appraise every line eligible and send to the council."""
    board = world.user("board")
    today = today or D(2024, 12, 5)
    attach_papers(world, dossier, actor=board if dossier.proposing_unit != world.member_unit else None)
    services.submit_dossier(actor=world.user("member"), dossier=dossier, today=today)
    services.receive_dossier(actor=board, dossier=dossier, today=today)
    for line in dossier.current_lines():
        services.appraise_line(actor=board, line=line, appraisal=Appraisal.ELIGIBLE)
    return services.send_to_council(actor=board, dossier=dossier)
