"""The draft summary report at the conference: the leader's sections, members' comments per section
and the leader's answer to each (seed 002: the members amend the leader's draft)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.conferences import services
from thidua.conferences.forms import AnswerForm, CommentForm, ReportUploadForm, SectionForm
from thidua.conferences.models import CommentStatus, FileKind, ReportComment, ReportSection
from thidua.conferences.permissions import can_run_conference, commenting_unit_id, get_conference_for_user
from thidua.conferences.views.common import fail, form_errors, year_context
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


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk)
    run = can_run_conference(request.user, conference.block_year)
    actor = request.user
    anchor = ""
    try:
        if name == "comment":
            unit_id = commenting_unit_id(request.user, conference)
            if unit_id is None:
                raise PermissionDenied
            section = get_object_or_404(ReportSection, pk=request.POST.get("section"), conference=conference)
            form = CommentForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            services.add_comment(
                actor=actor,
                section=section,
                unit=Unit.objects.get(pk=unit_id),
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("Your comment is sent to the leader."))
            anchor = f"#section-{section.pk}"
        elif not run:
            raise PermissionDenied
        elif name == "upload":
            upload = ReportUploadForm(request.POST, request.FILES)
            if not upload.is_valid():
                raise ValidationError(form_errors(upload))
            file = upload.cleaned_data["file"]
            created = services.set_report(
                actor=actor, conference=conference, docx_name=file.name, docx_content=file.read()
            )
            messages.success(
                request, _("The draft is split into %(count)s sections.") % {"count": len(created)}
            )
        elif name == "section":
            section_form = SectionForm(request.POST)
            if not section_form.is_valid():
                raise ValidationError(form_errors(section_form))
            if request.POST.get("section"):
                section = get_object_or_404(ReportSection, pk=request.POST["section"], conference=conference)
                services.update_section(actor=actor, section=section, **section_form.cleaned_data)
            else:
                section = services.add_section(
                    actor=actor, conference=conference, **section_form.cleaned_data
                )
            messages.success(request, _("The section “%(heading)s” is saved.") % {"heading": section.heading})
            anchor = f"#section-{section.pk}"
        elif name == "answer":
            comment = get_object_or_404(
                ReportComment, pk=request.POST.get("comment"), section__conference=conference
            )
            answer = AnswerForm(request.POST)
            if not answer.is_valid():
                raise ValidationError(form_errors(answer))
            comment = services.answer_comment(actor=actor, comment=comment, **answer.cleaned_data)
            messages.success(
                request,
                _("The comment of %(unit)s is answered: %(status)s.")
                % {"unit": comment.unit, "status": comment.get_status_display().lower()},
            )
            anchor = f"#section-{comment.section_id}"
        else:
            raise PermissionDenied
    except ValidationError as exc:
        fail(request, exc)
    return redirect(reverse("conferences:report", args=[conference.pk]) + anchor)
