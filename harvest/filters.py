"""Filters for the DO register and the SPTA list (django-filter), shared by the pages and the API.
Choice lists are scoped to what the user may see."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harvest.models import DeliveryOrder, DoStatus, Spta, SptaStatus
from harvest.selectors import overdue_filter
from partners import selectors
from tebu_site import params


def _regions(request):
    return selectors.regions_visible_to(getattr(request, "user", None)).order_by("name")


def _seasons(request):
    return selectors.seasons_visible_to(getattr(request, "user", None)).order_by("-name")


class DeliveryOrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("DO number or farmer"))
    status = django_filters.ChoiceFilter(choices=DoStatus.choices, label=_("Status"))
    region = django_filters.ModelChoiceFilter(
        queryset=_regions, field_name="farmer__region", label=_("Region")
    )
    season = django_filters.ModelChoiceFilter(queryset=_seasons, label=_("Season"))
    overdue = django_filters.BooleanFilter(method="only_overdue", label=_("Overdue only"))
    farmer = params.IdFilter(field_name="farmer_id", label=_("Farmer"))

    class Meta:
        model = DeliveryOrder
        fields = ["q", "status", "region", "season", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(farmer__name__icontains=value))

    def only_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(overdue_filter(today=timezone.localdate()))
        return queryset


class SptaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("SPTA number, plot or farmer"))
    status = django_filters.ChoiceFilter(choices=SptaStatus.choices, label=_("Status"))
    cutting_date = django_filters.DateFilter(label=_("Cutting date"))
    region = django_filters.ModelChoiceFilter(
        queryset=_regions, field_name="farmer__region", label=_("Region")
    )
    farmer = params.IdFilter(field_name="farmer_id", label=_("Farmer"))

    class Meta:
        model = Spta
        fields = ["q", "status", "cutting_date", "region"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(plot__code__icontains=value)
            | Q(farmer__name__icontains=value)
        )
