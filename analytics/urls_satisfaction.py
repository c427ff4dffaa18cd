from django.urls import path

from analytics.views import satisfaction

app_name = "satisfaction"

urlpatterns = [
    path("", satisfaction.index, name="index"),
    path("rounds/<int:pk>/", satisfaction.round_dashboard, name="round"),
    path("rounds/<int:pk>/compute/", satisfaction.compute, name="compute"),
    path("results/<int:run_pk>/report/", satisfaction.report, name="report"),
    path("results/<int:run_pk>/export.xlsx", satisfaction.export_xlsx, name="export"),
]
