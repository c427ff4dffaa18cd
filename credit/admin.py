from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from credit.models import (
    ApplicationDocument,
    ApplicationPlot,
    CreditApplication,
    CreditProduct,
    Disbursement,
    InKindAdvance,
    InKindPackage,
    InKindPackageBand,
    Repayment,
    RepaymentAllocation,
    StatusChange,
    TrancheTemplate,
    TrancheUse,
)


class TrancheTemplateInline(admin.TabularInline):
    model = TrancheTemplate
    extra = 0


@admin.register(CreditProduct)
class CreditProductAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "mill", "season", "annual_rate_percent", "is_active"]
    list_filter = ["kind", "mill", "is_active"]
    inlines = [TrancheTemplateInline]


class BandInline(admin.TabularInline):
    model = InKindPackageBand
    extra = 0


@admin.register(InKindPackage)
class InKindPackageAdmin(SimpleHistoryAdmin):
    list_display = ["name", "mill", "season", "is_free"]
    inlines = [BandInline]


class PlotInline(admin.TabularInline):
    model = ApplicationPlot
    extra = 0
    raw_id_fields = ["plot"]


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ["name", "status", "original_name", "checked_by", "rejection_reason"]
    readonly_fields = fields


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "by", "note"]


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0


@admin.register(CreditApplication)
class CreditApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "farmer", "product", "status", "requested_amount", "approved_amount"]
    list_filter = ["status", "product__kind"]
    search_fields = ["number", "farmer__name"]
    raw_id_fields = ["farmer"]
    inlines = [PlotInline, DocumentInline, StatusChangeInline, DisbursementInline]


class AllocationInline(admin.TabularInline):
    model = RepaymentAllocation
    extra = 0


@admin.register(Repayment)
class RepaymentAdmin(SimpleHistoryAdmin):
    list_display = ["farmer", "paid_on", "amount", "source", "delivery_order"]
    list_filter = ["source"]
    raw_id_fields = ["farmer", "delivery_order"]
    inlines = [AllocationInline]


@admin.register(TrancheUse)
class TrancheUseAdmin(SimpleHistoryAdmin):
    """Read-only: a use follows its DO (credit.services.tma); a hand edit would break the one
    account of TMA money."""

    list_display = ["disbursement", "delivery_order", "amount", "used_on"]
    raw_id_fields = ["disbursement", "delivery_order"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InKindAdvance)
class InKindAdvanceAdmin(SimpleHistoryAdmin):
    list_display = ["farmer", "kind", "value", "given_on"]
    raw_id_fields = ["farmer"]
