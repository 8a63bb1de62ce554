"""The board's pages of the documents engine: templates (list, download, upload) and the number register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import permissions as perms
from thidua.documents.contexts import TemplateKind, sample_context
from thidua.documents.forms import RegisterFilterForm, TemplateUploadForm
from thidua.documents.models import DocumentTemplate
from thidua.documents.pdf import ConversionError, docx_to_pdf
from thidua.documents.permissions import get_template_slot_for_user, numbers_visible_to
from thidua.documents.render import render_docx, template_bytes
from thidua.documents.services import upload_template
from thidua.documents.skeleton import shipped_path
from thidua.documents.styles import DocumentStyle
from thidua.lib.forms import add_service_errors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REGISTER_ROWS = 500


def _slots() -> list[dict[str, Any]]:
    versions: dict[tuple[str, str], list[DocumentTemplate]] = {}
    for template in DocumentTemplate.objects.select_related("uploaded_by").order_by("-version"):
        versions.setdefault((template.kind, template.style), []).append(template)
    return [
        {
            "kind": kind,
            "style": style,
            "versions": versions.get((kind.value, style.value), []),
        }
        for kind in TemplateKind
        for style in DocumentStyle
    ]


def _list_page(
    request: HttpRequest, *, form: TemplateUploadForm | None = None, active: tuple[str, str] | None = None
) -> HttpResponse:
    perms.require(perms.is_board(request.user))
    context = {"slots": _slots(), "form": form or TemplateUploadForm(), "active": active}
    return render(request, "documents/template_list.html", context, status=422 if active else 200)


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_GET
def template_download(request: HttpRequest, kind: str, style: str) -> HttpResponse:
    kind, style = get_template_slot_for_user(request.user, kind, style)
    shipped = request.GET.get("shipped") == "1"
    data = shipped_path(kind, style).read_bytes() if shipped else template_bytes(kind, style)
    response = HttpResponse(data, content_type=DOCX)
    suffix = "-goc" if shipped else ""
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}-{style}{suffix}.docx"'
    return response


@login_required
@require_GET
def template_preview(request: HttpRequest, kind: str, style: str) -> HttpResponse:
    """The template in use filled with the sample paper, as DOCX or (?format=pdf) PDF: what an
    edited template looks like before a real paper is made with it."""
    kind, style = get_template_slot_for_user(request.user, kind, style)
    data = render_docx(kind, style, sample_context(kind, style))
    if request.GET.get("format") == "pdf":
        try:
            pdf = docx_to_pdf(data)
        except ConversionError:
            messages.error(request, _("The PDF could not be made on this server; download the DOCX preview."))
            return redirect("documents:template_list")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="xem-truoc-{kind}-{style}.pdf"'
        return response
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="xem-truoc-{kind}-{style}.docx"'
    return response


@login_required
@require_POST
def template_upload(request: HttpRequest, kind: str, style: str) -> HttpResponse:
    kind, style = get_template_slot_for_user(request.user, kind, style, write=True)
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            template = upload_template(
                actor=request.user,
                kind=kind,
                style=style,
                data=upload.read(),
                file_name=upload.name,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the template is now in use.") % {"version": template.version},
            )
            return redirect("documents:template_list")
    return _list_page(request, form=form, active=(kind, style))


@login_required
@require_GET
def number_register(request: HttpRequest) -> HttpResponse:
    numbers = numbers_visible_to(request.user)
    form = RegisterFilterForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        if form.cleaned_data["doc_type"]:
            numbers = numbers.filter(doc_type=form.cleaned_data["doc_type"])
    numbers = numbers.filter(year=year)
    context = {
        "form": form,
        "year": year,
        "numbers": list(numbers[:REGISTER_ROWS]),
        "limited": numbers.count() > REGISTER_ROWS,
    }
    return render(request, "documents/number_register.html", context)
