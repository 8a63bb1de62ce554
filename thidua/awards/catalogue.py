"""The catalogue as shipped: every title and form of law.md §3 with its two versions (NĐ 98/2023 until
30/06/2025, NĐ 152/2025 from 01/07/2025; R-VER-02), the earlier version under Decree 91/2017/NĐ-CP for
the years 2018-2023 (R-VER-03) and the dated base salaries (R-MONEY-01).

Plain data, loaded by the data migrations `0002_catalogue` and `0006_decree_91_versions` and again by
`seed_catalogue()` (idempotent: what exists is left as it is, so the board's later corrections survive).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND98 = "Nghị định 98/2023/NĐ-CP (hiệu lực 01/01/2024–30/06/2025)"
ND152 = "Nghị định 152/2025/NĐ-CP (từ 01/07/2025)"
P1_FROM, P1_TO, P2_FROM = datetime.date(2024, 1, 1), datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)

HEAD = "Thủ trưởng cơ quan, đơn vị có tư cách pháp nhân (Luật Điều 80(1)); giám đốc doanh nghiệp (Điều 80(4))"
COMMUNE_BEFORE = "; Chủ tịch UBND cấp huyện, cấp xã (Điều 80(2), (3))"
COMMUNE_AFTER = "; Chủ tịch UBND cấp xã (NĐ 129/2025/NĐ-CP Điều 59)"
PROVINCE = "Chủ tịch UBND tỉnh; Bộ trưởng, Thủ trưởng cơ quan ngang bộ"
PM = "Thủ tướng Chính phủ (Bộ Nội vụ, Ban TĐKT Trung ương thẩm định)"
ARMED = "Theo quy định của Bộ Quốc phòng, Bộ Công an (Luật Điều 80(5))"

# code, name, English name, short name, kind, recipient, level, article,
# ballot threshold % (None = no ballot), coefficient individual, coefficient collective,
# authority before 01/07/2025, authority from 01/07/2025, NĐ 152 article of the amount
AWARD_TYPES: list[tuple[Any, ...]] = [
    (
        "LDTT",
        "Lao động tiên tiến",
        "Advanced Worker",
        "LĐTT",
        "title",
        "individual",
        "grassroots",
        "Điều 24",
        None,
        "0.3",
        None,
        HEAD + COMMUNE_BEFORE,
        HEAD + COMMUNE_AFTER,
        "Điều 50(1)(d)",
    ),
    (
        "CSTT",
        "Chiến sĩ tiên tiến",
        "Advanced Soldier",
        "CSTT",
        "title",
        "individual",
        "grassroots",
        "Điều 24(2)",
        None,
        "0.3",
        None,
        ARMED,
        ARMED,
        "Điều 50(1)(d)",
    ),
    (
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        "Grassroots Emulation Fighter",
        "CSTĐCS",
        "title",
        "individual",
        "grassroots",
        "Điều 23",
        80,
        "1.0",
        None,
        HEAD + COMMUNE_BEFORE,
        HEAD + COMMUNE_AFTER,
        "Điều 50(1)(c)",
    ),
    (
        "CSTD_TINH",
        "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
        "Ministry or Provincial Emulation Fighter",
        "CSTĐ tỉnh",
        "title",
        "individual",
        "province",
        "Điều 22",
        90,
        "3.0",
        None,
        PROVINCE,
        PROVINCE,
        "Điều 50(1)(b)",
    ),
    (
        "CSTD_TQ",
        "Chiến sĩ thi đua toàn quốc",
        "National Emulation Fighter",
        "CSTĐTQ",
        "title",
        "individual",
        "national",
        "Điều 21",
        90,
        "4.5",
        None,
        PM,
        PM,
        "Điều 50(1)(a)",
    ),
    (
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        "Advanced Labour Collective",
        "TTLĐTT",
        "title",
        "collective",
        "grassroots",
        "Điều 28",
        None,
        None,
        "0.8",
        HEAD + COMMUNE_BEFORE,
        HEAD + COMMUNE_AFTER,
        "Điều 50(2)(b)",
    ),
    (
        "TTLDXS",
        "Tập thể lao động xuất sắc",
        "Excellent Labour Collective",
        "TTLĐXS",
        "title",
        "collective",
        "province",
        "Điều 27",
        None,
        None,
        "1.5",
        PROVINCE,
        PROVINCE,
        "Điều 50(2)(a)",
    ),
    (
        "CO_TD_TINH",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "Ministry or Provincial Emulation Flag",
        "Cờ thi đua tỉnh",
        "title",
        "collective",
        "province",
        "Điều 26",
        80,
        None,
        "8.0",
        PROVINCE,
        PROVINCE,
        "Điều 50(2)(e)",
    ),
    (
        "CO_TD_CP",
        "Cờ thi đua của Chính phủ",
        "Government Emulation Flag",
        "Cờ thi đua CP",
        "title",
        "collective",
        "national",
        "Điều 25",
        80,
        None,
        "12.0",
        PM,
        PM,
        "Điều 50(2)(đ)",
    ),
    (
        "XA_TIEU_BIEU",
        "Xã, phường, đặc khu tiêu biểu",
        "Model Commune, Ward or Special Zone",
        "Xã tiêu biểu",
        "title",
        "collective",
        "province",
        "Điều 20",
        None,
        None,
        "2.0",
        PROVINCE,
        PROVINCE,
        "Điều 50(2)(c)",
    ),
    (
        "THON_VAN_HOA",
        "Thôn, tổ dân phố văn hóa",
        "Cultural Village or Residential Group",
        "Thôn văn hóa",
        "title",
        "collective",
        "grassroots",
        "Điều 20",
        None,
        None,
        "1.5",
        "Chủ tịch UBND cấp xã",
        "Chủ tịch UBND cấp xã (NĐ 129/2025/NĐ-CP Điều 59)",
        "Điều 50(2)(d)",
    ),
    (
        "GIAY_KHEN",
        "Giấy khen",
        "Certificate of Commendation",
        "Giấy khen",
        "form",
        "both",
        "grassroots",
        "Điều 75",
        None,
        "0.3",
        "0.6",
        HEAD + COMMUNE_BEFORE,
        HEAD + COMMUNE_AFTER,
        "Điều 54",
    ),
    (
        "BK_TINH",
        "Bằng khen của bộ, ban, ngành, tỉnh",
        "Ministry or Provincial Certificate of Merit",
        "Bằng khen tỉnh",
        "form",
        "both",
        "province",
        "Điều 74",
        None,
        "1.5",
        "3.0",
        PROVINCE,
        PROVINCE,
        "Điều 54",
    ),
    (
        "BK_TTG",
        "Bằng khen của Thủ tướng Chính phủ",
        "Prime Minister's Certificate of Merit",
        "Bằng khen TTg",
        "form",
        "both",
        "national",
        "Điều 73",
        None,
        "3.5",
        "7.0",
        PM,
        PM,
        "Điều 54",
    ),
]

# Coefficients law.md marks [U] (individual Bằng khen, inferred from collective = 2 × individual).
UNCONFIRMED_COEFFICIENTS = {"BK_TINH", "BK_TTG"}

BASE_SALARIES: list[tuple[datetime.date, int, str]] = [
    (datetime.date(2019, 7, 1), 1490000, "Nghị định 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1800000, "Nghị định 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2340000, "Nghị định 73/2024/NĐ-CP"),
    (datetime.date(2026, 7, 1), 2530000, "Nghị định 161/2026/NĐ-CP"),
]


def versions_of(row: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The two versions of one catalogue row: NĐ 98/2023, then NĐ 152/2025 (R-VER-02)."""
    code, _n, _e, _s, _k, _r, _l, article, ballot, c_ind, c_col, before, after, money = row
    notes = []
    if ballot:
        notes.append(
            "Ngưỡng bỏ phiếu theo NĐ 98/2023 Điều 30(7); điều tương ứng của NĐ 152/2025 chưa được đối chiếu [U]."
        )
    if code in UNCONFIRMED_COEFFICIENTS:
        notes.append("Hệ số cho cá nhân suy ra (tập thể = 2 × cá nhân), chưa xác nhận [U].")
    common = {
        "ballot_required": ballot is not None,
        "ballot_threshold_pct": ballot,
        "coefficient_individual": Decimal(c_ind) if c_ind else None,
        "coefficient_collective": Decimal(c_col) if c_col else None,
        "note": " ".join(notes),
    }
    ballot_cite = ", Điều 30(7)" if ballot else ""
    return [
        {
            **common,
            "valid_from": P1_FROM,
            "valid_to": P1_TO,
            "citation": f"{LAW}, {article}; {ND98}{ballot_cite}",
            "deciding_authority": before,
        },
        {
            **common,
            "valid_from": P2_FROM,
            "valid_to": None,
            "citation": f"{LAW}, {article}; {ND152}, {money}",
            "deciding_authority": after,
        },
    ]


