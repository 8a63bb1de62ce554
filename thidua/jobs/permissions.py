"""Who may see a job: the person who started it, and those who see everything (board officers,
administrators, observers). Who may cancel it: the person who started it, and the board."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thidua.accounts import permissions as perms
from thidua.accounts.types import Actor
from thidua.jobs.models import Job


def jobs_visible_to(user: Actor) -> QuerySet[Job]:
    if perms.sees_everything(user):
        return Job.objects.all()
    if not perms.is_authenticated(user):
        return Job.objects.none()
    return Job.objects.filter(created_by=user)


def may_cancel(user: Actor, job: Job) -> bool:
    return perms.is_board(user) or (perms.is_authenticated(user) and job.created_by_id == user.pk)


def get_job_for_user(user: Actor, pk: int, *, write: bool = False) -> Job:
    """404 when the job is not the user's to see; 403 when it is visible but not theirs to cancel."""
    job = get_object_or_404(jobs_visible_to(user).select_related("created_by"), pk=pk)
    if write:
        perms.require(may_cancel(user, job))
    return job
