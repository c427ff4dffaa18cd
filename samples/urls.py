"""Sample chain of custody pages (issue 16); included by tebu_site/urls.py."""

from django.urls import path

from samples import views

app_name = "samples"

urlpatterns = [
    path("samples/label/", views.label_page, name="label"),
    path("samples/scan/", views.scan_page, name="scan"),
    path("samples/lab/", views.lab_page, name="lab"),
    path("samples/resample/", views.resample_view, name="resample"),
    path("samples/<int:pk>/", views.detail, name="detail"),
    path("me/samples/steps/<int:pk>/dispute/", views.dispute_view, name="dispute"),
]
