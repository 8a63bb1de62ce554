"""The draft summary report at the conference: the leader's sections, members' comments per section
and the leader's answer to each (seed 002: the members amend the leader's draft)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.conferences import services
from thidua.conferences.forms import AnswerForm, CommentForm, PickForm, ReportUploadForm, SectionForm
from thidua.conferences.models import CommentStatus, FileKind, ReportComment, ReportSection
from thidua.conferences.permissions import can_run_conference, commenting_unit_id, get_conference_for_user
from thidua.conferences.views.common import fail, posted, year_context
from thidua.orgs.models import Unit


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk)
    sections = conference.report_sections.prefetch_related("comments__unit", "comments__author")
    comments = ReportComment.objects.filter(section__conference=conference)
    return render(
        request,
        "conferences/report.html",
        {
            **year_context(conference.block_year, request.user),
            "conference": conference,
            "sections": sections,
            "run": can_run_conference(request.user, conference.block_year),
            "my_unit_id": commenting_unit_id(request.user, conference),
            "upload_form": ReportUploadForm(),
            "section_form": SectionForm(),
            "comment_form": CommentForm(),
            "answer_form": AnswerForm(),
            "pending": comments.filter(status=CommentStatus.PENDING).count(),
            "total": comments.count(),
            "draft_file": conference.files.filter(kind=FileKind.DRAFT_REPORT)
            .order_by("-uploaded_at")
            .first(),
        },
    )


def _back(conference_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("conferences:report", args=[conference_pk]) + anchor)


@login_required
@require_POST
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A member unit's officer comments on a section of the draft, for its own unit."""
    conference = get_conference_for_user(request.user, pk)
    unit_id = commenting_unit_id(request.user, conference)
    if unit_id is None:
        raise PermissionDenied
    section = get_object_or_404(
        ReportSection, pk=PickForm(request.POST, field="section").picked, conference=conference
    )
    try:
        form = posted(CommentForm(request.POST))
        services.add_comment(
            actor=request.user,
            section=section,
            unit=Unit.objects.get(pk=unit_id),
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your comment is sent to the leader."))
    except ValidationError as exc:
        fail(request, exc)
    return _back(conference.pk, f"#section-{section.pk}")


@login_required
@require_POST
def upload_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's draft as a .docx, split into sections by its headings."""
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        file = posted(ReportUploadForm(request.POST, request.FILES)).cleaned_data["file"]
        created = services.set_report(
            actor=request.user, conference=conference, docx_name=file.name, docx_content=file.read()
        )
        messages.success(request, _("The draft is split into %(count)s sections.") % {"count": len(created)})
    except ValidationError as exc:
        fail(request, exc)
    return _back(conference.pk)


@login_required
@require_POST
def save_section(request: HttpRequest, pk: int) -> HttpResponse:
    """A section written on the page: a new one, or the one the form names."""
    conference = get_conference_for_user(request.user, pk, write=True)
    picked = PickForm(request.POST, field="section", required=False)
    if not picked.is_valid():
        raise Http404
    section = (
        get_object_or_404(ReportSection, pk=picked.picked, conference=conference) if picked.picked else None
    )
    try:
        form = posted(SectionForm(request.POST))
        section = services.save_section(
            actor=request.user, conference=conference, section=section, **form.cleaned_data
        )
        messages.success(request, _("The section “%(heading)s” is saved.") % {"heading": section.heading})
    except ValidationError as exc:
        fail(request, exc)
        return _back(conference.pk, f"#section-{section.pk}" if section else "")
    return _back(conference.pk, f"#section-{section.pk}")


@login_required
@require_POST
def answer_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader answers a member's comment: accepted, or not with the reason."""
    conference = get_conference_for_user(request.user, pk, write=True)
    comment = get_object_or_404(
        ReportComment, pk=PickForm(request.POST, field="comment").picked, section__conference=conference
    )
    try:
        form = posted(AnswerForm(request.POST))
        comment = services.answer_comment(actor=request.user, comment=comment, **form.cleaned_data)
        messages.success(
            request,
            _("The comment of %(unit)s is answered: %(status)s.")
            % {"unit": comment.unit, "status": comment.get_status_display().lower()},
        )
    except ValidationError as exc:
        fail(request, exc)
    return _back(conference.pk, f"#section-{comment.section_id}")