# R-VER-03: the titles and forms of the 2003 Law (as amended 2005, 2009, 2013) detailed by Decree
# 91/2017/NĐ-CP, for the years 2018-2023 (until Law 06/2022/QH15 took effect on 01/01/2024). law.md gives
# only two of its numbers (the 15% cap on Chiến sĩ thi đua cơ sở, the 20% cap on Government flag
# proposals, NĐ 91 Art 11); the rest are [U]: the ballot thresholds are NĐ 98's as defaults, the cash
# coefficients are left empty for the board to fill in, and the articles of the 2003 Law are not cited.
ND91 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2009, 2013); Nghị định 91/2017/NĐ-CP"
ND91_FROM, ND91_TO = datetime.date(2018, 1, 1), datetime.date(2023, 12, 31)
HEAD_91 = "Thủ trưởng cơ quan, đơn vị; giám đốc doanh nghiệp; Chủ tịch UBND cấp huyện, cấp xã"
# The titles and forms the 2003 Law also had; the model commune and the cultural village of Law 06/2022
# Art 20 have no earlier version here (law.md does not give one).
ND91_CODES = {
    "LDTT": HEAD_91,
    "CSTT": "Theo quy định của Bộ Quốc phòng, Bộ Công an",
    "CSTDCS": HEAD_91,
    "CSTD_TINH": PROVINCE,
    "CSTD_TQ": "Thủ tướng Chính phủ",
    "TTLDTT": HEAD_91,
    "TTLDXS": PROVINCE,
    "CO_TD_TINH": PROVINCE,
    "CO_TD_CP": "Thủ tướng Chính phủ",
    "GIAY_KHEN": HEAD_91,
    "BK_TINH": PROVINCE,
    "BK_TTG": "Thủ tướng Chính phủ",
}
ND91_NOTES = {
    "CSTDCS": "Theo NĐ 91/2017, số Chiến sĩ thi đua cơ sở không quá 15% số Lao động tiên tiến "
    "(ghi vào cài đặt xét thi đua từ ngày áp dụng).",
    "CO_TD_CP": "NĐ 91/2017 Điều 11: số đề nghị Cờ thi đua của Chính phủ không quá 20% số tập thể "
    "đạt tiêu chuẩn Cờ thi đua tỉnh (ghi vào cài đặt xét thi đua từ ngày áp dụng).",
}


