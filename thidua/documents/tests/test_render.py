"""The engine's docxtpl skips two passes when they cannot change anything: its output must be the
same as docxtpl's own, for the shipped templates and for templates that need those passes."""

from __future__ import annotations

import io
from typing import cast

import docx
import pytest
from docxtpl import DocxTemplate

from thidua.documents.contexts import TemplateKind, sample_context
from thidua.documents.render import render_template
from thidua.documents.skeleton import shipped_path
from thidua.documents.styles import DocumentStyle


def _docxtpl(data: bytes, context: dict) -> bytes:
    template = DocxTemplate(io.BytesIO(data))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _body(data: bytes) -> str:
    return cast("str", docx.Document(io.BytesIO(data)).element.xml)


@pytest.mark.parametrize("style", list(DocumentStyle))
@pytest.mark.parametrize("kind", list(TemplateKind))
def test_same_output_as_docxtpl_for_every_shipped_template(kind, style):
    data = shipped_path(kind, style).read_bytes()
    context = sample_context(kind, style)
    assert _body(render_template(data, context)) == _body(_docxtpl(data, context))


def test_a_line_break_in_a_text_still_becomes_a_word_line_break():
    data = shipped_path(TemplateKind.REPORT, DocumentStyle.STATE).read_bytes()
    context = sample_context(TemplateKind.REPORT, DocumentStyle.STATE)
    context["summary"] = "Dòng một\nDòng hai"
    rendered = render_template(data, context)
    assert _body(rendered) == _body(_docxtpl(data, context))
    assert "<w:br/>" in _body(rendered)


def test_a_template_that_repeats_cells_gets_its_grid_repaired_as_docxtpl_does():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    header = table.rows[0].cells
    header[0].text, header[1].text, header[2].text = "{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"
    table.rows[1].cells[0].text = "{{ summary }}"
    out = io.BytesIO()
    document.save(out)
    context = {"columns": ["Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm"], "summary": "Báo cáo"}
    rendered = _body(render_template(out.getvalue(), context))
    assert rendered == _body(_docxtpl(out.getvalue(), context))
    assert rendered.count("<w:gridCol ") == 5
