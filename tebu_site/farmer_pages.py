"""A farmer's own pages, kept rendered per login session until something of his changes (issue 18).

A farmer opens the same few pages again and again (his home, his DO list, a DO, the API list the
app reads) and they change only when something of his changes: a DO issued or paid, a notice, a
complaint answered. Drawing them costs far more in Python (ORM, templates) than in SQL, so a page
is kept once drawn and given back while nothing of his has changed.

- **What changed is known by version, not by time.** Each farmer has a version token in the
  shared cache. Every committed save of a row that hangs from a farmer (any model whose
  ``scoping`` names a farmer path, tebu_site.access) replaces his token after the commit; writes
  that send no signal (bulk_create, bulk_update, update(), delete of a queryset) call
  :func:`farmer_pages_changed` with the farmers they touched. A kept page is given back only
  while the token it was drawn under is still the farmer's: a DO paid a second ago is shown paid.
- **The token is read before the page is drawn, and replaced after the write commits**, so a
  page drawn while a write was under way keeps a token that is no longer the farmer's: it is drawn
  again at the next request, never kept stale.
- **Per session, never shared.** The key holds the session, the CSRF cookie (the page's forms carry
  a token made from it), the language, the Accept header and the full path: another farmer,
  another phone of the same farmer or a logged-out browser never gets the page.
- **The day is part of the key**, so what counts days ("days overdue", "paid in N days") turns at
  midnight, and **a short life is the safety net** (settings.FARMER_PAGE_CACHE_SECONDS, 300 s):
  what is not the farmer's own (a mill's setting or contact) is at most that old.
- Pages with a message waiting are drawn, not kept: the message is shown once.

Django's cache middleware keys on the URL and headers, not on whose data changed, and cannot be
told that a farmer's payment was recorded; this is the small piece it lacks.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

VERSION_KEY = "farmer-pages:v:{}"
PAGE_KEY = "farmer-pages:p1:{}"  # p1: the layout of KeptPage
VERSION_LIFE_SECONDS = 24 * 3600
# Whose pages a session reads, set when his first page is drawn.
SESSION_FARMER = "_farmer_pages_farmer"


def enabled() -> bool:
    return settings.FARMER_PAGE_CACHE_SECONDS > 0


def farmer_pages_changed(farmer_ids) -> None:
    """The farmers' kept pages are out of date: at once, and again when the current transaction
    commits. Saves of a farmer's rows call this themselves (row_saved); bulk writes call it with
    the farmers they touched."""
    if not enabled():
        return
    ids = {int(i) for i in farmer_ids if i is not None}
    if not ids:
        return
    # At once, so that what runs later in this same transaction (a task run in line, a test)
    # draws the pages anew; and again after the commit, because a page another request drew in
    # between still showed the rows as they were before it.
    _new_versions(ids)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _new_versions(ids))


def _new_versions(farmer_ids: set[int]) -> None:
    token = uuid.uuid4().hex
    cache.set_many({VERSION_KEY.format(i): token for i in farmer_ids}, VERSION_LIFE_SECONDS)


def _current_version(farmer_id: int) -> str:
    key = VERSION_KEY.format(farmer_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, VERSION_LIFE_SECONDS)
        version = cache.get(key)
    return version


# --- Writes that make a farmer's pages out of date --------------------------------------------


@memoize
def farmer_path(model) -> tuple[str, ...] | None:
    """The attribute path from a row of ``model`` to its farmer's id, from its declared scoping."""
    from tebu_site.access import Scoping

    scoping = getattr(model, "scoping", None)
    if not isinstance(scoping, Scoping) or scoping.farmer is None:
        return None
    return tuple(scoping.farmer.split("__"))


def _farmer_id_of(instance, path: tuple[str, ...]) -> int | None:
    from django.core.exceptions import ObjectDoesNotExist
    from django.db.models import Manager

    if path == ("pk",):
        return instance.pk
    current = instance
    try:
        for step in path[:-1]:
            current = getattr(current, step)
            if current is None or isinstance(current, Manager):
                return None  # no farmer yet, or a many-valued path (a survey round's targets)
        return getattr(current, f"{path[-1]}_id")
    except (ObjectDoesNotExist, AttributeError):
        return None


def row_saved(sender, instance, raw=False, **kwargs) -> None:
    """post_save of every model that hangs from a farmer (connected in tebu_site.apps)."""
    if raw or not enabled():
        return
    path = farmer_path(sender)
    if path is not None:
        farmer_pages_changed([_farmer_id_of(instance, path)])


# --- Serving the pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptPage:
    farmer_id: int
    version: str
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


class FarmerPageCacheMiddleware:
    """Last in settings.MIDDLEWARE: sessions, login, the forced password change, CSRF and the
    offline marking all run as for any page; only the view and its template are skipped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, "_farmer_page_to_keep", None)
        if pending is not None and _keepable(request, response):
            key, farmer_id, version = pending
            page = KeptPage(
                farmer_id=farmer_id,
                version=version,
                status=response.status_code,
                headers=tuple(response.headers.items()),
                content=response.content,
            )
            cache.set(key, page, settings.FARMER_PAGE_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        key = _page_key(request)
        if key is None:
            return None
        page = _kept_page(request, key)
        if page is not None:
            response = HttpResponse(page.content, status=page.status)
            for name, value in page.headers:
                response[name] = value
            return response
        from tebu_site.access import farmer_id_of

        farmer_id = farmer_id_of(request.user)
        if farmer_id is not None:
            # Read before the page is drawn: see the module's docstring.
            request._farmer_page_to_keep = (key, farmer_id, _current_version(farmer_id))
            if request.session.get(SESSION_FARMER) != farmer_id:
                request.session[SESSION_FARMER] = farmer_id
        return None


def _kept_page(request, key: str) -> KeptPage | None:
    """The page kept under ``key`` if it was drawn under the farmer's current version. The
    session remembers whose pages it reads, so page and version come in one round trip."""
    farmer_id = request.session.get(SESSION_FARMER)
    if farmer_id is None:
        # A page is kept only after the request that drew it stored its farmer in this session
        # (and the key holds the session), so a session without one has no page kept.
        return None
    version_key = VERSION_KEY.format(farmer_id)
    found = cache.get_many([key, version_key])
    page, version = found.get(key), found.get(version_key)
    if page is None or version is None or page.version != version or page.farmer_id != farmer_id:
        return None
    return page


def _page_key(request) -> str | None:
    from tebu_site.models import Role

    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if (
        not enabled()
        or request.method != "GET"
        or match is None
        or match.view_name not in settings.FARMER_PAGE_CACHE_VIEWS
        or user is None
        or not user.is_authenticated
        or user.role != Role.FARMER
        or not request.session.session_key
        or _messages_waiting(request)
    ):
        return None
    parts = (
        # The day, so that what counts days (overdue, "paid in N days") turns at midnight.
        timezone.localdate().isoformat(),
        request.session.session_key,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        getattr(request, "LANGUAGE_CODE", ""),
        request.META.get("HTTP_ACCEPT", ""),
        request.get_full_path(),
    )
    return PAGE_KEY.format(hashlib.sha256("\n".join(parts).encode()).hexdigest())


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _keepable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _messages_waiting(request)
        and "no-store" not in response.get("Cache-Control", "")
    )
