"""The demo world: the five blocks of the seed articles (../shared/seeds/) and plausible history.

What the articles say is kept exactly; what they leave out (other leaders and deputies, earlier
years, people) is invented but plausible, and marked as such in `docs/demo.md`.

- seed 000: Khối thi đua các cơ quan Đảng Thành ủy Nha Trang, six units, summary of 2022.
- seed 001: Khối thi đua các cơ quan công tác Đảng (Quảng Nam), eight members named in the article;
  Ban Tuyên giáo Tỉnh ủy led 2021, Trường Chính trị tỉnh chosen to lead 2022.
- seed 002: Khối thi đua các cơ quan Tham mưu - Tổng hợp; Văn phòng Đoàn ĐBQH và HĐND tỉnh led 2023,
  Sở Tài chính leads 2024 with Văn phòng UBND tỉnh as deputy. The article does not name the province.
- seed 003: Khối thi đua Nội chính tỉnh (Tuyên Quang); Bộ Chỉ huy Quân sự tỉnh led 2022.
- seed 004: Khối các sở, ngành tổng hợp (Nam Định), summary of 2021 and launch of 2022.
"""

from __future__ import annotations

# (code, name, kind, level, parent code or "", place name)
UNITS: list[tuple[str, str, str, str, str, str]] = [
    # Managing bodies and parents
    ("NT-TU", "Thành ủy Nha Trang", "party_agency", "district", "", "Nha Trang"),
    ("NT-HDTDKT", "Hội đồng Thi đua - Khen thưởng thành phố Nha Trang", "other", "district", "", "Nha Trang"),
    ("QNA-TU", "Tỉnh ủy Quảng Nam", "party_agency", "province", "", "Quảng Nam"),
    ("QNA-HDTDKT", "Hội đồng Thi đua - Khen thưởng tỉnh Quảng Nam", "other", "province", "", "Quảng Nam"),
    ("S2-UBND", "Ủy ban nhân dân tỉnh", "state_agency", "province", "", ""),
    ("S2-HDTDKT", "Hội đồng Thi đua - Khen thưởng tỉnh", "other", "province", "", ""),
    ("TQ-UBND", "Ủy ban nhân dân tỉnh Tuyên Quang", "state_agency", "province", "", "Tuyên Quang"),
    ("TQ-HDTDKT", "Hội đồng Thi đua - Khen thưởng tỉnh Tuyên Quang", "other", "province", "", "Tuyên Quang"),
    ("ND-UBND", "Ủy ban nhân dân tỉnh Nam Định", "state_agency", "province", "", "Nam Định"),
    ("ND-HDTDKT", "Hội đồng Thi đua - Khen thưởng tỉnh Nam Định", "other", "province", "", "Nam Định"),
    # seed 000: the six units of Nha Trang's Party agencies block
    ("NT-VPTU", "Văn phòng Thành ủy Nha Trang", "party_agency", "district", "NT-TU", "Nha Trang"),
    ("NT-BTC", "Ban Tổ chức Thành ủy Nha Trang", "party_agency", "district", "NT-TU", "Nha Trang"),
    ("NT-BTG", "Ban Tuyên giáo Thành ủy Nha Trang", "party_agency", "district", "NT-TU", "Nha Trang"),
    ("NT-BDV", "Ban Dân vận Thành ủy Nha Trang", "party_agency", "district", "NT-TU", "Nha Trang"),
    ("NT-UBKT", "Ủy ban Kiểm tra Thành ủy Nha Trang", "party_agency", "district", "NT-TU", "Nha Trang"),
    ("NT-TTCT", "Trung tâm Chính trị thành phố Nha Trang", "party_agency", "district", "NT-TU", "Nha Trang"),
    # seed 001: the eight members named in the article
    ("QNA-BTG", "Ban Tuyên giáo Tỉnh ủy Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-BTC", "Ban Tổ chức Tỉnh ủy Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-UBKT", "Ủy ban Kiểm tra Tỉnh ủy Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-BDV", "Ban Dân vận Tỉnh ủy Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-BNC", "Ban Nội chính Tỉnh ủy Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-VPTU", "Văn phòng Tỉnh ủy Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-DUK", "Đảng ủy Khối các cơ quan tỉnh Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    ("QNA-TCT", "Trường Chính trị tỉnh Quảng Nam", "party_agency", "province", "QNA-TU", "Quảng Nam"),
    # seed 002: the general staff agencies block (province not named in the article)
    ("S2-VPDDBQH", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "elected_body", "province", "", ""),
    ("S2-VPUB", "Văn phòng UBND tỉnh", "state_agency", "province", "S2-UBND", ""),
    ("S2-STC", "Sở Tài chính", "state_agency", "province", "S2-UBND", ""),
    ("S2-SKHDT", "Sở Kế hoạch và Đầu tư", "state_agency", "province", "S2-UBND", ""),
    ("S2-SNV", "Sở Nội vụ", "state_agency", "province", "S2-UBND", ""),
    ("S2-STP", "Sở Tư pháp", "state_agency", "province", "S2-UBND", ""),
    ("S2-TTR", "Thanh tra tỉnh", "state_agency", "province", "S2-UBND", ""),
    ("S2-STC-TH", "Phòng Tổng hợp - Thi đua (Sở Tài chính)", "sub_unit", "province", "S2-STC", ""),
    ("S2-STC-NS", "Phòng Quản lý ngân sách (Sở Tài chính)", "sub_unit", "province", "S2-STC", ""),
    # seed 003: Tuyên Quang's internal-affairs block
    ("TQ-CA", "Công an tỉnh Tuyên Quang", "armed_forces", "province", "", "Tuyên Quang"),
    ("TQ-BCHQS", "Bộ Chỉ huy Quân sự tỉnh Tuyên Quang", "armed_forces", "province", "", "Tuyên Quang"),
    ("TQ-TAND", "Tòa án nhân dân tỉnh Tuyên Quang", "judiciary", "province", "", "Tuyên Quang"),
    ("TQ-VKSND", "Viện Kiểm sát nhân dân tỉnh Tuyên Quang", "judiciary", "province", "", "Tuyên Quang"),
    ("TQ-CTHADS", "Cục Thi hành án dân sự tỉnh Tuyên Quang", "state_agency", "province", "", "Tuyên Quang"),
    ("TQ-TTR", "Thanh tra tỉnh Tuyên Quang", "state_agency", "province", "TQ-UBND", "Tuyên Quang"),
    ("TQ-STP", "Sở Tư pháp tỉnh Tuyên Quang", "state_agency", "province", "TQ-UBND", "Tuyên Quang"),
    # seed 004: Nam Định's general departments block
    ("ND-VPUB", "Văn phòng UBND tỉnh Nam Định", "state_agency", "province", "ND-UBND", "Nam Định"),
    ("ND-VPDDBQH", "Văn phòng Đoàn ĐBQH và HĐND tỉnh Nam Định", "elected_body", "province", "", "Nam Định"),
    ("ND-SKHDT", "Sở Kế hoạch và Đầu tư tỉnh Nam Định", "state_agency", "province", "ND-UBND", "Nam Định"),
    ("ND-STC", "Sở Tài chính tỉnh Nam Định", "state_agency", "province", "ND-UBND", "Nam Định"),
    ("ND-SNV", "Sở Nội vụ tỉnh Nam Định", "state_agency", "province", "ND-UBND", "Nam Định"),
    ("ND-STP", "Sở Tư pháp tỉnh Nam Định", "state_agency", "province", "ND-UBND", "Nam Định"),
    ("ND-TTR", "Thanh tra tỉnh Nam Định", "state_agency", "province", "ND-UBND", "Nam Định"),
    ("ND-CTK", "Cục Thống kê tỉnh Nam Định", "state_agency", "province", "", "Nam Định"),
]

# The 2025 reorganisation: the planning and investment department merged into finance (seed 002's province).
# (predecessor codes, successor code, kind, date, decision, successor inherits history)
LINEAGE: list[tuple[list[str], str, str, str, str, bool]] = [
    (["S2-SKHDT"], "S2-STC", "merge", "2025-03-01", "Sắp xếp tổ chức bộ máy năm 2025", False),
]

# (code, name, kind, level, managing body code, description, rotation method)
BLOCKS: list[tuple[str, str, str, str, str, str]] = [
    (
        "NT-KDANG",
        "Khối thi đua các cơ quan Đảng Thành ủy Nha Trang",
        "block",
        "district",
        "NT-HDTDKT",
        "Sáu cơ quan Đảng của Thành ủy Nha Trang (bài báo 000: hội nghị trù bị tổng kết năm 2022, 27/12/2022).",
    ),
    (
        "QNA-KDANG",
        "Khối thi đua các cơ quan công tác Đảng tỉnh Quảng Nam",
        "block",
        "province",
        "QNA-HDTDKT",
        "Tám thành viên (bài báo 001: hội nghị tổng kết năm 2021, 01/3/2022).",
    ),
    (
        "S2-KTMTH",
        "Khối thi đua các cơ quan Tham mưu - Tổng hợp",
        "block",
        "province",
        "S2-HDTDKT",
        "Bài báo 002 (hội nghị tổng kết năm 2023, 22/01/2024) không nêu tên tỉnh.",
    ),
    (
        "TQ-KNC",
        "Khối thi đua Nội chính tỉnh Tuyên Quang",
        "block",
        "province",
        "TQ-HDTDKT",
        "Bài báo 003: hội nghị tổng kết năm 2022 (24/11/2022); toàn Khối 537 lượt tập thể, 2.347 lượt cá nhân được khen thưởng.",
    ),
    (
        "ND-KSNTH",
        "Khối các sở, ngành tổng hợp tỉnh Nam Định",
        "block",
        "province",
        "ND-HDTDKT",
        "Bài báo 004: tổng kết năm 2021 và phát động thi đua năm 2022 (24/12/2021).",
    ),
]

# block code -> {year: (member codes, leader code, deputy codes)}
_NT = ["NT-VPTU", "NT-BTC", "NT-BTG", "NT-BDV", "NT-UBKT", "NT-TTCT"]
_QNA = ["QNA-BTG", "QNA-BTC", "QNA-UBKT", "QNA-BDV", "QNA-BNC", "QNA-VPTU", "QNA-DUK", "QNA-TCT"]
_S2 = ["S2-VPDDBQH", "S2-VPUB", "S2-STC", "S2-SKHDT", "S2-SNV", "S2-STP", "S2-TTR"]
_S2_2025 = [code for code in _S2 if code != "S2-SKHDT"]
_TQ = ["TQ-CA", "TQ-BCHQS", "TQ-TAND", "TQ-VKSND", "TQ-CTHADS", "TQ-TTR", "TQ-STP"]
_ND = ["ND-VPUB", "ND-VPDDBQH", "ND-SKHDT", "ND-STC", "ND-SNV", "ND-STP", "ND-TTR", "ND-CTK"]

BLOCK_YEARS: dict[str, dict[int, tuple[list[str], str, list[str]]]] = {
    "NT-KDANG": {
        2020: (_NT, "NT-BDV", ["NT-UBKT"]),
        2021: (_NT, "NT-UBKT", ["NT-VPTU"]),
        2022: (_NT, "NT-VPTU", ["NT-TTCT"]),
    },
    "QNA-KDANG": {
        2020: (_QNA, "QNA-BTC", ["QNA-BTG"]),
        2021: (_QNA, "QNA-BTG", ["QNA-TCT"]),  # seed 001: Trưởng khối năm 2021
        # 2022 (seed 001: Trường Chính trị chosen to lead) is created by the replayed election
        # (demo/conferences.py), with Ủy ban Kiểm tra as deputy.
        2023: (_QNA, "QNA-UBKT", ["QNA-VPTU"]),
    },
    "S2-KTMTH": {
        2022: (_S2, "S2-VPUB", ["S2-VPDDBQH"]),
        2023: (_S2, "S2-VPDDBQH", ["S2-STC"]),  # seed 002: the leader that drafted the 2023 report
        # 2024 (seed 002: Sở Tài chính leader, Văn phòng UBND tỉnh deputy) is created by the replayed
        # election of the 2023 summary conference (demo/conferences.py).
        2025: (_S2_2025, "S2-VPUB", ["S2-SNV"]),  # after Sở KH&ĐT merged into Sở Tài chính
    },
    "TQ-KNC": {
        2021: (_TQ, "TQ-CA", ["TQ-BCHQS"]),
        2022: (_TQ, "TQ-BCHQS", ["TQ-TAND"]),  # seed 003: Trưởng Khối năm 2022
        2023: (_TQ, "TQ-TAND", ["TQ-VKSND"]),
    },
    "ND-KSNTH": {
        2021: (_ND, "ND-SKHDT", ["ND-STC"]),
        2022: (_ND, "ND-STC", ["ND-SNV"]),
    },
}

# Province codes of the national ID (CCCD) by unit-code prefix; "000" where the province is unnamed.
ID_PROVINCE = {"NT": "056", "QNA": "049", "S2": "000", "TQ": "008", "ND": "036"}

FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thanh", "Xuân"]
FEMALE_MIDDLE = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Thanh", "Thị Hồng", "Thu", "Thị Kim"]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
]
FEMALE_GIVEN = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Mai",
    "Ngân",
    "Oanh",
    "Phương",
    "Thảo",
    "Yến",
]
POSITIONS = ["Trưởng ban", "Phó Trưởng ban", "Chuyên viên", "Chuyên viên phụ trách thi đua, khen thưởng"]
STATE_POSITIONS = ["Giám đốc", "Phó Giám đốc", "Chuyên viên", "Chuyên viên phụ trách thi đua, khen thưởng"]

