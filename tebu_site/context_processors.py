from django.utils.functional import SimpleLazyObject

from tebu_site.navigation import menu_for


def _unread_notices(user) -> int:
    from notices.selectors import unread_count  # notices builds on tebu_site, not the reverse

    return unread_count(user) if user.is_authenticated else 0


def navigation(request):
    return {
        "menu": menu_for(request.user),
        # Lazy: pages that never show the bell (errors, login) make no query for it.
        "unread_notices": SimpleLazyObject(lambda: _unread_notices(request.user)),
    }
