"""The admin shows harvest rows and their history and edits only the mill's harvest policy: money
and rendemen change through the services (audited adjustments, corrections with a reason)."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from harvest.models import (
    AuctionPrice,
    DeliveryOrder,
    DoAdjustment,
    DoPayment,
    HarvestPolicy,
    QualityCheck,
    RendemenAnalysis,
    SettlementScheme,
    Spta,
    SptaEvent,
    StreamSale,
    Weighing,
)
from tebu_site.admin import ChangeHistoryAdmin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HarvestPolicy)
class HarvestPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "mill",
        "spta_valid_hours",
        "freshness_warning_hours",
        "freshness_alert_hours",
        "settlement_period",
        "do_payment_days",
        "late_payment_rate_percent",
    ]


class SptaEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SptaEvent
    extra = 0


@admin.register(Spta)
class SptaAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "farmer", "plot", "cutting_date", "quota_kw", "status"]
    list_filter = ["mill", "status"]
    search_fields = ["number", "farmer__name", "plot__code"]
    list_select_related = ["farmer", "plot"]
    inlines = [SptaEventInline]


@admin.register(Weighing)
class WeighingAdmin(ReadOnlyAdminMixin, ChangeHistoryAdmin):
    list_display = ["spta", "gross_kg", "tare_kg", "trash_percent", "net_kg", "rejected"]
    list_filter = ["freshness", "rejected", "source"]
    search_fields = ["spta__number"]
    list_select_related = ["spta"]


@admin.register(RendemenAnalysis)
class RendemenAnalysisAdmin(ReadOnlyAdminMixin, ChangeHistoryAdmin):
    list_display = ["sample_code", "farmer", "rendemen_percent", "method", "measured_at"]
    list_filter = ["mill", "method"]
    search_fields = ["sample_code", "farmer__name"]
    list_select_related = ["farmer"]


@admin.register(SettlementScheme)
class SettlementSchemeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "mill", "season", "kind", "effective_from", "effective_to"]
    list_filter = ["mill", "kind"]


class DoAdjustmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DoAdjustment
    extra = 0


class DoPaymentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DoPayment
    extra = 0


@admin.register(DeliveryOrder)
class DeliveryOrderAdmin(ReadOnlyAdminMixin, ChangeHistoryAdmin):
    list_display = ["number", "farmer", "status", "cane_kw", "rendemen_percent", "payable"]
    list_filter = ["mill", "season", "status"]
    search_fields = ["number", "farmer__name"]
    list_select_related = ["farmer"]
    exclude = ["lines_packed"]
    readonly_fields = ["statement_lines"]
    inlines = [DoAdjustmentInline, DoPaymentInline]

    @admin.display(description=_("statement lines"))
    def statement_lines(self, order: DeliveryOrder):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{} {}</td></tr>",
            (
                (
                    line.position,
                    line.code,
                    line.label,
                    "" if line.quantity is None else line.quantity,
                    line.unit,
                    "" if line.rate is None else line.rate,
                    "" if line.amount is None else line.amount,
                    line.amount_unit,
                )
                for line in order.lines
            ),
        )
        return format_html("<table>{}</table>", rows)


@admin.register(AuctionPrice)
class AuctionPriceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["mill", "season", "period_start", "period_end", "price_per_kw"]
    list_filter = ["mill"]


@admin.register(StreamSale)
class StreamSaleAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["mill", "season", "stream", "period_start", "period_end", "amount"]
    list_filter = ["mill", "stream"]


@admin.register(QualityCheck)
class QualityCheckAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["weighing", "age_months", "stalk_height_cm", "pest_free", "checked_at"]
