"""Forms 0601-0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV (23/03/2023) as data (outputs.md §5.2).

Row lists follow the LPM implementation [S]; a category the history does not hold (households,
leaders by rank, duration of a movement) is a row with ``{"never": true}`` and reads 0, so the
official layout stays whole. Loaded by the data migration `0002_circular_02_2023_forms`; Circular
18/2025/TT-BNV is added the same way as a new version.
"""

from __future__ import annotations

from typing import Any

CIRCULAR = "02/2023/TT-BNV"
VALID_FROM = "2023-03-23"
RECEIVING_DAY = "Ngày 15 tháng 12 năm báo cáo"
NEVER: dict[str, Any] = {"never": True}

COLLECTIVE = {"recipient": "collective"}
INDIVIDUAL = {"recipient": "individual"}

METHODS = [
    ("thường xuyên", {"commendation": ["movement"]}),
    ("chuyên đề", {"commendation": ["thematic"]}),
    ("đột xuất", {"commendation": ["ad_hoc", "merit"]}),
    ("đối ngoại", {"commendation": ["foreign"]}),
    ("cống hiến", {"commendation": ["career"]}),
    ("niên hạn", {"commendation": ["seniority"]}),
    ("kháng chiến", NEVER),
]

PEOPLE = [
    ("Lãnh đạo cấp bộ, cấp tỉnh trở lên", NEVER),
    ("Lãnh đạo cấp vụ, sở, ngành", NEVER),
    ("Doanh nhân", NEVER),
    ("Lãnh đạo khác từ phó trưởng phòng trở lên", NEVER),
    ("Người trực tiếp lao động, công tác (công nhân, nông dân…)", NEVER),
]


def _rows(items: list[tuple[str, str, int, dict[str, Any] | None]]) -> list[dict[str, Any]]:
    return [
        {"position": i, "code": code, "label": label, "indent": indent, "spec": spec}
        for i, (code, label, indent, spec) in enumerate(items, start=1)
    ]


def _numbered(
    first: int, items: list[tuple[str, dict[str, Any]]], base: dict[str, Any], indent: int
) -> list[tuple[str, str, int, dict[str, Any] | None]]:
    return [(f"{first + i:02d}", label, indent, {**base, **spec}) for i, (label, spec) in enumerate(items)]


FORM_0601 = {
    "code": "0601.N/BNV-TĐKT",
    "title": "SỐ PHONG TRÀO THI ĐUA",
    "unit_of_count": "Phong trào",
    "source": "movements",
    "columns": [
        {"number": 1, "label": "Tổng số", "group": "", "spec": {}},
        {
            "number": 2,
            "label": "Trung ương (HĐTĐKT Trung ương)",
            "group": "Chia theo cấp phát động",
            "spec": NEVER,
        },
        {
            "number": 3,
            "label": "Bộ, ban, ngành, đoàn thể Trung ương, tỉnh",
            "group": "Chia theo cấp phát động",
            "spec": {},
        },
        {"number": 4, "label": "Cơ quan, tổ chức, đơn vị", "group": "Chia theo cấp phát động", "spec": NEVER},
    ],
    "rows": _rows(
        [
            ("01", "Tổng số", 0, {}),
            ("", "1. Chia theo phạm vi", 0, None),
            ("02", "Toàn quốc", 1, NEVER),
            ("03", "Bộ, ngành, địa phương", 1, NEVER),
            ("04", "Cụm, khối thi đua do HĐTĐKT các cấp tổ chức", 1, {}),
            ("05", "Cơ quan, tổ chức, đơn vị", 1, NEVER),
            ("", "2. Chia theo thời gian", 0, None),
            ("06", "Dưới 1 năm", 1, {"movement_kinds": ["thematic"]}),
            ("07", "1 năm", 1, {"movement_kinds": ["regular"]}),
            ("08", "Từ 1 năm đến dưới 3 năm", 1, NEVER),
            ("09", "Từ 3 năm đến dưới 5 năm", 1, NEVER),
            ("10", "Từ 5 năm trở lên", 1, NEVER),
            ("", "3. Chia theo hình thức", 0, None),
            ("11", "Chuyên đề", 1, {"movement_kinds": ["thematic"]}),
            ("12", "Thường xuyên hằng năm", 1, {"movement_kinds": ["regular"]}),
        ]
    ),
}

NATIONAL_COLUMNS = [
    ("Cờ thi đua của Chính phủ", ["CO_TD_CP"], COLLECTIVE),
    ("Chiến sĩ thi đua toàn quốc", ["CSTD_TQ"], INDIVIDUAL),
    ("Bằng khen của Thủ tướng Chính phủ - Tập thể", ["BK_TTG"], COLLECTIVE),
    ("Bằng khen của Thủ tướng Chính phủ - Cá nhân", ["BK_TTG"], INDIVIDUAL),
]

