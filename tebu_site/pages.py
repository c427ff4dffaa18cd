"""Small helpers the registry pages share."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

PAGE_SIZE = 25


def staff_required(view):
    """Mill staff only; farmers have their own pages (partners.views.portal)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_mill_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def farmer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_farmer:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for messages in error.message_dict.values() for m in messages)
    return " ".join(error.messages)


def safe_next_url(request, fallback: str, *args, **kwargs) -> str:
    """Where to go after a POST: the form's ``next`` when it stays on this site, else ``fallback``
    (a URL name, resolved with ``args``/``kwargs``).

    ``next`` comes from the browser, so a crafted form could send the user to another site with our
    page's authority (an open redirect); Django's own check decides what counts as this site.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback, *args, **kwargs)


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request, *also: str) -> str:
    """The current filters as a query string, for pagination and export links; ``also`` names
    more parameters to leave out."""
    params = request.GET.copy()
    for name in ("page", *also):
        params.pop(name, None)
    return params.urlencode()
