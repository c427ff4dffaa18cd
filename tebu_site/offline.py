"""The installable web app (issue 15): its manifest, its service worker, the pages a farmer may
read offline, and a logout that leaves nothing of him on the device."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The header the service worker looks for before it keeps a page: the server, which knows who
# is logged in and what the page is, decides; the worker only obeys.
OFFLINE_READABLE_HEADER = "X-Offline-Readable"


@require_GET
def service_worker(request):
    """Served from the site root, not /static/: a worker controls only the paths under its own
    URL, and it must control "/" and "/me/do/..."."""
    # JSON literals: the values go into the script as they are, never HTML-escaped.
    values = {
        "workbox_sw": static("vendor/workbox/workbox-sw.js"),
        # Workbox loads its modules by name from this folder (never its CDN default); the
        # names are not hashed by the manifest storage, which also keeps the originals.
        "workbox_prefix": f"{settings.STATIC_URL}vendor/workbox",
        "static_prefix": settings.STATIC_URL,
        "readable_header": OFFLINE_READABLE_HEADER,
        # The offline queue's IndexedDB (static/js/offline/store.js), dropped at logout.
        "queue_database": "tebu-offline",
    }
    body = render_to_string(
        "tebu_site/sw.js", {name: json.dumps(value) for name, value in values.items()}
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    # The browser checks for a new worker on every visit instead of trusting a stale copy.
    response["Cache-Control"] = "no-cache, max-age=0"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def web_app_manifest(request):
    manifest = {
        "name": "Tebu Mitra",
        "short_name": "Tebu Mitra",
        "description": _("Sugar mill and cane farmer partnership"),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f6f3e8",
        "theme_color": "#2f7d32",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = HttpResponse(
        json.dumps(manifest, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


class OfflineReadablePagesMiddleware:
    """Marks the pages a logged-in user may read offline (settings.OFFLINE_READABLE_PAGES, by URL
    name). Everything else, the login page, admin, API answers, every POST, is never kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.view_name in settings.OFFLINE_READABLE_PAGES
            and user is not None
            and user.is_authenticated
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response[OFFLINE_READABLE_HEADER] = "1"
            # Never shared: a proxy must not hand one farmer's page to another.
            response["Cache-Control"] = "private, no-cache"
        return response


class LogoutView(auth_views.LogoutView):
    """Django's logout, telling the browser to drop every cache and storage of this site: the
    pages a farmer read offline and any queue left in IndexedDB go with his session. The page and
    its worker start the clearing as the logout is sent (static/js/offline/pages.js); the browser
    finishes this before it shows the next page, also where the script could not run."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
