from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.jobs.permissions import get_job_for_user, may_cancel
from thidua.jobs.registry import KINDS
from thidua.jobs.services import request_cancel
from thidua.lib.forms import NextPageForm


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress (polled by htmx while it waits or runs), its end and its file."""
    job = get_job_for_user(request.user, pk)
    kind = KINDS.get(job.kind)
    context = {
        "job": job,
        "label": kind.label if kind else job.kind,
        "may_cancel": may_cancel(request.user, job),
    }
    template = "jobs/partials/progress.html" if getattr(request, "htmx", False) else "jobs/detail.html"
    return render(request, template, context)


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_job_for_user(request.user, pk)
    if not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name or job.result.name
    )


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk, write=True)
    request_cancel(job=job, actor=request.user)
    # Back to the page the button was on (e.g. the batch's own page), if it is one of ours.
    return redirect(NextPageForm(request.POST).target(request, default=reverse("jobs:detail", args=[job.pk])))
