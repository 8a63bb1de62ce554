"""Pages of the awards app. Thin: the permission door, a form, one service call, redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.audit.services import record_export
from thidua.awards import batch, services
from thidua.awards.forms import (
    RECORD_KINDS,
    BatchForm,
    CheckForm,
    HistoryImportForm,
    LocalAwardForm,
    SettingsForm,
    default_year,
)
from thidua.awards.jobs import queued_job
from thidua.awards.models import (
    AwardCategory,
    AwardRecord,
    AwardType,
    BaseSalary,
    Case,
    Discipline,
    EvaluationResult,
    Initiative,
    JobStatus,
    MaternityLeave,
    PerformanceRating,
    VerdictStatus,
)
from thidua.awards.permissions import (
    can_run_batch,
    get_job_for_user,
    get_person_history_for_user,
    get_unit_history_for_user,
    jobs_visible_to,
    reads_history,
    writes_person_history,
    writes_unit_history,
)
from thidua.awards.rules import evaluate, settings_on
from thidua.awards.sheets import SHEET, export_queryset
from thidua.awards.spreadsheet import results_workbook
from thidua.blocks.models import Block, Standing
from thidua.jobs.permissions import may_cancel
from thidua.lib.forms import add_service_errors
from thidua.orgs.models import Unit
from thidua.orgs.services import lineage_chain

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every title and form with its versions, the base salaries and the eligibility settings."""
    today = timezone.localdate()
    current = settings_on(today)
    form = None
    if perms.is_board(request.user):
        initial = {name: getattr(current, name) for name in services.SETTINGS_FIELDS}
        initial["valid_from"] = today
        form = SettingsForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_settings(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("awards:catalogue")
    elif request.method == "POST":
        raise PermissionDenied
    types = list(
        AwardType.objects.select_related("legal_form").prefetch_related("versions", "legal_form__versions")
    )
    salary = BaseSalary.objects.filter(valid_from__lte=today).order_by("-valid_from").first()
    rows = []
    for award_type in types:
        # A local name is in force, and paid, as its legal title or form (R-CAT-01).
        versions = list((award_type.legal_form or award_type).versions.all())
        now = next((v for v in versions if v.covers(today)), None)
        amounts = []
        if now and salary:
            for collective in (False, True):
                coefficient = now.coefficient_for(collective)
                if coefficient is not None:
                    amounts.append(
                        (
                            collective,
                            coefficient,
                            services.round_up(coefficient * salary.amount, current.rounding_step),
                        )
                    )
        rows.append({"type": award_type, "versions": versions, "now": now, "amounts": amounts})
    return render(
        request,
        "awards/catalogue.html",
        {
            "rows": rows,
            "salaries": BaseSalary.objects.all(),
            "salary": salary,
            "settings": current,
            "settings_rows": [
                (getattr(current._meta.get_field(n), "verbose_name", n), getattr(current, n))
                for n in services.SETTINGS_FIELDS
                if n != "note"
            ],
            "form": form,
            "today": today,
            "can_import": perms.is_board(request.user) or perms.is_unit_officer(request.user),
            "can_edit_catalogue": perms.is_board(request.user),
            # No link that answers 403 to its viewer (issue 15 item 8): the delegate reads no batches.
            "can_see_batches": reads_history(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_entry(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """The board adds an entry to the province's own catalogue, or changes one it added (issue 12 item 7)."""
    perms.require(perms.is_board(request.user))
    entry = None
    if code is not None:
        entry = AwardType.objects.filter(code=code).exclude(category=AwardCategory.LEGAL).first()
        if entry is None:
            raise Http404
    form = LocalAwardForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_local_award(actor=request.user, award_type=entry, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(award)s is in the province's catalogue.") % {"award": saved.name})
            return redirect(reverse("awards:catalogue") + f"#award-{saved.code}")
    return render(
        request,
        "awards/catalogue_entry.html",
        {"form": form, "entry": entry},
        status=422 if request.method == "POST" else 200,
    )


def _history_context(owner: Any, *, person: bool) -> dict[str, Any]:
    key = "person" if person else "unit"
    records: dict[str, Any] = {
        "awards": AwardRecord.objects.filter(**{key: owner})
        .select_related("award_type", "awarded_as")
        .prefetch_related("initiatives"),
        "ratings": PerformanceRating.objects.filter(**{key: owner}),
        "discipline": Discipline.objects.filter(**{key: owner}),
        "cases": Case.objects.filter(**{key: owner}),
    }
    if person:
        records["initiatives"] = Initiative.objects.filter(person=owner).prefetch_related(
            "uses__award_record__award_type"
        )
        records["maternity"] = MaternityLeave.objects.filter(person=owner)
    else:
        records["standings"] = (
            Standing.objects.filter(unit=owner)
            .select_related("block_year__block")
            .order_by("-block_year__year")
        )
        records["lineage"] = lineage_chain(owner)
    return records


@login_required
@require_GET
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_history_for_user(request.user, pk)
    context = _history_context(person, person=True)
    context.update(
        {
            "owner": person,
            "owner_kind": "person",
            "can_write": writes_person_history(request.user, person),
            "kinds": ["award", "rating", "initiative", "discipline", "case", "maternity"],
            "check_form": CheckForm(collective=False, initial={"year": default_year()}),
        }
    )
    return render(request, "awards/history.html", context)


@login_required
@require_GET
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_history_for_user(request.user, pk)
    context = _history_context(unit, person=False)
    context.update(
        {
            "owner": unit,
            "owner_kind": "unit",
            "can_write": writes_unit_history(request.user, unit),
            "kinds": ["award", "rating", "discipline", "case"],
            "check_form": CheckForm(collective=True, initial={"year": default_year()}),
        }
    )
    return render(request, "awards/history.html", context)


def _owner(request: HttpRequest, owner_kind: str, pk: int, *, write: bool = False) -> Any:
    if owner_kind == "person":
        return get_person_history_for_user(request.user, pk, write=write)
    if owner_kind == "unit":
        return get_unit_history_for_user(request.user, pk, write=write)
    raise Http404


def _history_url(owner_kind: str, pk: int) -> str:
    from django.urls import reverse

    return reverse("awards:person_history" if owner_kind == "person" else "awards:unit_history", args=[pk])


@login_required
@require_http_methods(["GET", "POST"])
def add_record(request: HttpRequest, owner_kind: str, pk: int, kind: str) -> HttpResponse:
    """Record an award, rating, initiative, discipline, case or maternity leave."""
    if kind not in RECORD_KINDS or (owner_kind == "unit" and not RECORD_KINDS[kind][2]):
        raise Http404
    owner = _owner(request, owner_kind, pk, write=True)
    model, form_class, _units = RECORD_KINDS[kind]
    extra = {"collective": owner_kind == "unit"} if kind == "award" else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_history_record(
                actor=request.user, model=model, **{owner_kind: owner}, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect(_history_url(owner_kind, pk))
    return render(
        request,
        "awards/record_form.html",
        {
            "form": form,
            "owner": owner,
            "owner_kind": owner_kind,
            "title": model._meta.verbose_name,
            "back": _history_url(owner_kind, pk),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def check(request: HttpRequest, owner_kind: str, pk: int) -> HttpResponse:
    """The eligibility of one person or unit for one title or form and year, explained."""
    owner = _owner(request, owner_kind, pk)
    form = CheckForm(request.GET or None, collective=owner_kind == "unit", initial={"year": default_year()})
    verdict = None
    if form.is_valid():
        verdict = evaluate(
            owner, form.cleaned_data["award_type"].code, form.cleaned_data["year"], on=form.cleaned_data["on"]
        )
    return render(
        request,
        "awards/check.html",
        {
            "owner": owner,
            "owner_kind": owner_kind,
            "form": form,
            "verdict": verdict,
            "award_type": form.cleaned_data["award_type"] if verdict else None,
            "back": _history_url(owner_kind, pk),
        },
        status=422 if request.GET and not form.is_valid() else 200,
    )


def _batch_choices(user: Actor) -> tuple[Any, Any]:
    if perms.is_board(user):
        return Block.objects.all(), Unit.objects.top_level()
    return Block.objects.none(), Unit.objects.filter(id__in=Unit.objects.own_ids(user))


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    """The batch evaluations the user may see, and the form that starts one."""
    perms.require(reads_history(request.user))
    blocks, units = _batch_choices(request.user)
    may_run = perms.is_board(request.user) or perms.is_unit_officer(request.user)
    form = BatchForm(request.POST or None, blocks=blocks, units=units, initial={"year": default_year()})
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if not can_run_batch(request.user, unit=data["unit"], block=data["block"]):
                form.add_error("unit", _("Choose your own unit: you may evaluate only its candidates."))
            else:
                job = batch.start_job(
                    actor=request.user,
                    year=data["year"],
                    on=data["on"],
                    unit=data["unit"],
                    block=data["block"],
                    award_type=data["award_type"],
                )
                return redirect("awards:batch_detail", pk=job.pk)
    jobs = jobs_visible_to(request.user).select_related("unit", "block", "award_type", "created_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/batch_list.html",
        {"page": page, "form": form if may_run else None},
        status=422 if form.errors else 200,
    )


def _filtered_results(request: HttpRequest, job: Any) -> tuple[Any, dict[str, Any]]:
    results = EvaluationResult.objects.filter(job=job)
    chosen: dict[str, Any] = {}
    code = request.GET.get("award", "")
    if code:
        results = results.filter(award_type__code=code)
        chosen["award"] = code
    status = request.GET.get("status", "")
    if status in VerdictStatus.values:
        results = results.filter(status=status)
        chosen["status"] = status
    block = request.GET.get("block", "")
    if block.isdecimal():
        found = Block.objects.filter(pk=int(block)).first()
        results = results.filter(
            home_unit_id__in=batch.scope_units(job.year, block=found) or [] if found else []
        )
        chosen["block"] = int(block)
    unit = request.GET.get("unit", "")
    if unit.isdecimal():
        found_unit = Unit.objects.filter(pk=int(unit)).first()
        results = results.filter(
            home_unit_id__in=batch.scope_units(job.year, unit=found_unit) or [] if found_unit else []
        )
        chosen["unit"] = int(unit)
    results = results.select_related("award_type", "person", "unit", "home_unit").order_by(
        "award_type__position", "status", "priority", "id"
    )
    return results, chosen


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    results, chosen = _filtered_results(request, job)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {(code, status): n for code, status, n in _counts(job)}
    types = list(
        AwardType.objects.filter(pk__in=EvaluationResult.objects.filter(job=job).values("award_type"))
    )
    summary = [
        {
            "type": t,
            "eligible": counts.get((t.code, "eligible"), 0),
            "needs_check": counts.get((t.code, "needs_check"), 0),
            "not_eligible": counts.get((t.code, "not_eligible"), 0),
        }
        for t in types
    ]
    template = (
        "awards/partials/progress.html"
        if getattr(request, "htmx", False) and job.status in (JobStatus.PENDING, JobStatus.RUNNING)
        else "awards/batch_detail.html"
    )
    return render(
        request,
        template,
        {
            "job": job,
            "page": page,
            "chosen": chosen,
            "summary": summary,
            "types": types,
            "blocks": Block.objects.filter(years__year=job.year).distinct()
            if perms.sees_everything(request.user)
            else Block.objects.none(),
            "statuses": VerdictStatus.choices,
            "running": job.status in (JobStatus.PENDING, JobStatus.RUNNING),
            "queued": queued if (queued := queued_job(job)) and may_cancel(request.user, queued) else None,
        },
    )


def _counts(job: Any) -> list[tuple[str, str, int]]:
    from django.db.models import Count

    return list(
        EvaluationResult.objects.filter(job=job)
        .values_list("award_type__code", "status")
        .annotate(n=Count("id"))
        .values_list("award_type__code", "status", "n")
    )


@login_required
@require_GET
def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    results, _chosen = _filtered_results(request, job)
    response = HttpResponse(
        results_workbook(job, results),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="thidua-xet-dieu-kien-{job.year}-{job.pk}.xlsx"'
    return response


def _record_and_owner(request: HttpRequest, kind: str, pk: int) -> tuple[Any, str, Any]:
    """A history record of `kind` and its owner, through the owner's door for writing (404 / 403)."""
    if kind not in RECORD_KINDS:
        raise Http404
    obj = RECORD_KINDS[kind][0].objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    owner_kind = "unit" if getattr(obj, "unit_id", None) else "person"
    owner = _owner(request, owner_kind, obj.unit_id if owner_kind == "unit" else obj.person_id, write=True)
    return obj, owner_kind, owner


@login_required
@require_http_methods(["GET", "POST"])
def edit_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Correct a history record, e.g. close a case when the verification cleared the candidate (audited)."""
    obj, owner_kind, owner = _record_and_owner(request, kind, pk)
    model, form_class, _units = RECORD_KINDS[kind]
    extra = {"collective": owner_kind == "unit"} if kind == "award" else {}
    form = form_class(request.POST or None, instance=model.objects.get(pk=obj.pk), **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_history_record(actor=request.user, obj=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_history_url(owner_kind, owner.pk))
    return render(
        request,
        "awards/record_form.html",
        {
            "form": form,
            "owner": owner,
            "owner_kind": owner_kind,
            "title": model._meta.verbose_name,
            "back": _history_url(owner_kind, owner.pk),
            "delete_url": reverse("awards:delete_record", args=[kind, obj.pk]),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def delete_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove a wrongly recorded history record (audited)."""
    obj, owner_kind, owner = _record_and_owner(request, kind, pk)
    try:
        services.delete_history_record(actor=request.user, obj=obj)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Deleted."))
    return redirect(_history_url(owner_kind, owner.pk))


def _require_importer(user: Actor) -> None:
    perms.require(perms.is_board(user) or perms.is_unit_officer(user))


@login_required
@require_http_methods(["GET", "POST"])
def history_transfer(request: HttpRequest) -> HttpResponse:
    """Import the award history from XLSX or CSV (all or nothing), download the template, export."""
    _require_importer(request.user)
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = SHEET.import_file(form.cleaned_data["file"], actor=request.user)
        if result.ok:
            messages.success(request, _("Award history: %(n)s awards added.") % {"n": result.created})
            return redirect("awards:history_transfer")
    status = 422 if request.method == "POST" else 200
    if result is not None and any(e.row == 0 for e in result.errors):
        status = 400  # the file refused as a whole (unreadable, too big, a bomb)
    return render(
        request,
        "awards/transfer.html",
        {
            "form": form,
            "sheet": SHEET,
            "result": result,
            "errors_shown": result.errors[:200] if result else [],
        },
        status=status,
    )


@login_required
@require_GET
def history_file(request: HttpRequest, what: str) -> HttpResponse:
    _require_importer(request.user)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if what == "template.xlsx":
        content, kind, name = SHEET.template(), "xlsx", "thidua-mau-khen-thuong.xlsx"
    elif what == "export.xlsx":
        content, kind, name = (
            SHEET.export(export_queryset(request.user), viewer=request.user),
            "xlsx",
            f"thidua-khen-thuong-{stamp}.xlsx",
        )
    elif what == "export.csv":
        content, kind, name = (
            SHEET.export_csv(export_queryset(request.user), viewer=request.user),
            "csv",
            f"thidua-khen-thuong-{stamp}.csv",
        )
    else:
        raise Http404
    if what.startswith("export."):
        rows = export_queryset(request.user).count()
        record_export(actor=request.user, kind="award_history", rows=rows, file_format=kind)
    types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }
    response = HttpResponse(content, content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
