from django.utils.functional import SimpleLazyObject

from tebu_site.navigation import menu_for
from tebu_site.notice_bell import unread_count


def navigation(request):
    return {
        "menu": menu_for(request.user),
        # Lazy: pages that never show the bell (errors, login) make no query for it.
        "unread_notices": SimpleLazyObject(lambda: unread_count(request.user)),
    }
