"""The Django admin of credit. Tranche templates and tranches edited here obey the same rule as
the pages and the API: a plan must add up to what it pays for (credit.services.plans)."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from credit import calculations as calc
from credit.models import (
    ApplicationDocument,
    ApplicationPlot,
    ApplicationWindow,
    CreditApplication,
    CreditProduct,
    Disbursement,
    FertiliserDraw,
    FirstHarvestBand,
    Guarantee,
    InKindAdvance,
    InKindPackage,
    InKindPackageBand,
    Repayment,
    RepaymentAllocation,
    StatusChange,
    TrancheTemplate,
    TrancheUse,
    WindowException,
)
from credit.services.plans import product_template_errors, unplanned_message
from credit.services.products import TrancheSpec
from credit.services.windows import WindowSpec, check_window, use_exception, window_errors
from tebu_site.formatting import format_rupiah


def _kept(formset):
    """The cleaned rows the formset will save (not deleted, not an empty extra row)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class TrancheTemplateFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # self.instance carries the product form's new ceilings (Django builds it before the
        # inlines), so a raised ceiling and a changed template are checked together.
        lines = [
            TrancheSpec(row["purpose"], row["amount_per_ha"], row["payee"], row["crop_class"])
            for row in _kept(self)
        ]
        short = product_template_errors(self.instance, lines)
        if short:
            raise ValidationError(list(short.values()))


class TrancheTemplateInline(admin.TabularInline):
    model = TrancheTemplate
    formset = TrancheTemplateFormSet
    extra = 0


class WindowFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = window_errors(
            WindowSpec(row["opens_on"], row["closes_on"], row["paid_from"], row["paid_until"])
            for row in _kept(self)
        )
        if errors:
            raise ValidationError(errors)


class ApplicationWindowInline(admin.TabularInline):
    model = ApplicationWindow
    formset = WindowFormSet
    extra = 0


@admin.register(CreditProduct)
class CreditProductAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "mill", "season", "annual_rate_percent", "is_active"]
    list_filter = ["kind", "mill", "is_active"]
    inlines = [ApplicationWindowInline, TrancheTemplateInline]


@admin.register(WindowException)
class WindowExceptionAdmin(SimpleHistoryAdmin):
    """Read only: a manager records exceptions on the product or application page (or the API),
    where the reason, who and when are kept by the service."""

    list_display = ["product", "farmer", "application", "recorded_by", "recorded_at"]
    readonly_fields = ["product", "farmer", "application", "reason", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


class DisbursementFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        approved = self.instance.approved_amount
        if any(self.errors) or approved is None:
            return
        stored = (
            CreditApplication.objects.filter(pk=self.instance.pk)
            .values_list("approved_amount", flat=True)
            .first()
        )
        if not self.has_changed() and stored == approved:
            return  # an unrelated edit: check_tranche_plans and the loan page report old plans
        planned = sum((row["planned_amount"] or Decimal(0) for row in _kept(self)), Decimal(0))
        if calc.money(approved - planned) > 0:
            raise ValidationError(unplanned_message(approved=approved, planned=planned))
        if planned > approved:
            raise ValidationError(
                _("The tranches would add up to more than the approved %(amount)s.")
                % {"amount": format_rupiah(approved)}
            )


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    formset = DisbursementFormSet
    extra = 0


class CreditApplicationAdminForm(forms.ModelForm):
    """An application added here obeys the product's application windows like one entered on
    the pages or through the API."""

    window_exception = None

    class Meta:
        model = CreditApplication
        fields = "__all__"  # noqa: DJ007 - the admin shows every field of the row

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("product") and data.get("farmer"):
            refusal, self.window_exception = check_window(
                product=data["product"], farmer=data["farmer"], on=timezone.localdate()
            )
            if refusal:
                raise ValidationError({"product": refusal})
        return data


@admin.register(CreditApplication)
class CreditApplicationAdmin(SimpleHistoryAdmin):
    form = CreditApplicationAdminForm
    list_display = ["number", "farmer", "product", "status", "requested_amount", "approved_amount"]
    list_filter = ["status", "product__kind"]
    search_fields = ["number", "farmer__name"]
    raw_id_fields = ["farmer"]
    inlines = [PlotInline, DocumentInline, StatusChangeInline, DisbursementInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            use_exception(form.window_exception, obj, request.user)


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


# PG Pakis Baru's terms. Guarantees and fertiliser draws are only read here: recording them goes
# through the services (the mill-as-avalis rule, the letter on the checklist, the quota).
@admin.register(FirstHarvestBand)
class FirstHarvestBandAdmin(SimpleHistoryAdmin):
    list_display = (
        "product",
        "limit_per_ha",
        "min_rendemen_percent",
        "min_yield_kw_per_ha",
        "max_rejected_percent",
        "max_trash_percent",
    )
    list_filter = ("product__mill",)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Guarantee)
class GuaranteeAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "guarantor_name", "recorded_by", "recorded_at")
    list_filter = ("kind",)


@admin.register(FertiliserDraw)
class FertiliserDrawAdmin(ReadOnlyAdmin):
    list_display = ("farmer", "season", "phonska_kg", "za_kg", "drawn_on", "recorded_by")
    list_filter = ("season__mill",)