FORM_0602 = {
    "code": "0602.N/BNV-TĐKT",
    "title": "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    "unit_of_count": "Lượt",
    "source": "awards",
    "columns": [{"number": 1, "label": "Tổng số", "group": "", "spec": {"levels": ["national"]}}]
    + [
        {"number": i, "label": label, "group": "Chia theo hình thức", "spec": {"codes": codes, **who}}
        for i, (label, codes, who) in enumerate(NATIONAL_COLUMNS, start=2)
    ]
    + [
        {
            "number": len(NATIONAL_COLUMNS) + 2,
            "label": "Hình thức khác",
            "group": "Chia theo hình thức",
            "spec": {"levels": ["national"], "exclude_codes": ["CO_TD_CP", "CSTD_TQ", "BK_TTG"]},
        }
    ],
    "rows": _rows(
        [
            ("01", "Tổng số", 0, {}),
            ("", "1. Chia theo cơ quan trình", 0, None),
            ("02", "Bộ, ban, ngành, đoàn thể Trung ương", 1, NEVER),
            ("03", "Tỉnh, thành phố trực thuộc Trung ương", 1, {}),
            ("", "2. Chia theo đối tượng", 0, None),
            ("06", "Tập thể", 1, COLLECTIVE),
            ("07", "Trong đó: Doanh nghiệp", 2, {**COLLECTIVE, "unit_kinds": ["enterprise"]}),
            ("08", "Hộ gia đình", 1, NEVER),
            ("09", "Cá nhân", 1, INDIVIDUAL),
        ]
        + _numbered(10, PEOPLE, {}, 2)
        + [("", "3. Chia theo loại hình", 0, None)]
        + _numbered(15, METHODS, {}, 1)
    ),
}

FORM_0603 = {
    "code": "0603.N/BNV-TĐKT",
    "title": "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH",
    "unit_of_count": "Lượt",
    "source": "awards",
    "columns": [
        {
            "number": 1,
            "label": "Tổng số",
            "group": "",
            "spec": {"codes": ["BK_TINH", "CSTD_TINH", "CO_TD_TINH"]},
        },
        {"number": 2, "label": "Bằng khen", "group": "Chia ra", "spec": {"codes": ["BK_TINH"]}},
        {
            "number": 3,
            "label": "Chiến sĩ thi đua cấp bộ, tỉnh",
            "group": "Chia ra",
            "spec": {"codes": ["CSTD_TINH"]},
        },
        {
            "number": 4,
            "label": "Cờ thi đua cấp bộ, tỉnh",
            "group": "Chia ra",
            "spec": {"codes": ["CO_TD_TINH"]},
        },
        {"number": 5, "label": "Huy hiệu (kỷ niệm chương)", "group": "Chia ra", "spec": NEVER},
    ],
    "rows": _rows(
        [
            ("01", "Tổng số", 0, {}),
            ("", "1. Chia theo đối tượng", 0, None),
            ("02", "Tập thể", 1, COLLECTIVE),
            ("03", "Trong đó: Doanh nghiệp", 2, {**COLLECTIVE, "unit_kinds": ["enterprise"]}),
            ("04", "Hộ gia đình", 1, NEVER),
            ("05", "Cá nhân", 1, INDIVIDUAL),
        ]
        + _numbered(6, PEOPLE, {}, 2)
        + [("", "2. Chia theo loại hình", 0, None)]
        + _numbered(11, METHODS, {}, 1)
    ),
}

FORMS = [FORM_0601, FORM_0602, FORM_0603]


def seed_forms(apps: Any) -> None:
    """Create the three forms of the circular (the data migration calls it; running twice adds nothing)."""
    version_model = apps.get_model("stats", "FormVersion")
    row_model = apps.get_model("stats", "FormRow")
    column_model = apps.get_model("stats", "FormColumn")
    for form in FORMS:
        version, created = version_model.objects.get_or_create(
            code=form["code"],
            circular=CIRCULAR,
            defaults={
                "valid_from": VALID_FROM,
                "title": form["title"],
                "unit_of_count": form["unit_of_count"],
                "source": form["source"],
                "receiving_day": RECEIVING_DAY,
            },
        )
        if not created:
            continue
        row_model.objects.bulk_create([row_model(version=version, **row) for row in form["rows"]])
        column_model.objects.bulk_create([column_model(version=version, **col) for col in form["columns"]])
