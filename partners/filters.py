"""Search and filters shared by the pages and the API (django-filter). Choice lists are scoped to
what the user may see, so a filter never reveals another region's groups or villages."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from partners import selectors
from partners.models import (
    ContractStatus,
    CropClass,
    Document,
    DocumentType,
    Farmer,
    FarmerStatus,
    LandType,
    PartnerType,
    Plot,
    RegistrationStatus,
    SeasonContract,
)
from tebu_site import params


def _user(request):
    return getattr(request, "user", None)


def _regions(request):
    return selectors.regions_visible_to(_user(request)).order_by("name")


def _groups(request):
    return selectors.groups_visible_to(_user(request)).order_by("name")


def _desa(request):
    return selectors.desa_of_visible_farmers(_user(request))


def _seasons(request):
    return selectors.seasons_visible_to(_user(request)).order_by("-name")


def _mills(request):
    return selectors.mills_visible_to(_user(request))


class FarmerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or NIK"))
    region = django_filters.ModelChoiceFilter(queryset=_regions, label=_("Region"))
    desa = django_filters.ModelChoiceFilter(queryset=_desa, label=_("Village"))
    group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("Group"))
    partner_type = django_filters.ChoiceFilter(choices=PartnerType.choices, label=_("Partner type"))
    registration_status = django_filters.ChoiceFilter(
        choices=RegistrationStatus.choices,
        method="with_plot_status",
        label=_("Plot registration"),
    )
    status = django_filters.ChoiceFilter(choices=FarmerStatus.choices, label=_("Status"))
    mill = django_filters.ModelChoiceFilter(queryset=_mills, label=_("Mill"))

    class Meta:
        model = Farmer
        fields = ["q", "region", "desa", "group", "partner_type", "registration_status", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        digits = value.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(nik__startswith=digits)
        return queryset.filter(name__icontains=value)

    def with_plot_status(self, queryset, name, value):
        # Exists, not a join: the list keeps one row per farmer and its query count.
        return queryset.filter(
            Exists(Plot.objects.filter(farmer=OuterRef("pk"), registration_status=value))
        )


class PlotFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Plot code or farmer"))
    registration_status = django_filters.ChoiceFilter(
        choices=RegistrationStatus.choices, label=_("Registration status")
    )
    region = django_filters.ModelChoiceFilter(
        queryset=_regions, field_name="farmer__region", label=_("Region")
    )
    desa = django_filters.ModelChoiceFilter(queryset=_desa, label=_("Village"))
    crop_class = django_filters.ChoiceFilter(choices=CropClass.choices, label=_("Crop class"))
    land_type = django_filters.ChoiceFilter(choices=LandType.choices, label=_("Land type"))
    farmer = params.IdFilter(field_name="farmer_id", label=_("Farmer"))
    mill = django_filters.ModelChoiceFilter(queryset=_mills, label=_("Mill"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Plot
        fields = ["q", "registration_status", "region", "desa", "crop_class", "land_type"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(farmer__name__icontains=value))


class ContractFilter(django_filters.FilterSet):
    season = django_filters.ModelChoiceFilter(queryset=_seasons, label=_("Season"))
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, label=_("Status"))
    partner_type = django_filters.ChoiceFilter(choices=PartnerType.choices, label=_("Partner type"))
    farmer = params.IdFilter(field_name="farmer_id", label=_("Farmer"))

    class Meta:
        model = SeasonContract
        fields = ["season", "status", "partner_type", "partnership_pattern", "farmer"]


class DocumentFilter(django_filters.FilterSet):
    doc_type = django_filters.ChoiceFilter(choices=DocumentType.choices, label=_("Document type"))
    farmer = params.IdFilter(field_name="farmer_id", label=_("Farmer"))
    plot = params.IdFilter(field_name="plot_id", label=_("Plot"))
    verified = django_filters.BooleanFilter(
        field_name="verified_at", lookup_expr="isnull", exclude=True, label=_("Verified")
    )

    class Meta:
        model = Document
        fields = ["doc_type", "farmer", "plot", "verified"]
