from django.contrib import admin

from analytics.models import AnalysisRun


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "mill", "status", "progress", "attempts", "created_at"]
    list_filter = ["kind", "status", "mill"]
    readonly_fields = [f.name for f in AnalysisRun._meta.fields]
    list_select_related = ["mill"]

    def has_add_permission(self, request):
        return False  # runs are started from the analysis pages or the command line
