from django.conf import settings
from django.utils.functional import SimpleLazyObject

from tebu_site.navigation import menu_for
from tebu_site.notice_bell import unread_count
from tebu_site.scope_figures import fragment_scope


def navigation(request):
    return {
        "menu": menu_for(request.user),
        # Lazy: pages that never show the bell (errors, login) make no query for it.
        "unread_notices": SimpleLazyObject(lambda: unread_count(request.user)),
    }


def scope_fragments(request):
    """For ``{% cache fragment_seconds "name" fragment_scope ... %}`` around a block that is the
    same for everyone of a scope (a filter form's choices): kept as long as the staff figures
    (tebu_site.scope_figures), under the user's scope."""
    return {
        "fragment_seconds": settings.STAFF_FIGURES_SECONDS,
        "fragment_scope": SimpleLazyObject(lambda: fragment_scope(request.user)),
    }
