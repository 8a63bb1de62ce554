"""Pages of the proposals: the board's inbox, the block year's tab, a dossier with its lines,
verdicts, history and actions (one view per action), decisions and the reward fund."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.awards.models import AwardType
from thidua.blocks.permissions import get_block_year_for_user
from thidua.conferences.models import AwardCandidate
from thidua.conferences.views.common import year_context
from thidua.jobs.services import enqueue
from thidua.lib.forms import add_service_errors, fail_messages, form_fail_messages
from thidua.lib.uploads import serve_stored_file
from thidua.proposals import achievement, papers, services
from thidua.proposals.checklist import checklist
from thidua.proposals.forms import (
    DECISION_INITIAL,
    AchievementReportForm,
    AppraiseForm,
    AttachmentForm,
    DeadlineForm,
    DecisionForm,
    DossierForm,
    ExternalDecisionForm,
    FundEntryForm,
    HolidayForm,
    LineEditForm,
    LineForm,
    ReasonForm,
    ReplaceForm,
    ReturnForm,
    SignerForm,
)
from thidua.proposals.models import (
    CLOSED,
    AchievementReport,
    Appraisal,
    Deadline,
    Dossier,
    DossierAttachment,
    DossierStatus,
    FundEntry,
    Holiday,
)
from thidua.proposals.permissions import (
    can_create_for,
    can_decide,
    can_edit,
    can_propose_for,
    can_run_block_dossier,
    decisions_visible_to,
    get_decision_for_user,
    get_dossier_for_user,
    get_line_for_user,
    is_proposer,
    is_receiver,
    may_take,
    reads_fund,
    steps_for,
    writes_fund,
)
from thidua.proposals.rules import basis_label, working_days
from thidua.proposals.spreadsheet import fund_workbook, payment_sheet


def dossier_url(dossier: Dossier) -> str:
    return reverse("proposals:dossier", args=[dossier.pk])


def _require_seen(user: Actor) -> None:
    """Delegates and anonymous users have no proposals pages."""
    perms.require(perms.sees_everything(user) or perms.is_unit_officer(user))


# -- lists -------------------------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The board's inbox (a unit's own dossiers for a unit officer): counts by state, filters, deadlines."""
    _require_seen(request.user)
    visible = Dossier.objects.visible_to(request.user)
    counts = Counter(visible.values_list("status", flat=True))
    dossiers: QuerySet[Dossier] = visible.select_related(
        "proposing_unit", "receiving_body", "block_year__block"
    )
    status = request.GET.get("status", "")
    if status in DossierStatus.values:
        dossiers = dossiers.filter(status=status)
    year = request.GET.get("year", "")
    if year.isdecimal():
        dossiers = dossiers.filter(year=int(year))
    if request.GET.get("late"):
        dossiers = dossiers.filter(late=True)
    today = timezone.localdate()
    shown = list(dossiers[:300])
    opened = [d.received_on for d in shown if d.received_on and d.status not in CLOSED]
    holidays = (
        set(Holiday.objects.filter(day__gt=min(opened), day__lte=today).values_list("day", flat=True))
        if opened
        else set()
    )
    rows = [
        (
            d,
            working_days(d.received_on, today, holidays=holidays)
            if d.received_on and d.status not in CLOSED
            else None,
        )
        for d in shown
    ]
    form = None
    if perms.is_board(request.user) or perms.is_unit_officer(request.user):
        form = DossierForm(
            initial={"year": today.year, "proposing_unit": getattr(request.user, "unit_id", None)},
            user=request.user,
        )
    return render(
        request,
        "proposals/inbox.html",
        {
            "rows": rows,
            "states": [(value, label, counts.get(value, 0)) for value, label in DossierStatus.choices],
            "status": status,
            "year": year,
            "late": bool(request.GET.get("late")),
            "total": sum(counts.values()),
            "form": form,
            "deadlines": Deadline.objects.all()[:10],
        },
    )


