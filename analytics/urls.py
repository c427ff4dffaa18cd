from django.urls import path

from analytics.views import runs

app_name = "analytics"

urlpatterns = [
    path("", runs.run_list, name="run-list"),
    path("new/", runs.run_start, name="run-start"),
    path("<int:pk>/", runs.run_detail, name="run-detail"),
    path("<int:pk>/status/", runs.run_status, name="run-status"),
    path("<int:pk>/again/", runs.run_again, name="run-again"),
    path("<int:pk>/download.<str:fmt>", runs.run_download, name="run-download"),
]
