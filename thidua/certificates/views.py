"""Pages of the certificates: layouts (list, edit, preview on the scan), printers and their offsets,
and the print of an issued decision (a job)."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.certificates import services
from thidua.certificates.forms import DefaultLayoutsForm, FieldFormSet, LayoutForm, PrinterForm, PrintForm
from thidua.certificates.models import CertificateLayout, LayoutField, Printer
from thidua.certificates.permissions import (
    get_layout_for_user,
    get_printable_decision_for_user,
    get_printer_for_user,
    manages_certificates,
)
from thidua.lib.forms import form_fail_messages


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _printer(request: HttpRequest) -> tuple[Printer | None, list[str]]:
    """The printer asked for in the query (?printer=), or what is wrong with it."""
    form = PrintForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["printer"], []
    return None, [str(error) for error in form.errors["printer"]]


@login_required
def layout_list(request: HttpRequest) -> HttpResponse:
    perms.require(manages_certificates(request.user))
    form = LayoutForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            layout = services.create_layout(
                actor=request.user,
                name=data["name"],
                recipient_kind=data["recipient_kind"],
                award_type=data["award_type"],
                width_mm=float(data["paper_width_mm"]),
                height_mm=float(data["paper_height_mm"]),
                place=data["place"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("certificates:layout_edit", layout.pk)
    layouts = CertificateLayout.objects.select_related("award_type")
    return render(request, "certificates/layout_list.html", {"layouts": layouts, "form": form})


@login_required
@require_POST
def layout_defaults(request: HttpRequest) -> HttpResponse:
    perms.require(manages_certificates(request.user))
    form = DefaultLayoutsForm(request.POST)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect("certificates:layout_list")
    made = services.create_default_layouts(actor=request.user, place=form.cleaned_data["place"])
    messages.success(request, _("%(count)s layouts added.") % {"count": len(made)})
    return redirect("certificates:layout_list")


@login_required
def layout_edit(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_layout_for_user(request.user, pk)
    posted = request.method == "POST"
    form = LayoutForm(request.POST if posted else None, request.FILES if posted else None, instance=layout)
    fields = FieldFormSet(request.POST if posted else None, queryset=layout.fields.all(), prefix="f")
    if posted and form.is_valid() and fields.is_valid():
        try:
            services.update_layout(
                actor=request.user, layout=CertificateLayout.objects.get(pk=layout.pk), **form.cleaned_data
            )
            for sub in fields.forms:
                if sub.has_changed():
                    changes = {k: v for k, v in sub.cleaned_data.items() if k != "id"}
                    fresh = LayoutField.objects.get(pk=sub.instance.pk, layout=layout)
                    services.update_field(actor=request.user, field=fresh, **changes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The layout is saved."))
            return redirect("certificates:layout_edit", layout.pk)
    context = {
        "layout": layout,
        "form": form,
        "fields": fields,
        "version": services.last_version(layout),
    }
    return render(request, "certificates/layout_edit.html", context)


@login_required
def layout_preview(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_layout_for_user(request.user, pk)
    printer, errors = _printer(request)
    for error in errors:
        messages.error(request, error)
    return render(
        request,
        "certificates/layout_preview.html",
        {"layout": layout, "printers": Printer.objects.all(), "printer": printer},
    )


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # type: ignore[arg-type]  # csp types views as (request) only
def layout_preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The sample on the scan of the blank, shown inside the preview page (so this one PDF may be
    framed by our own pages, and only by them); ?scan=0 prints it without the scan (with the
    printer's scale and offset) on a real blank."""
    layout = get_layout_for_user(request.user, pk)
    background = request.GET.get("scan", "1") != "0"
    printer, errors = _printer(request)
    if errors:
        return HttpResponseBadRequest(" ".join(errors))
    data = services.preview_pdf(layout=layout, background=background, printer=printer)
    return _pdf(data, f"mau-giay-chung-nhan-{layout.pk}.pdf")


@login_required
def calibration_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_layout_for_user(request.user, pk)
    printer, errors = _printer(request)
    if errors:
        return HttpResponseBadRequest(" ".join(errors))
    return _pdf(services.calibration_pdf(layout=layout, printer=printer), f"can-chinh-{layout.pk}.pdf")


@login_required
def printer_list(request: HttpRequest) -> HttpResponse:
    perms.require(manages_certificates(request.user))
    form = PrinterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_printer(actor=request.user, **form.cleaned_data)
        return redirect("certificates:printer_list")
    layouts = CertificateLayout.objects.all()
    return render(
        request,
        "certificates/printer_list.html",
        {"printers": Printer.objects.all(), "form": form, "layouts": layouts},
    )


@login_required
def printer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    printer = get_printer_for_user(request.user, pk)
    form = PrinterForm(request.POST or None, instance=printer)
    if request.method == "POST" and form.is_valid():
        services.save_printer(
            actor=request.user, printer=Printer.objects.get(pk=printer.pk), **form.cleaned_data
        )
        return redirect("certificates:printer_list")
    return render(request, "certificates/printer_edit.html", {"printer": printer, "form": form})


@login_required
@require_POST
def decision_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Gives the sổ vàng numbers (once) and starts the job; its page shows the progress and the PDF."""
    decision = get_printable_decision_for_user(request.user, pk)
    form = PrintForm(request.POST)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect("proposals:decision", decision.pk)
    try:
        job = services.print_decision_certificates(
            actor=request.user, decision=decision, printer=form.cleaned_data["printer"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("proposals:decision", decision.pk)
    return redirect("jobs:detail", job.pk)