@login_required
@require_POST
def dossier_create(request: HttpRequest) -> HttpResponse:
    form = DossierForm(request.POST, user=request.user)
    if form.is_valid():
        perms.require(can_create_for(request.user, form.cleaned_data["proposing_unit"].pk))
        dossier = services.create_dossier(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Dossier created: add its lines, then submit it."))
        return redirect(dossier_url(dossier))
    form_fail_messages(request, form)
    return redirect("proposals:inbox")


@login_required
def block_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The block year's "Đề nghị khen thưởng" tab: its dossiers, and one from the conference."""
    block_year = get_block_year_for_user(request.user, pk, year)
    _require_seen(request.user)
    run = can_run_block_dossier(request.user, block_year)
    if request.method == "POST":
        perms.require(run)
        try:
            dossier = services.create_block_dossier(actor=request.user, block_year=block_year)
        except ValidationError as exc:
            fail_messages(request, exc)
            return redirect("proposals:block_year", pk, year)
        messages.success(request, _("Dossier created from the conference's approved proposals."))
        return redirect(dossier_url(dossier))
    candidates = AwardCandidate.objects.filter(block_year=block_year).select_related(
        "award_type", "unit", "person"
    )
    context = year_context(block_year, request.user)
    context["tab"] = "proposals"
    return render(
        request,
        "proposals/block_year.html",
        {
            **context,
            "dossiers": Dossier.objects.visible_to(request.user).filter(block_year=block_year),
            "candidates": candidates,
            "run": run,
        },
    )


# -- one dossier -----------------------------------------------------------------------------------

# The page's buttons: target status -> (url name, label, asks a reason). Returning has its own form.
STEP_BUTTONS: dict[str, tuple[str, Any, bool]] = {
    DossierStatus.SUBMITTED: ("proposals:submit", gettext_lazy("Submit"), False),
    DossierStatus.RESUBMITTED: ("proposals:resubmit", gettext_lazy("Resubmit"), False),
    DossierStatus.RECEIVED: ("proposals:receive", gettext_lazy("Receive"), False),
    DossierStatus.FOR_COUNCIL: ("proposals:send_to_council", gettext_lazy("Send to the council"), False),
    DossierStatus.REJECTED: ("proposals:reject", gettext_lazy("Reject"), True),
    DossierStatus.WITHDRAWN: ("proposals:withdraw", gettext_lazy("Withdraw"), True),
}


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """Lines of the shown version with their verdicts (a warning when the history changed), the
    history of steps, the decisions and the actions the viewer may take."""
    dossier = get_dossier_for_user(request.user, pk)
    shown = dossier.version
    asked = request.GET.get("version", "")
    if asked.isdecimal() and 1 <= int(asked) <= dossier.version:
        shown = int(asked)
    lines = list(
        dossier.lines.filter(version=shown).select_related("award_type", "person", "unit", "candidate")
    )
    receiver = is_receiver(request.user, dossier)
    rows = []
    for line in lines:
        changed = (
            shown == dossier.version
            and dossier.status != DossierStatus.DRAFT
            # once decided, the dossier's own awards are in the history: no warning for those
            and dossier.status not in CLOSED
            and services.history_changed(line)
        )
        rows.append(
            {
                "line": line,
                "basis": basis_label(line.award_type.code, line.basis) if line.basis else "",
                "changed": changed,
                "appraise": AppraiseForm(prefix=f"a{line.pk}", initial={"appraisal": Appraisal.ELIGIBLE})
                if receiver and shown == dossier.version and dossier.status in ("received", "under_review")
                else None,
            }
        )
    editable = shown == dossier.version and can_edit(request.user, dossier)
    decided_types = AwardType.objects.filter(
        pk__in=dossier.current_lines().filter(appraisal=Appraisal.ELIGIBLE).values("award_type")
    )
    return render(
        request,
        "proposals/dossier.html",
        {
            "dossier": dossier,
            "shown": shown,
            "versions": list(range(dossier.version, 0, -1)),
            "rows": rows,
            "transitions": dossier.transitions.select_related("actor"),
            "actions": [
                (
                    reverse(STEP_BUTTONS[to][0], args=[dossier.pk]),
                    STEP_BUTTONS[to][1],
                    STEP_BUTTONS[to][2],
                    to,
                )
                for to in steps_for(request.user, dossier)
                if to in STEP_BUTTONS
            ],
            "editable": editable,
            "line_form": LineForm(user=request.user) if editable else None,
            "return_form": ReturnForm(lines=lines)
            if may_take(request.user, dossier, DossierStatus.RETURNED)
            else None,
            "reason_form": ReasonForm(),
            "decision_form": DecisionForm(
                award_types=decided_types,
                initial={**DECISION_INITIAL, "award_type": decided_types.first()},
            )
            if can_decide(request.user) and dossier.status == DossierStatus.FOR_COUNCIL
            else None,
            "decisions": dossier.decisions.select_related("award_type"),
            "paper": papers.submission_paper(dossier, shown),
            "proposer": is_proposer(request.user, dossier),
            "attachments": dossier.attachments.filter(version=shown).select_related(
                "line__award_type", "line__person", "line__unit", "uploaded_by", "removed_by"
            ),
            "attachment_form": AttachmentForm(lines=lines) if editable else None,
            "signer_form": SignerForm(
                initial={"signer_title": dossier.signer_title, "signer_name": dossier.signer_name}
            )
            if editable
            else None,
            "checklist": checklist(dossier, shown),
            "processing_days": working_days(dossier.received_on, timezone.localdate())
            if dossier.received_on and dossier.status not in CLOSED
            else None,
        },
    )


@login_required
@require_POST
def signer(request: HttpRequest, pk: int) -> HttpResponse:
    """Who signs the tờ trình for the proposing unit (while the unit may change the dossier)."""
    dossier = get_dossier_for_user(request.user, pk, write=True)
    form = SignerForm(request.POST)
    if form.is_valid():
        try:
            services.set_signer(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            fail_messages(request, exc)
        else:
            messages.success(request, _("Signer saved."))
    else:
        form_fail_messages(request, form)
    return redirect(dossier_url(dossier))


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk, write=True)
    form = LineForm(request.POST, user=request.user)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(dossier_url(dossier))
    data = form.cleaned_data
    person, unit = data["person"], data["unit"]
    perms.require(
        can_propose_for(
            request.user, person_unit_id=person.positions.values_list("unit_id", flat=True).first()
        )
        if person
        else can_propose_for(request.user, unit_id=unit.pk)
    )
    try:
        services.add_line(actor=request.user, dossier=dossier, **data)
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("Line added."))
    return redirect(dossier_url(dossier))


