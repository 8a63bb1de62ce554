"""Benchmark of the documents engine (issue 9 item 10): a decision with an attached list of 1,800 people.

    .venv/bin/python bench/documents.py [--people 1800] [--repeat 5]

What is measured, in one run on the same list:
  (a) the engine: `contexts.build_decision_context` then docxtpl on the shipped state template
      (`render.render_template`), DOCX bytes out; best and median of --repeat runs;
  (a') the same with docxtpl's own `DocxTemplate` (no skipped passes): the engine before its tuning;
  (b) python-docx adding the same table row by row (`table.add_row()`, then each cell's text), the
      way a peer product builds its lists (17 s for 1,800 rows, peers.md §5), saved to bytes;
  (c) the PDF of (a) through LibreOffice headless (`pdf.docx_to_pdf`): the first conversion of the
      process (a new LibreOffice profile is created) and a second one.
The output of (a) is reopened with python-docx to check that the list has its 1,800 rows. No database
is used (a throw-away data directory is set so that Django starts). The results are copied into
docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "THIDUA_DATA_DIR" not in os.environ:  # a throw-away data directory, removed at exit
    os.environ["THIDUA_DATA_DIR"] = tempfile.mkdtemp(prefix="thidua-bench-documents-")
    atexit.register(shutil.rmtree, os.environ["THIDUA_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import docx  # noqa: E402
import pypdf  # noqa: E402
from docx.shared import Pt  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from thidua.documents.contexts import ListRow, TemplateKind, build_decision_context  # noqa: E402
from thidua.documents.pdf import docx_to_pdf  # noqa: E402
from thidua.documents.render import render_template  # noqa: E402
from thidua.documents.skeleton import shipped_path  # noqa: E402
from thidua.documents.styles import Authority, DocumentStyle, Letterhead, Signature  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Đức", "Thanh", "Minh", "Ngọc", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Lan", "Long", "Mai", "Nam", "Phương", "Quân"]


def people(n: int) -> list[ListRow]:
    return [
        ListRow(
            f"{FAMILY[i % 10]} {MIDDLE[i % 8]} {GIVEN[i % 13]}",
            f"Chuyên viên, Phòng Tổ chức cán bộ, Sở Nội vụ tỉnh Khánh Hòa (số {i})",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        )
        for i in range(1, n + 1)
    ]


def context(rows: list[ListRow]) -> dict:
    return build_decision_context(
        letterhead=Letterhead(
            style=DocumentStyle.STATE,
            issuer="Ủy ban nhân dân tỉnh Khánh Hòa",
            symbol="UBND",
            place="Nha Trang",
        ),
        number=127,
        day=datetime.date(2026, 1, 5),
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 152/2025/NĐ-CP",
        ],
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ",
        articles=[
            f"Tặng Bằng khen cho {len(rows)} cá nhân (có danh sách kèm theo).",
            "Điều khoản thi hành./.",
        ],
        collectives=[],
        individuals=rows,
        annex_title="Danh sách cá nhân được tặng Bằng khen",
        signature=Signature(
            title="Phó Chủ tịch", name="Lê Văn Cường", authority=Authority.DEPUTY, principal="Chủ tịch"
        ),
        recipients=["Như Điều 3", "Lưu: VT"],
    )


def engine(rows: list[ListRow], template: bytes) -> bytes:
    return render_template(template, context(rows))


def plain_docxtpl(rows: list[ListRow], template: bytes) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(context(rows), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def python_docx_row_by_row(rows: list[ListRow]) -> bytes:
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    document.add_paragraph("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["STT", "Họ và tên", "Chức vụ, đơn vị"], strict=True):
        cell.text = title
    for i, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        cells[0].text = str(i)
        cells[1].text = row.name
        cells[2].text = row.detail
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def timed(function, *args):
    """Wall time, and the CPU time of this process (what the machine's other work does not inflate)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return (time.perf_counter() - start, time.process_time() - cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1800)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = people(args.people)
    template = shipped_path(TemplateKind.DECISION, DocumentStyle.STATE).read_bytes()

    times, cpus = [], []
    data = b""
    for _ in range(args.repeat):
        (seconds, cpu), data = timed(engine, rows, template)
        times.append(seconds)
        cpus.append(cpu)
    document = docx.Document(io.BytesIO(data))
    listed = len(document.tables[-1].rows) - 1
    assert listed == args.people, listed
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"people in the list: {args.people} (reopened: {listed} rows), DOCX {len(data) / 1024:.0f} KiB")
    print(
        f"(a) engine (context + docxtpl): wall best {min(times):.3f} s, median {statistics.median(times):.3f} s;"
        f" CPU best {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s"
    )

    plain = [timed(plain_docxtpl, rows, template)[0] for _ in range(args.repeat)]
    print(
        f"(a') plain docxtpl: wall best {min(p[0] for p in plain):.3f} s, median"
        f" {statistics.median(p[0] for p in plain):.3f} s; CPU best {min(p[1] for p in plain):.3f} s,"
        f" median {statistics.median(p[1] for p in plain):.3f} s"
    )

    (seconds, cpu), baseline = timed(python_docx_row_by_row, rows)
    print(
        f"(b) python-docx row by row: wall {seconds:.3f} s, CPU {cpu:.3f} s; DOCX {len(baseline) / 1024:.0f} KiB"
    )

    (first, _cpu), pdf = timed(docx_to_pdf, data)
    (second, _cpu), _pdf = timed(docx_to_pdf, data)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"(c) PDF by LibreOffice: first {first:.2f} s (new profile), second {second:.2f} s; {len(pdf) / 1024:.0f} KiB, {pages} pages"
    )


if __name__ == "__main__":
    main()
