from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tebu_site import health, offline
from tebu_site.forms import LoginForm
from tebu_site.views import PasswordChangeView

admin.site.site_header = "Tebu Mitra"
admin.site.site_title = "Tebu Mitra"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.web_app_manifest, name="web-app-manifest"),
    path("accounts/logout/", offline.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # A page for people: the login page, not a bare 403, for a visitor not logged in.
        login_required(SpectacularSwaggerView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/complaints/", include("complaints.api.urls")),
    path("api/compliance/", include("compliance.api.urls")),
    path("api/credit/", include("credit.api.urls")),
    path("api/", include("partners.api.urls")),
    path("api/", include("harvest.api.urls")),
    path("analyses/", include("analytics.urls")),
    path("api/surveys/", include("surveys.api.urls")),
    path("surveys/", include("surveys.urls")),
    path("satisfaction/", include("analytics.urls_satisfaction")),
    path("notices/", include("notices.urls")),
    path("sms/", include("sms.urls")),
    path("", include("complaints.urls")),
    path("", include("compliance.urls")),
    path("credit/", include("credit.urls")),
    path("", include("partners.urls")),
    path("", include("harvest.urls")),
    path("", include("samples.urls")),
]
