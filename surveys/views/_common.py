"""Small helpers the survey pages share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse

from surveys.permissions import Action, may


def require_page(user, action: Action) -> None:
    if not may(user, action):
        raise PermissionDenied


def results_url(survey_round) -> str | None:
    """The satisfaction dashboard of a round, when the analytics app serves one. Surveys does not
    import analytics; it only links to the page by its name."""
    try:
        return reverse("satisfaction:round", args=[survey_round.pk])
    except NoReverseMatch:
        return None


def page_of(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
