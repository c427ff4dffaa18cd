from django.urls import path

from analytics.views.satisfaction import dashboard, exports

app_name = "satisfaction"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("rounds/<int:pk>/", dashboard.round_dashboard, name="round"),
    path("rounds/<int:pk>/compute/", dashboard.compute, name="compute"),
    path("results/<int:run_pk>/report/", exports.report, name="report"),
    path("results/<int:run_pk>/export.xlsx", exports.export_xlsx, name="export"),
]