def decree_91_version(row: tuple[Any, ...]) -> dict[str, Any] | None:
    """The version of one catalogue row under Decree 91/2017/NĐ-CP, 01/01/2018-31/12/2023 (R-VER-03), or
    None for a title the 2003 Law did not have."""
    code, _n, _e, _s, _k, _r, _l, _a, ballot = row[:9]
    if code not in ND91_CODES:
        return None
    notes = [ND91_NOTES[code]] if code in ND91_NOTES else []
    if ballot:
        notes.append("Ngưỡng bỏ phiếu theo NĐ 91/2017 chưa được đối chiếu; mặc định theo NĐ 98/2023 [U].")
    notes.append("Hệ số tiền thưởng theo NĐ 91/2017 chưa được đối chiếu; Ban TĐKT điền khi có văn bản [U].")
    return {
        "valid_from": ND91_FROM,
        "valid_to": ND91_TO,
        "citation": ND91 + (", Điều 11" if code == "CO_TD_CP" else ""),
        "deciding_authority": ND91_CODES[code],
        "ballot_required": ballot is not None,
        "ballot_threshold_pct": ballot,
        "coefficient_individual": None,
        "coefficient_collective": None,
        "note": " ".join(notes),
    }


def seed_decree_91(apps: Any = None) -> int:
    """Create the missing Decree 91/2017 versions of the shipped titles and forms; returns how many."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    award_type_model = apps.get_model("awards", "AwardType")
    version_model = apps.get_model("awards", "AwardTypeVersion")
    added = 0
    for row in AWARD_TYPES:
        version = decree_91_version(row)
        award_type = award_type_model.objects.filter(code=row[0]).first()
        if version is None or award_type is None:
            continue
        _v, created = version_model.objects.get_or_create(
            award_type=award_type, valid_from=version.pop("valid_from"), defaults=version
        )
        added += int(created)
    return added


def seed_catalogue(apps: Any = None) -> int:
    """Create the missing catalogue rows, versions and base salaries; returns how many were added."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    award_type_model = apps.get_model("awards", "AwardType")
    version_model = apps.get_model("awards", "AwardTypeVersion")
    salary_model = apps.get_model("awards", "BaseSalary")
    added = 0
    for position, row in enumerate(AWARD_TYPES, start=1):
        code, name, name_en, short, kind, recipient, level, article = row[:8]
        award_type, created = award_type_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "short_name": short,
                "kind": kind,
                "recipient": recipient,
                "level": level,
                "article": article,
                "position": position * 10,
            },
        )
        added += int(created)
        for version in versions_of(row):
            _v, created = version_model.objects.get_or_create(
                award_type=award_type, valid_from=version.pop("valid_from"), defaults=version
            )
            added += int(created)
    for valid_from, amount, citation in BASE_SALARIES:
        _s, created = salary_model.objects.get_or_create(
            valid_from=valid_from, defaults={"amount": amount, "citation": citation}
        )
        added += int(created)
    return added + seed_decree_91(apps)