# Named people from the articles.
NAMED_PEOPLE: list[tuple[str, str, str, str]] = [
    # (full name, gender, unit code, position)
    ("Vũ Thị Liễu", "female", "S2-VPDDBQH", "Phó Chánh Văn phòng"),  # seed 002: chaired the conference
    ("Trần Văn Võ Thịnh", "male", "NT-HDTDKT", "Phó Chủ tịch Hội đồng"),  # seed 000: Trưởng Phòng Nội vụ
]

PASSWORD = "demo2026"  # noqa: S105 - demo accounts only, printed on purpose

# (username, full name, role, unit code or "", what the account shows)
ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    (
        "admin",
        "Quản trị hệ thống",
        "administrator",
        "",
        "administrator: accounts and settings, sees everything",
    ),
    ("bantdkt", "Nguyễn Thị Hạnh", "board_officer", "", "board officer: sets up blocks, sees every block"),
    (
        "khoitruong",
        "Lê Minh Tâm",
        "unit_officer",
        "NT-VPTU",
        "block leader officer: Văn phòng Thành ủy Nha Trang leads 2022",
    ),
    ("donvi", "Phạm Thu Trang", "unit_officer", "NT-BTC", "unit officer: Ban Tổ chức Thành ủy Nha Trang"),
    ("daibieu", "Hoàng Văn Nam", "delegate", "NT-BTG", "delegate: Ban Tuyên giáo Thành ủy Nha Trang"),
    ("quansat", "Đỗ Thị Mai", "observer", "", "observer: reads everything, changes nothing"),
    # The other members of seed 000's block sign and score their own cards.
    (
        "nt-btg",
        "Trần Thị Thu Hà",
        "unit_officer",
        "NT-BTG",
        "unit officer: Ban Tuyên giáo Thành ủy Nha Trang",
    ),
    ("nt-bdv", "Lê Văn Hùng", "unit_officer", "NT-BDV", "unit officer: Ban Dân vận Thành ủy Nha Trang"),
    (
        "nt-ubkt",
        "Võ Thị Ngọc Lan",
        "unit_officer",
        "NT-UBKT",
        "unit officer: Ủy ban Kiểm tra Thành ủy Nha Trang",
    ),
    (
        "nt-ttct",
        "Phan Quốc Bảo",
        "unit_officer",
        "NT-TTCT",
        "unit officer: Trung tâm Chính trị thành phố Nha Trang",
    ),
]
