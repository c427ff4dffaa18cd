"""Mill-wide figures of the staff pages (counts and sums), computed once per scope and kept a
short while (issue 18).

The manager's home and the compliance ledger count tens of thousands of rows of a mill's season
(open events, farmers, plots, credit applications waiting): computed on every request they were
most of the page. Everyone with the same scope (the same mills, and for field staff the same
regions) sees the same figures, so they are computed once for that scope and kept
``STAFF_FIGURES_SECONDS``: a figure is never further behind a change than that (30 s in
production, inside issue 18's one minute). What a single user sees of their own (their
complaints, their notices) is never kept here.

Kept only in a shared cache (Redis in production): a figure kept in one process's memory could
outlive a change made through another. Without one the setting is 0 and every figure is computed
when asked, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from tebu_site.access import mill_ids_of, region_ids_of
from tebu_site.models import MILL_WIDE_ROLES, Role

T = TypeVar("T")
PREFIX = "scope-figures"


def _now() -> float:
    return time.time()


def scope_key(user) -> str | None:
    """What decides which rows a user may see (tebu_site.access.scope_filter), as a key; None
    for a user whose figures are their own (a farmer, a role without a mill-wide view)."""
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return "all"
    mills = ",".join(map(str, sorted(mill_ids_of(user))))
    if user.role == Role.FIELD_STAFF:
        return f"field:{mills}:{','.join(map(str, sorted(region_ids_of(user))))}"
    if user.role in MILL_WIDE_ROLES:
        return f"mills:{mills}"
    return None


def fragment_scope(user) -> str:
    """The key under which a rendered block the same for a whole scope is kept (a filter form's
    choices): the scope, or the user alone when their view is their own."""
    return scope_key(user) or f"user:{user.pk}"


def scope_figures(user, name: str, compute: Callable[[], T], *, extra: str = "") -> T:
    """``compute()``'s answer for the user's scope, from the cache while it is younger than
    ``STAFF_FIGURES_SECONDS``. ``name`` says which figures; ``extra`` anything else they depend
    on (a filter)."""
    seconds = settings.STAFF_FIGURES_SECONDS
    scope = scope_key(user) if seconds else None
    if scope is None:
        return compute()
    key = f"{PREFIX}:{name}:{scope}:{extra}"
    kept = cache.get(key)
    now = _now()
    # The age is checked here as well as by the cache's expiry: the bound holds whatever the
    # cache backend does with a timeout.
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    value = compute()
    cache.set(key, (now, value), timeout=seconds)
    return value
