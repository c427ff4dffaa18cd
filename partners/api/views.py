from rest_framework import viewsets

from partners import selectors
from partners.api.serializers import FarmerSerializer, PlotSerializer


class FarmerViewSet(viewsets.ReadOnlyModelViewSet):
    """Farmers the caller may see (own record for a farmer; region or mill for staff)."""

    serializer_class = FarmerSerializer
    filterset_fields = ["partner_type", "status", "region", "mill"]
    search_fields = ["name", "nik"]
    ordering_fields = ["name", "nik"]

    def get_queryset(self):
        return selectors.farmers_visible_to(self.request.user).order_by("name", "id")


class PlotViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlotSerializer
    filterset_fields = ["farmer", "crop_class", "land_type", "registration_status"]
    search_fields = ["code"]

    def get_queryset(self):
        return selectors.plots_visible_to(self.request.user).order_by("code", "id")
