from django.urls import path

from analytics.views import farm_records, runs

app_name = "analytics"

urlpatterns = [
    path("", runs.run_list, name="run-list"),
    path("new/", runs.run_start_system, name="run-start-system"),
    path("new/file/", runs.run_start, name="run-start"),
    path("<int:pk>/", runs.run_detail, name="run-detail"),
    path("<int:pk>/status/", runs.run_status, name="run-status"),
    path("<int:pk>/again/", runs.run_again, name="run-again"),
    path("<int:pk>/download.<str:fmt>", runs.run_download, name="run-download"),
    path("farms/", farm_records.farm_record_list, name="farm-record-list"),
    path("farms/new/", farm_records.farm_record_edit, name="farm-record-new"),
    path("farms/<int:pk>/", farm_records.farm_record_detail, name="farm-record-detail"),
    path("farms/<int:pk>/edit/", farm_records.farm_record_edit, name="farm-record-edit"),
]
