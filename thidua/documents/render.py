"""Rendering a context into a template (docxtpl) and checking a template before it is accepted.

`render_docx(kind, style, context)` reads the template in use (the newest upload, else the package's
file) and returns the DOCX bytes. `template_problems(kind, style, data)` lists, in the user's
language, why an uploaded template cannot be used: not a DOCX file, broken Jinja, or a placeholder
the paper's context does not have (the known keys are those of `contexts.sample_context`).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, cast

from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from thidua.documents.contexts import sample_context
from thidua.documents.models import DocumentTemplate
from thidua.documents.skeleton import shipped_path


def current_template(kind: str, style: str) -> DocumentTemplate | None:
    """The newest uploaded version, or None when the package's file is in use."""
    return DocumentTemplate.objects.filter(kind=kind, style=style).order_by("-version").first()


def template_bytes(kind: str, style: str) -> bytes:
    uploaded = current_template(kind, style)
    if uploaded is not None:
        with uploaded.file.open("rb") as handle:
            return cast("bytes", handle.read())
    return shipped_path(kind, style).read_bytes()


# Text of a run holding a tab, a line break, a bell or a form feed: what docxtpl's listing pass rewrites.
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


# docxtpl tags that add or merge table cells, after which the table grids need docxtpl's repair.
_CELL_TAGS = re.compile(r"{%\s*(?:tc\s|colspan\s|cellbg\s|hm\s*%|vm\s*%)")


class Template(DocxTemplate):
    """docxtpl with two passes skipped when they cannot change anything; on a decision with 1,800
    people in its list they took most of the time (bench/documents.py):

    - the listing pass (tabs and line breaks inside text become Word's own) when no text has one;
    - the repair of table grids when the template has no tag that adds or merges cells (a row loop
      repeats whole rows, whose cells match the grid already).
    """

    _changes_cells = True

    def build_xml(self, context: dict[str, Any], jinja_env: Environment | None = None) -> str:
        text = re.sub(r"<[^>]+>", "", self.get_xml())
        self._changes_cells = _CELL_TAGS.search(text) is not None
        return str(super().build_xml(context, jinja_env))

    def resolve_listing(self, xml: str) -> str:
        if _LISTING.search(xml) is None:
            return xml
        return str(super().resolve_listing(xml))

    def fix_tables(self, xml: str) -> Any:
        if self._changes_cells:
            return super().fix_tables(xml)
        return etree.fromstring(xml, parser=etree.XMLParser(recover=True))


def _environment(*, strict: bool = False) -> SandboxedEnvironment:
    """Templates come from users: Jinja runs sandboxed (no attributes starting with "_", no calls of
    unsafe methods), so a template cannot reach Python's internals; text is escaped for XML."""
    if strict:
        return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    return SandboxedEnvironment(autoescape=True)


def render_template(data: bytes, context: dict[str, Any]) -> bytes:
    """docxtpl on `data` with `context` (a "&" or "<" in a name is written as is)."""
    template = Template(io.BytesIO(data))
    template.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_docx(kind: str, style: str, context: dict[str, Any]) -> bytes:
    """The paper of `kind` in `style` (the template in use) filled with `context`, as DOCX bytes."""
    return render_template(template_bytes(kind, style), context)


def template_problems(kind: str, style: str, data: bytes) -> list[str]:
    """Why `data` cannot be the template of `kind` in `style`; empty when it can."""
    try:
        template = Template(io.BytesIO(data))
        template.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError):
        return [_("The file is not a Word document (.docx).")]
    known = sample_context(kind, style)
    try:
        unknown = sorted(template.get_undeclared_template_variables(jinja_env=_environment(), context=known))
    except TemplateSyntaxError as error:
        return [_("The template has a broken Jinja tag: %(error)s.") % {"error": error.message}]
    if unknown:
        return [
            _("Unknown placeholder “%(name)s”: this paper has no such field.") % {"name": name}
            for name in unknown
        ]
    # Fields of fields ({{ header.isuer }}) and filters are only found by rendering the sample.
    try:
        template.render(known, jinja_env=_environment(strict=True), autoescape=True)
    except SecurityError as error:
        return [_("The template uses something a template may not use: %(error)s.") % {"error": str(error)}]
    except UndefinedError as error:
        return [_("Unknown placeholder: %(error)s.") % {"error": error.message}]
    except TemplateSyntaxError as error:
        return [_("The template has a broken Jinja tag: %(error)s.") % {"error": error.message}]
    except Exception as error:  # a template Word broke must be refused, not crash the page
        return [_("The template cannot be filled in: %(error)s.") % {"error": str(error)}]
    return []
