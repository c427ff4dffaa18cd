from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compliance.models import (
    ComplianceEvent,
    ComplianceSettings,
    EventType,
    SeasonBenchmark,
)
from tebu_site.admin import ChangeHistoryAdmin


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "party", "mill", "code", "is_active")
    list_filter = ("mill", "party", "is_active")


@admin.register(ComplianceEvent)
class ComplianceEventAdmin(ChangeHistoryAdmin):
    list_display = ("raised_at", "event_type", "party", "farmer", "status", "rule_key")
    list_filter = ("status", "party", "mill", "rule_key")
    search_fields = ("summary", "farmer__name")
    # Status changes go through compliance.services (logged and told to the farmer).
    readonly_fields = [f.name for f in ComplianceEvent._meta.fields]


admin.site.register(ComplianceSettings, SimpleHistoryAdmin)
admin.site.register(SeasonBenchmark, SimpleHistoryAdmin)
