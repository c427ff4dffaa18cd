from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    ApprovalChain,
    ApprovalStep,
    Company,
    Desa,
    Farmer,
    FarmerGroup,
    Kabupaten,
    Kecamatan,
    Mill,
    Plot,
    PlotApproval,
    Position,
    Region,
    Season,
)

admin.site.register([Company, Kabupaten])


@admin.register(Mill)
class MillAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "company"]
    filter_horizontal = ["members"]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["name", "mill", "is_current", "milling_start", "milling_end"]
    list_filter = ["mill", "is_current"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "mill"]
    list_filter = ["mill"]
    filter_horizontal = ["field_staff"]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["name", "kabupaten"]


@admin.register(Desa)
class DesaAdmin(admin.ModelAdmin):
    list_display = ["name", "kecamatan"]
    list_select_related = ["kecamatan"]


@admin.register(FarmerGroup)
class FarmerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "mill", "region"]
    list_filter = ["mill", "kind"]


@admin.register(Farmer)
class FarmerAdmin(SimpleHistoryAdmin):
    list_display = ["nik", "name", "mill", "region", "partner_type", "status"]
    list_filter = ["mill", "region", "partner_type", "status"]
    search_fields = ["name", "nik"]
    list_select_related = ["mill", "region"]
    raw_id_fields = ["user", "group", "desa"]


@admin.register(Plot)
class PlotAdmin(SimpleHistoryAdmin):
    list_display = ["code", "farmer", "mill", "area_ha", "crop_class", "registration_status"]
    list_filter = ["mill", "crop_class", "land_type", "registration_status"]
    search_fields = ["code", "farmer__name"]
    list_select_related = ["farmer", "mill"]
    raw_id_fields = ["farmer", "desa"]
    readonly_fields = ["measured_area_ha", "registration_status", "rejection_reason"]

    def save_model(self, request, obj, form, change):
        # Keep the measured area and bounding box in step with a geometry edited here.
        obj.set_geometry(obj.geometry)
        super().save_model(request, obj, form, change)


# --- partner registry (issue 3) ---------------------------------------------------------------
# Registration steps and overlaps are written by partners.services.registration only.

from partners.models import (  # noqa: E402
    ContractTemplate,
    Document,
    PlotOverlap,
    PlotRegistrationStep,
    SeasonContract,
)


@admin.register(ContractTemplate)
class ContractTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "mill", "partnership_pattern", "is_active"]
    list_filter = ["mill", "is_active"]


@admin.register(SeasonContract)
class SeasonContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "farmer", "season", "partner_type", "status", "signed_on"]
    list_filter = ["mill", "season", "status", "partner_type"]
    search_fields = ["number", "farmer__name", "farmer__nik"]
    list_select_related = ["farmer", "season"]
    raw_id_fields = ["farmer", "plots", "renewed_from", "signed_recorded_by", "template"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["farmer", "doc_type", "original_name", "verified_at"]
    list_filter = ["doc_type"]
    search_fields = ["farmer__name", "farmer__nik", "original_name"]
    list_select_related = ["farmer"]
    raw_id_fields = ["farmer", "plot", "uploaded_by", "verified_by"]
    # No file field here: files are served only through the scoped download view.
    exclude = ["file"]
    readonly_fields = ["original_name", "content_type", "size_bytes"]

    def has_add_permission(self, request):
        return False  # uploads go through the farmer page or the API, which check the file


@admin.register(PlotRegistrationStep)
class PlotRegistrationStepAdmin(admin.ModelAdmin):
    list_display = ["plot", "action", "to_status", "by", "at"]
    list_filter = ["action"]
    search_fields = ["plot__code"]
    list_select_related = ["plot", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlotOverlap)
class PlotOverlapAdmin(admin.ModelAdmin):
    list_display = ["plot", "other_plot", "overlap_m2", "released_at"]
    list_select_related = ["plot", "other_plot"]
    raw_id_fields = ["plot", "other_plot", "released_by"]


# Approval chains (issue 12): positions and chains are data a manager or administrator edits
# here; decisions are recorded by the services and never edited.
@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "mill"]
    list_filter = ["mill"]
    filter_horizontal = ["holders"]


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    fields = ["order", "name", "role", "position"]


@admin.register(ApprovalChain)
class ApprovalChainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "mill", "purpose"]
    list_filter = ["mill", "purpose"]
    inlines = [ApprovalStepInline]


@admin.register(PlotApproval)
class PlotApprovalAdmin(admin.ModelAdmin):
    list_display = ["plot", "step", "decision", "by", "at"]
    list_filter = ["decision"]
    search_fields = ["plot__code"]
    list_select_related = ["plot", "step", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
