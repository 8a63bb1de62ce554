"""A cluster whose past years are recorded from paper minutes (issue 12 item 1), beside the replayed
seed blocks: 2020 with an unknown leader and votes partly unknown, decided by acclamation, which
elects 2021's leader and two ordered deputies (Cụm phó 1, Cụm phó 2). Running it again adds nothing."""

from __future__ import annotations

import datetime

from thidua.accounts.models import Role, User
from thidua.blocks import services as block_services
from thidua.blocks.models import Block, BlockKind
from thidua.conferences import services
from thidua.conferences.models import RecordedMinutes
from thidua.orgs import services as org_services
from thidua.orgs.models import Unit

CLUSTER = "DEMO-CUM-BAC"
# The chair of each commune, so that every member unit has its people like the seed blocks' units.
CHAIRS = {
    "DEMO-XA-AN": ("Lê Văn Bình", "male"),
    "DEMO-XA-HOA": ("Trần Thị Hòa", "female"),
    "DEMO-XA-LAC": ("Phạm Văn Lạc", "male"),
    "DEMO-XA-TAN": ("Nguyễn Thị Tân", "female"),
}
UNITS = [
    ("DEMO-HDTDKT-H", "Hội đồng Thi đua - Khen thưởng huyện Demo", "other"),
    ("DEMO-XA-AN", "UBND xã An Bình", "commune"),
    ("DEMO-XA-HOA", "UBND xã Hòa Phú", "commune"),
    ("DEMO-XA-LAC", "UBND xã Lạc Sơn", "commune"),
    ("DEMO-XA-TAN", "UBND xã Tân Lập", "commune"),
]


def load_recorded_demo() -> int:
    """Create the cluster and its recorded years when missing; returns how many minutes were added."""
    if RecordedMinutes.objects.filter(block_year__block__code=CLUSTER).exists():
        return 0
    board = User.objects.filter(role=Role.BOARD_OFFICER).order_by("pk").first()
    if board is None:
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in=[code for code, _n, _k in UNITS])}
    for code, name, kind in UNITS:
        if code not in units:
            units[code] = org_services.create_unit(
                actor=None, code=code, name=name, kind=kind, level="commune", parent=None, place_name=""
            )
            if code in CHAIRS:
                org_services.create_person(
                    actor=None,
                    unit=units[code],
                    position_title="Chủ tịch UBND xã",
                    position_start=datetime.date(2019, 1, 1),
                    allow_duplicate=True,
                    full_name=CHAIRS[code][0],
                    gender=CHAIRS[code][1],
                )
    block = Block.objects.filter(code=CLUSTER).first() or block_services.create_block(
        actor=None,
        code=CLUSTER,
        name="Cụm thi đua các xã phía Bắc (ghi từ biên bản)",
        kind=BlockKind.CLUSTER,
        level="commune",
        managing_body=units["DEMO-HDTDKT-H"],
        description="Các năm trước khi dùng thidua, ghi lại từ biên bản giấy.",
    )
    members = [units[code] for code, _n, _k in UNITS[1:]]
    year = block_services.set_block_year(
        actor=None, block=block, year=2020, members=members, leader=None, deputies=[]
    )
    parsed = services.parse_minutes(
        block_year=year,
        standings="DEMO-XA-HOA; 1; 4\nDEMO-XA-AN; 2; ?\nDEMO-XA-LAC; 3;",
        deputies="DEMO-XA-AN\nDEMO-XA-LAC",
    )
    assert parsed.errors == {}, parsed.errors
    services.record_minutes(
        actor=board,
        block_year=year,
        standings=parsed.standings,
        next_leader=units["DEMO-XA-TAN"],
        next_deputies=parsed.deputies,
        minutes_number="03/BB-CTĐ",
        held_on=datetime.date(2020, 12, 18),
        place="Hội trường UBND xã Hòa Phú",
        by_acclamation=True,
        note="Trưởng cụm năm 2020 không rõ (biên bản không ghi).",
    )
    return 1
