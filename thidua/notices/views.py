from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.types import user_of
from thidua.notices.models import Notification
from thidua.notices.services import mark_all_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, the unread ones marked."""
    notifications = list(Notification.objects.filter(user=user_of(request.user))[:200])
    return render(request, "notices/list.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Every notification is marked as read."))
    return redirect("notices:list")
