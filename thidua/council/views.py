"""Pages of the council: the councils of the issuing bodies with their members, a session with its
dossiers, attendance, paper counts against the threshold ceil(p·N) of all members and its closing
(issue 9 item 5). Thin: each view goes through the door of `permissions` and calls one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import permissions as perms
from thidua.council import papers, services
from thidua.council.forms import (
    CouncilForm,
    CountsForm,
    MemberForm,
    OpenForm,
    PutDossierForm,
    SessionForm,
    dossiers_for,
)
from thidua.council.models import Council, CouncilSession, SessionStatus
from thidua.council.permissions import can_run, get_council_for_user, get_session_for_user, require_read
from thidua.lib.forms import fail_messages, form_fail_messages


def council_url(council: Council) -> str:
    return reverse("council:council", args=[council.pk])


def session_url(session: CouncilSession) -> str:
    return reverse("council:session", args=[session.pk])


# -- councils ---------------------------------------------------------------------------------------


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    run = can_run(request.user)
    return render(
        request,
        "council/list.html",
        {
            "councils": Council.objects.select_related("body").prefetch_related("members"),
            "form": CouncilForm() if run else None,
        },
    )


@login_required
@require_POST
def council_create(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    perms.require(can_run(request.user))
    form = CouncilForm(request.POST)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect("council:list")
    data = form.cleaned_data
    try:
        council = services.create_council(
            actor=request.user, body=data["body"], year=data["year"], name=data["name"]
        )
    except ValidationError as exc:
        fail_messages(request, exc)
        return redirect("council:list")
    messages.success(request, _("The council is created. Add its members."))
    return redirect(council_url(council))


@login_required
def council(request: HttpRequest, pk: int) -> HttpResponse:
    """Members with their roles (N, the base of every threshold) and the council's sessions."""
    council = get_council_for_user(request.user, pk)
    run = can_run(request.user)
    return render(
        request,
        "council/council.html",
        {
            "council": council,
            "members": council.members.select_related("person"),
            "sessions": council.sessions.all(),
            "member_form": MemberForm(council=council, q=request.GET.get("q", "")[:200]) if run else None,
            "q": request.GET.get("q", "")[:200],
            "session_form": SessionForm() if run else None,
        },
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(council_url(council))
    try:
        services.add_member(
            actor=request.user,
            council=council,
            person=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The member is added."))
    return redirect(council_url(council))


@login_required
@require_POST
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_council_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(council_url(council))
    session = services.create_session(
        actor=request.user, council=council, date=form.cleaned_data["date"], place=form.cleaned_data["place"]
    )
    messages.success(request, _("The session is created. Put the dossiers sent to the council into it."))
    return redirect(session_url(session))


# -- a session --------------------------------------------------------------------------------------


def line_rows(session: CouncilSession) -> list[dict[str, Any]]:
    """Each line with its threshold: ceil(p·N) of ALL members of the council, p from the awards
    catalogue in force on the session date (R-VOTE-02, R-IND-04 ≥ 80 %, R-IND-06 ≥ 90 %;
    NĐ 98 Art 30(7)), absent members' written opinions in favour counting with the paper votes."""
    total = session.council.members.count()
    rows = []
    for line in session.lines.select_related(
        "dossier_line__award_type", "dossier_line__person", "dossier_line__unit", "dossier_line__dossier"
    ):
        pct = services.threshold_pct(line)
        rows.append(
            {
                "line": line,
                "pct": pct,
                "need": services.needed_votes(total, pct),
                "favour": (line.votes_yes or 0) + line.written_yes if line.approved is not None else None,
            }
        )
    return rows


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    council = session.council
    run = can_run(request.user)
    lines = list(session.lines.all())
    status = session.status
    present = list(session.present.select_related("person"))
    members = list(council.members.select_related("person"))
    counts_form = CountsForm(lines=lines) if run and status == SessionStatus.OPEN and lines else None
    rows = line_rows(session)
    for row in rows:
        row["inputs"] = counts_form.fields_of(row["line"]) if counts_form else []
    return render(
        request,
        "council/session.html",
        {
            "session": session,
            "council": council,
            "rows": rows,
            "total": len(members),
            "present": present,
            "absent": [m for m in members if m not in present],
            "quorum_need": services.quorum_needed(len(members)),
            "put_form": PutDossierForm(council=council)
            if run and status == SessionStatus.DRAFT and dossiers_for(council).exists()
            else None,
            "open_form": OpenForm(council=council) if run and status == SessionStatus.DRAFT else None,
            "counts_form": counts_form,
            "can_close": run and status == SessionStatus.OPEN,
        },
    )


@login_required
@require_POST
def session_put(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    form = PutDossierForm(request.POST, council=session.council)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(session_url(session))
    try:
        added = services.put_dossier(
            actor=request.user, session=session, dossier=form.cleaned_data["dossier"]
        )
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("%(n)s line(s) put before the council.") % {"n": len(added)})
    return redirect(session_url(session))


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    form = OpenForm(request.POST, council=session.council)
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(session_url(session))
    try:
        services.open_session(actor=request.user, session=session, present=list(form.cleaned_data["present"]))
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The session is open."))
    return redirect(session_url(session))


@login_required
@require_POST
def session_counts(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    form = CountsForm(request.POST, lines=list(session.lines.all()))
    if not form.is_valid():
        form_fail_messages(request, form)
        return redirect(session_url(session))
    try:
        services.enter_counts(actor=request.user, session=session, counts=form.counts())
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The counts are recorded."))
    return redirect(session_url(session))


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    try:
        services.close_session(actor=request.user, session=session)
    except ValidationError as exc:
        fail_messages(request, exc)
    else:
        messages.success(request, _("The session is closed; its conclusions are on the dossiers' lines."))
    return redirect(session_url(session))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The biên bản (DOCX): numbered once the session is closed, the number left blank before."""
    session = get_session_for_user(request.user, pk)
    response = HttpResponse(papers.minutes_docx(session), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-dong-{session.pk}.docx"'
    return response
