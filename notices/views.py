"""The inbox: what the app told you, newest first; opening it marks the notices read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notices import selectors, services


@login_required
def inbox(request):
    notices = selectors.inbox_for(request.user).select_related("related_type")
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page if n.read_at is None]
    response = render(request, "notices/inbox.html", {"page": page, "unread_ids": set(unread_ids)})
    # Marked after rendering so the page can still highlight what was new on this visit.
    if unread_ids:
        services.mark_read(request.user, unread_ids)
    return response


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return redirect("notices:inbox")