@login_required
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_line_for_user(request.user, pk, write=True)
    form = LineEditForm(request.POST or None, initial={"basis": line.basis, "wording": line.wording})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_line(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Line saved."))
            return redirect(dossier_url(line.dossier))
    return render(request, "proposals/line_form.html", {"line": line, "dossier": line.dossier, "form": form})


@login_required
def line_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The line's báo cáo thành tích: prefilled from the history, edited by the unit while it may
    change the dossier, read by anyone who sees the dossier."""
    line = get_line_for_user(request.user, pk)
    editable = line.version == line.dossier.version and can_edit(request.user, line.dossier)
    draft = achievement.draft_of(line, request.user)
    form = AchievementReportForm(
        request.POST or None,
        initial={"profile": draft.profile, "achievements": draft.achievements, "awards": draft.awards},
    )
    if request.method == "POST":
        perms.require(editable)
        if form.is_valid():
            try:
                services.save_achievement_report(actor=request.user, line=line, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Achievement report saved."))
                return redirect(dossier_url(line.dossier) + "#papers")
    return render(
        request,
        "proposals/line_report.html",
        {
            "line": line,
            "dossier": line.dossier,
            "form": form,
            "draft": draft,
            "editable": editable,
            "saved": AchievementReport.objects.filter(line=line).select_related("updated_by").first(),
        },
    )


@login_required
def line_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The báo cáo thành tích as DOCX through the documents engine's report template."""
    line = get_line_for_user(request.user, pk)
    return _docx(achievement.report_docx(line, request.user), f"bao-cao-thanh-tich-{line.pk}.docx")


@login_required
@require_POST
def line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_line_for_user(request.user, pk, write=True)
    try:
        services.remove_line(actor=request.user, line=line)
    except ValidationError as exc:
        fail_messages(request, exc)
    return redirect(dossier_url(line.dossier))


@login_required
@require_POST
def line_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_line_for_user(request.user, pk)
    perms.require(is_receiver(request.user, line.dossier))
    form = AppraiseForm(request.POST, prefix=f"a{line.pk}")
    if form.is_valid():
        try:
            services.appraise_line(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as exc:
            fail_messages(request, exc)
        else:
            messages.success(request, _("Appraisal saved."))
    return redirect(dossier_url(line.dossier))


# -- the papers of a dossier ---------------------------------------------------------------------


def _attachment_for(user: Actor, pk: int, *, write: bool = False) -> DossierAttachment:
    """A paper through its dossier's door (404 when the dossier is not visible)."""
    item = get_object_or_404(DossierAttachment.objects.select_related("line"), pk=pk)
    item.dossier = get_dossier_for_user(user, item.dossier_id, write=write)
    return item


def _papers_url(dossier: Dossier) -> str:
    return dossier_url(dossier) + "#papers"


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES, lines=list(dossier.current_lines()))
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(_papers_url(dossier))
    upload = form.cleaned_data["file"]
    try:
        services.upload_attachment(
            actor=request.user,
            dossier=dossier,
            kind=form.cleaned_data["kind"],
            line=form.cleaned_data["line"],
            note=form.cleaned_data["note"],
            name=upload.name,
            content=upload,
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("Paper attached."))
    return redirect(_papers_url(dossier))


@login_required
@require_POST
def attachment_replace(request: HttpRequest, pk: int) -> HttpResponse:
    item = _attachment_for(request.user, pk, write=True)
    form = ReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(_papers_url(item.dossier))
    upload = form.cleaned_data["file"]
    try:
        services.upload_attachment(
            actor=request.user,
            dossier=item.dossier,
            kind=item.kind,
            replaces=item,
            note=item.note,
            name=upload.name,
            content=upload,
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("Paper replaced; the earlier file stays in the history."))
    return redirect(_papers_url(item.dossier))


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _attachment_for(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.remove_attachment(
            actor=request.user, attachment=item, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("Paper removed; it stays in the history."))
    return redirect(_papers_url(item.dossier))


@login_required
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file, through the dossier's door (removed and replaced papers too: history)."""
    item = _attachment_for(request.user, pk)
    return serve_stored_file(item, inline=request.GET.get("inline") == "1")


def _step(request: HttpRequest, pk: int, to: str, service: Any, *, reason: bool = False) -> HttpResponse:
    """Load through the door, check the viewer plays the step's actor, call the one service."""
    dossier = get_dossier_for_user(request.user, pk)
    perms.require(may_take(request.user, dossier, to))
    values: dict[str, Any] = {}
    if reason:
        form = ReasonForm(request.POST)
        form.is_valid()
        values["reason"] = form.cleaned_data.get("reason", "")
    try:
        service(actor=request.user, dossier=dossier, **values)
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The dossier is now “%(status)s”.") % {"status": DossierStatus(to).label})
    return redirect(dossier_url(dossier))


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DossierStatus.SUBMITTED, services.submit_dossier)


@login_required
@require_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DossierStatus.RESUBMITTED, services.resubmit_dossier)


