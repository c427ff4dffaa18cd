from rest_framework import serializers

from partners.models import Farmer, Plot


class FarmerSerializer(serializers.ModelSerializer):
    mill = serializers.StringRelatedField()
    region = serializers.StringRelatedField()

    class Meta:
        model = Farmer
        fields = [
            "id",
            "nik",
            "name",
            "mill",
            "region",
            "sex",
            "phone",
            "education",
            "farming_since_year",
            "household_size",
            "partner_type",
            "partner_since",
            "status",
        ]


class PlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plot
        fields = [
            "id",
            "code",
            "farmer",
            "mill",
            "area_ha",
            "own_area_ha",
            "rented_area_ha",
            "land_type",
            "crop_class",
            "ratoon_number",
            "variety",
            "registration_status",
        ]
