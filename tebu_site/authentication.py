"""How the API learns who calls it: DRF's session and token authentication, refusing a login that
must still choose its own password.

Apart from tebu_site.api because DRF imports these classes while it loads its own views module,
which tebu_site.api imports.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class PasswordChosenMixin:
    """A login whose first password was set by staff must choose its own before anything else
    (ForcePasswordChangeMiddleware does it for the pages). Checked where the API learns who is
    calling, so every endpoint refuses it, whatever permissions it declares, by session or token.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and getattr(result[0], "must_change_password", False):
            raise exceptions.PermissionDenied(
                _(
                    "Change your password first: open %(url)s, choose your own password, "
                    "then use the API."
                )
                % {"url": request.build_absolute_uri(reverse("password_change"))}
            )
        return result


class SessionAuthentication(PasswordChosenMixin, authentication.SessionAuthentication):
    pass


class TokenAuthentication(PasswordChosenMixin, authentication.TokenAuthentication):
    pass
