from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    Company,
    Desa,
    Farmer,
    FarmerGroup,
    Kabupaten,
    Kecamatan,
    Mill,
    Plot,
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
