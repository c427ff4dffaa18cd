from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """A login created by staff with a first password must choose its own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {
                reverse("password_change"),
                reverse("logout"),
                reverse("set_language"),
                reverse("service-worker"),
                reverse("web-app-manifest"),
            }
            # The API answers such a login itself, with a JSON 403 (tebu_site.api); its docs
            # page is a page like any other.
            api = request.path.startswith("/api/") and request.path != reverse("api-docs")
            if request.path not in allowed and not api and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class IndonesianFirstLocaleMiddleware:
    """Indonesian unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on a mill office PC or a
    phone bought abroad is often English; the product speaks Indonesian first, so only the
    explicit choice (the language cookie set by /i18n/setlang/) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
