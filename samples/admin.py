"""The admin shows samples and their chain with history and edits only the mill's sample time
limits: steps are recorded through the services (append-only)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samples.models import Sample, SampleDispute, SampleHandover, SampleSettings


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SampleSettings)
class SampleSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["mill", "lab_arrival_limit_hours", "analysis_limit_hours"]


class HandoverInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SampleHandover
    fields = ["step", "at", "by", "by_role", "place", "note", "hours_since_taken", "late"]
    readonly_fields = fields
    extra = 0


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "mill", "farmer", "kind", "status", "taken_at", "late", "chain_broken"]
    list_filter = ["mill", "status", "late", "chain_broken"]
    search_fields = ["code", "farmer__name"]
    inlines = [HandoverInline]


@admin.register(SampleDispute)
class SampleDisputeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["sample", "handover", "by", "complaint_id", "created_at"]