@login_required
@require_POST
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DossierStatus.RECEIVED, services.receive_dossier)


@login_required
@require_POST
def send_to_council(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DossierStatus.FOR_COUNCIL, services.send_to_council)


@login_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DossierStatus.REJECTED, services.reject_dossier, reason=True)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, DossierStatus.WITHDRAWN, services.withdraw_dossier, reason=True)


@login_required
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the unit: a reason for the dossier (mandatory) and optionally for chosen lines."""
    dossier = get_dossier_for_user(request.user, pk)
    perms.require(may_take(request.user, dossier, DossierStatus.RETURNED))
    form = ReturnForm(request.POST, lines=list(dossier.current_lines()))
    form.is_valid()
    try:
        services.return_dossier(
            actor=request.user,
            dossier=dossier,
            reason=form.cleaned_data.get("reason", ""),
            line_reasons=form.line_reasons(),
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The dossier was returned to its unit."))
    return redirect(dossier_url(dossier))


# -- decisions -------------------------------------------------------------------------------------


@login_required
@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    perms.require(can_decide(request.user))
    form = DecisionForm(request.POST, award_types=AwardType.objects.all())
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(dossier_url(dossier))
    try:
        decision = services.draft_decision(actor=request.user, dossier=dossier, **form.cleaned_data)
    except ValidationError as exc:
        fail_messages(request, exc)
        return redirect(dossier_url(dossier))
    messages.success(request, _("Draft decision created: check it, then issue it."))
    return redirect("proposals:decision", decision.pk)


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    _require_seen(request.user)
    return render(
        request,
        "proposals/decision_list.html",
        {
            "decisions": decisions_visible_to(request.user).select_related("award_type", "dossier")[:300],
            "can_decide": can_decide(request.user),
        },
    )


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    lines = list(decision.lines.select_related("person", "unit"))
    return render(
        request,
        "proposals/decision.html",
        {
            "decision": decision,
            "collectives": [line for line in lines if line.unit_id],
            "individuals": [line for line in lines if line.person_id],
            "total": sum(line.amount for line in lines),
            "can_decide": can_decide(request.user),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, write=True)
    try:
        services.issue_decision(actor=request.user, decision=decision)
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("Decision issued: the awards are in the history."))
    return redirect("proposals:decision", decision.pk)


@login_required
@require_POST
def decision_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.cancel_decision(
            actor=request.user, decision=decision, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("Decision cancelled: its award records are void."))
    return redirect("proposals:decision", decision.pk)


@login_required
def decision_external(request: HttpRequest) -> HttpResponse:
    """Record a decision made outside thidua (e.g. the Government's flag) with its scanned file."""
    perms.require(can_decide(request.user))
    form = ExternalDecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person, unit = data.pop("person"), data.pop("unit")
        try:
            decision = services.record_external_decision(
                actor=request.user,
                people=[person] if person else [],
                units=[unit] if unit else [],
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded: the awards are in the history."))
            return redirect("proposals:decision", decision.pk)
    return render(request, "proposals/decision_external.html", {"form": form})


# -- papers (the documents engine) -------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def dossier_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The tờ trình with its danh sách of the shown version (DOCX), through the dossier's door."""
    dossier = get_dossier_for_user(request.user, pk)
    version = dossier.version
    asked = request.GET.get("version", "")
    if asked.isdecimal() and 1 <= int(asked) <= dossier.version:
        version = int(asked)
    data = papers.submission_docx(dossier, version)
    return _docx(data, f"to-trinh-{dossier.pk}-v{version}.docx")


def _paper_decision(request: HttpRequest, pk: int) -> Any:
    decision = get_decision_for_user(request.user, pk)
    if decision.external or decision.dossier_id is None:
        raise Http404  # its paper is the scanned file
    return decision


@login_required
def decision_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision with its attached list (DOCX); a draft's number is left blank."""
    decision = _paper_decision(request, pk)
    return _docx(papers.decision_docx(decision), f"quyet-dinh-{decision.pk}.docx")


@login_required
def decision_payments(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision's payment sheet (danh sách chi tiền thưởng, XLSX), through the decision's door."""
    decision = _paper_decision(request, pk)
    response = HttpResponse(
        payment_sheet(decision),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="danh-sach-chi-{decision.pk}.xlsx"'
    return response


@login_required
@require_POST
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Starts the PDF job; its page shows the progress and the file."""
    decision = _paper_decision(request, pk)
    job = enqueue("proposals.decision_pdf", actor=request.user, decision_id=decision.pk)
    return redirect("jobs:detail", job.pk)


# -- the fund and the calendar ----------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdecimal() and 1945 <= int(asked) <= 2100 else timezone.localdate().year


@login_required
def fund(request: HttpRequest) -> HttpResponse:
    """Receipts and payments of a year per issuing level, the organisation share and the balance."""
    perms.require(reads_fund(request.user))
    year = _year(request)
    form = None
    if writes_fund(request.user):
        form = FundEntryForm(request.POST or None, initial={"day": datetime.date(year, 1, 1)})
        if request.method == "POST" and form.is_valid():
            try:
                services.add_fund_entry(actor=request.user, year=year, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Entry recorded."))
                return redirect(f"{reverse('proposals:fund')}?year={year}")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "proposals/fund.html",
        {
            "year": year,
            "balances": services.fund_balances(year),
            "entries": FundEntry.objects.filter(year=year).select_related("decision_line__decision"),
            "form": form,
        },
    )


@login_required
def fund_export(request: HttpRequest) -> HttpResponse:
    perms.require(reads_fund(request.user))
    year = _year(request)
    response = HttpResponse(
        fund_workbook(year), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="quy-thi-dua-khen-thuong-{year}.xlsx"'
    return response


def _calendar_page(
    request: HttpRequest,
    deadline_form: DeadlineForm | None = None,
    holiday_form: HolidayForm | None = None,
    status: int = 200,
) -> HttpResponse:
    board = perms.is_board(request.user)
    return render(
        request,
        "proposals/calendar.html",
        {
            "deadlines": Deadline.objects.all(),
            "holidays": Holiday.objects.all(),
            "deadline_form": (deadline_form or DeadlineForm(prefix="d")) if board else None,
            "holiday_form": (holiday_form or HolidayForm(prefix="h")) if board else None,
        },
        status=status,
    )


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The board's deadlines per year and kind (R-TIME-01) and its holidays."""
    perms.require(perms.sees_everything(request.user))
    return _calendar_page(request)


@login_required
@require_POST
def calendar_deadline(request: HttpRequest) -> HttpResponse:
    """The board sets the deadline of a year and kind of dossier (R-TIME-01)."""
    perms.require(perms.is_board(request.user))
    form = DeadlineForm(request.POST, prefix="d")
    if form.is_valid():
        try:
            services.set_deadline(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("proposals:calendar")
    return _calendar_page(request, deadline_form=form, status=400)


@login_required
@require_POST
def calendar_holiday(request: HttpRequest) -> HttpResponse:
    """The board adds a holiday, which working days skip."""
    perms.require(perms.is_board(request.user))
    form = HolidayForm(request.POST, prefix="h")
    if form.is_valid():
        try:
            services.add_holiday(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("proposals:calendar")
    return _calendar_page(request, holiday_form=form, status=400)
