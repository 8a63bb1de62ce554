"""Templates a board officer edits in Word and uploads back: versioned, audited, used for the next
paper; an upload with an unknown placeholder or broken Jinja is refused, naming it, and stores nothing."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.audit.models import AuditEntry
from thidua.documents.contexts import TemplateKind, sample_context
from thidua.documents.models import DocumentTemplate
from thidua.documents.render import render_docx, render_template, template_problems
from thidua.documents.services import upload_template
from thidua.documents.skeleton import shipped_path
from thidua.documents.styles import DocumentStyle
from thidua.documents.tests.helpers import all_text, open_docx, pdf_text
from thidua.testing import make_world

pytestmark = pytest.mark.django_db

KIND, STYLE = TemplateKind.REPORT, DocumentStyle.STATE


def edited(text: str, kind: str = KIND, style: str = STYLE) -> bytes:
    """The shipped template with one paragraph added, as a board officer would in Word."""
    document = docx.Document(io.BytesIO(shipped_path(kind, style).read_bytes()))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def world():
    return make_world()


def test_an_edited_template_becomes_the_next_version_and_fills_the_next_paper(world):
    board = world.user("board")
    first = upload_template(
        actor=board, kind=KIND, style=STYLE, data=edited("Ghi chú của {{ header.name }}"), file_name="bc.docx"
    )
    second = upload_template(
        actor=board,
        kind=KIND,
        style=STYLE,
        data=edited("Bản sửa lần hai: {{ summary }}"),
        file_name="bc2.docx",
    )
    assert (first.version, second.version) == (1, 2)
    assert len(second.sha256) == 64 and second.uploaded_by == board
    text = all_text(open_docx(render_docx(KIND, STYLE, sample_context(KIND, STYLE))))
    assert "Bản sửa lần hai: Tổng kết công tác thi đua, khen thưởng năm 2025" in text
    assert "Ghi chú của" not in text
    assert AuditEntry.objects.filter(action="documents.upload_template").count() == 2
    # The other style keeps the package's own template.
    party = all_text(
        open_docx(render_docx(KIND, DocumentStyle.PARTY, sample_context(KIND, DocumentStyle.PARTY)))
    )
    assert "Bản sửa lần hai" not in party


def test_an_unknown_placeholder_is_refused_naming_it_and_nothing_is_stored(world):
    with pytest.raises(ValidationError) as error:
        upload_template(
            actor=world.user("board"),
            kind=KIND,
            style=STYLE,
            data=edited("Số lượng: {{ so_luong_ca_nhan }}"),
            file_name="bc.docx",
        )
    messages = error.value.message_dict["file"]
    assert any("so_luong_ca_nhan" in m for m in messages), messages
    assert not DocumentTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action="documents.upload_template").exists()


def test_an_unknown_field_of_a_known_placeholder_is_refused_naming_it():
    problems = template_problems(KIND, STYLE, edited("{{ header.isuer }}"))
    assert len(problems) == 1 and "isuer" in problems[0]


def test_a_placeholder_of_another_paper_is_refused():
    problems = template_problems(TemplateKind.REPORT, STYLE, edited("{{ annex.title }}"))
    assert problems and "annex" in problems[0]
    assert (
        template_problems(
            TemplateKind.DECISION, STYLE, edited("{{ annex.title }}", kind=TemplateKind.DECISION)
        )
        == []
    )


@pytest.mark.parametrize("broken", ["{{ summary ", "{% for x in %}", "{%p if party %}"])
def test_broken_jinja_is_refused(broken):
    problems = template_problems(KIND, STYLE, edited(broken))
    assert len(problems) == 1 and "Jinja" in problems[0], problems


@pytest.mark.parametrize(
    "attack",
    [
        "{{ header.__class__.__mro__ }}",
        "{{ summary.__class__.__base__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ],
)
def test_a_template_cannot_reach_python_internals(attack, tmp_path):
    problems = template_problems(KIND, STYLE, edited(attack))
    assert len(problems) == 1, problems
    with pytest.raises(Exception) as error:
        render_template(edited(attack), sample_context(KIND, STYLE))
    assert "__" in str(error.value) or "undefined" in str(error.value).lower(), error.value


def test_a_file_that_is_not_a_docx_is_refused():
    assert template_problems(KIND, STYLE, b"%PDF-1.7 not a word file") == [
        template_problems(KIND, STYLE, b"PK\x03\x04 broken")[0]
    ]


@pytest.mark.parametrize("style", list(DocumentStyle))
@pytest.mark.parametrize("kind", list(TemplateKind))
def test_every_shipped_template_passes_the_upload_check(kind, style):
    assert template_problems(kind, style, shipped_path(kind, style).read_bytes()) == []


# -- pages --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("board", 200), ("admin", 200), ("member", 403), ("observer", 403), ("delegate", 403)],
)
def test_only_the_board_sees_the_templates_page(world, client, persona, status):
    client.force_login(world.user(persona))
    assert client.get(reverse("documents:template_list")).status_code == status


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("documents:template_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_board_downloads_edits_and_uploads_a_template(world, client):
    client.force_login(world.user("board"))
    url = reverse("documents:template_download", args=[KIND, STYLE])
    downloaded = client.get(url)
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert downloaded.content == shipped_path(KIND, STYLE).read_bytes()
    upload = io.BytesIO(edited("Đã sửa: {{ summary }}"))
    upload.name = "bao-cao.docx"
    response = client.post(
        reverse("documents:template_upload", args=[KIND, STYLE]), {"file": upload, "note": "Thêm ghi chú"}
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.version, template.note, template.original_name) == (1, "Thêm ghi chú", "bao-cao.docx")
    again = client.get(url)
    assert "Đã sửa: {{ summary }}" in all_text(open_docx(again.content))
    page = client.get(reverse("documents:template_list")).content.decode()
    assert "Board" in page  # who uploaded the version in use


def test_the_preview_fills_the_template_in_use_with_the_sample_paper(world, client):
    client.force_login(world.user("board"))
    upload_template(
        actor=world.user("board"),
        kind=KIND,
        style=STYLE,
        data=edited("Mẫu của Ban: {{ summary }}"),
        file_name="b.docx",
    )
    url = reverse("documents:template_preview", args=[KIND, STYLE])
    text = all_text(open_docx(client.get(url).content))
    assert "Mẫu của Ban: Tổng kết công tác thi đua, khen thưởng năm 2025" in text
    response = client.get(url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    _pages, pdf = pdf_text(response.content)
    assert "Mẫu của Ban: Tổng kết công tác thi đua, khen thưởng năm 2025" in " ".join(pdf.split())
    client.force_login(world.user("member"))
    assert client.get(url).status_code == 403


def test_an_upload_with_an_unknown_placeholder_shows_the_reason_and_stores_nothing(world, client):
    client.force_login(world.user("board"))
    upload = io.BytesIO(edited("{{ ten_don_vi }}"))
    upload.name = "bao-cao.docx"
    response = client.post(reverse("documents:template_upload", args=[KIND, STYLE]), {"file": upload})
    assert response.status_code == 422
    assert "Trường “ten_don_vi” không xác định" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_unit_officer_cannot_upload(world, client):
    client.force_login(world.user("member"))
    upload = io.BytesIO(edited("{{ summary }}"))
    upload.name = "x.docx"
    response = client.post(reverse("documents:template_upload", args=[KIND, STYLE]), {"file": upload})
    assert response.status_code == 403
    assert not DocumentTemplate.objects.exists()


def test_an_unknown_paper_is_404(world, client):
    client.force_login(world.user("board"))
    assert client.get(reverse("documents:template_download", args=["letter", STYLE])).status_code == 404
