"""API representations of the registry. Writes go through partners.services (called from the
viewsets), so the API follows the same rules as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners import geometry as geo
from partners import selectors
from partners.api.approvals import ChainSerializer
from partners.models import (
    ContractStatus,
    Document,
    Farmer,
    FarmerStatus,
    Plot,
    PlotOverlap,
    PlotRegistrationStep,
    RegistrationAction,
    RegistrationStatus,
    SeasonContract,
)
from partners.validators import FARMING_SINCE_YEAR_VALIDATORS, normalize_nik, normalize_phone


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def inline_choices(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field described in place in the schema ("one of: ...") rather than as a shared
    enum component: fields named like others elsewhere ("status") then cause no enum-name
    clashes. A class per field, since serializers copy their fields by class and arguments."""
    values = ", ".join(str(value) for value, _label in choices)
    schema = {"type": "string", "description": f"One of: {values}."}
    field_class = extend_schema_field(schema)(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, **kwargs)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A relation whose choices are what the caller may see, looked up only when a write needs
    them (a list costs no query for them)."""

    def __init__(self, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(_user(self.root) if self.root else None)


class FarmerSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Wider than the stored 16 digits: "3509 1201 0101 0001" is accepted and normalised.
    nik = serializers.CharField(max_length=32)
    region = ScopedPrimaryKeyRelatedField(selectors.regions_visible_to)
    group = ScopedPrimaryKeyRelatedField(
        selectors.groups_visible_to, required=False, allow_null=True
    )
    # The model's validators as they are: DRF would turn the "up to this year" bound (a callable)
    # into a max_value whose message prints the function.
    farming_since_year = serializers.IntegerField(
        required=False, allow_null=True, validators=FARMING_SINCE_YEAR_VALIDATORS
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    desa_name = serializers.CharField(source="desa.name", read_only=True, default=None)
    group_name = serializers.CharField(source="group.name", read_only=True, default=None)
    education_years = serializers.IntegerField(read_only=True)
    status = inline_choices(FarmerStatus.choices, required=False)
    has_login = serializers.SerializerMethodField()
    plot_count = serializers.IntegerField(read_only=True, required=False)
    plot_area_ha = serializers.DecimalField(
        max_digits=12, decimal_places=4, read_only=True, required=False
    )

    class Meta:
        model = Farmer
        fields = [
            "id",
            "nik",
            "name",
            "mill",
            "region",
            "region_name",
            "group",
            "group_name",
            "sex",
            "birth_date",
            "phone",
            "address",
            "desa",
            "desa_name",
            "education",
            "education_years",
            "farming_since_year",
            "household_size",
            "bank_name",
            "bank_account",
            "partner_type",
            "partner_since",
            "status",
            "has_login",
            "plot_count",
            "plot_area_ha",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["nik"].read_only = True

    def get_has_login(self, farmer) -> bool:
        return farmer.user_id is not None

    def validate_nik(self, value: str) -> str:
        try:
            return normalize_nik(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_phone(self, value: str) -> str:
        try:
            return normalize_phone(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class StepSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()
    action = inline_choices(RegistrationAction.choices, read_only=True)
    from_status = inline_choices(RegistrationStatus.choices, read_only=True)
    to_status = inline_choices(RegistrationStatus.choices, read_only=True)

    class Meta:
        model = PlotRegistrationStep
        fields = ["action", "from_status", "to_status", "by", "at", "note"]

    def get_by(self, step) -> str:
        return step.by.get_full_name() or step.by.get_username()


class OverlapSerializer(serializers.ModelSerializer):
    other_plot_code = serializers.CharField(source="other_plot.code", read_only=True)
    other_plot_mill = serializers.CharField(source="other_plot.mill.name", read_only=True)

    class Meta:
        model = PlotOverlap
        fields = [
            "id",
            "other_plot_code",
            "other_plot_mill",
            "overlap_m2",
            "found_at",
            "released_at",
            "release_note",
        ]


class GeometryField(serializers.JSONField):
    """GeoJSON Polygon, MultiPolygon or Point in longitude, latitude (checked and normalised)."""

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if data in (None, ""):
            return None
        try:
            return geo.parse_geojson(data)
        except geo.GeometryError as error:
            raise serializers.ValidationError(str(error)) from error


class PlotSerializer(serializers.ModelSerializer):
    farmer = ScopedPrimaryKeyRelatedField(selectors.farmers_visible_to)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True)
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    geometry = GeometryField(required=False, allow_null=True)
    area_warning = serializers.BooleanField(read_only=True)

    class Meta:
        model = Plot
        fields = [
            "id",
            "code",
            "farmer",
            "farmer_name",
            "mill",
            "area_ha",
            "own_area_ha",
            "rented_area_ha",
            "land_type",
            "crop_class",
            "ratoon_number",
            "variety",
            "planted_or_cut_on",
            "desa",
            "geometry",
            "measured_area_ha",
            "area_warning",
            "registration_status",
            "rejection_reason",
            "is_active",
        ]
        read_only_fields = ["measured_area_ha", "registration_status", "rejection_reason"]
        extra_kwargs = {"own_area_ha": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("code", "farmer", "geometry"):
                self.fields[name].read_only = True


class PlotDetailSerializer(PlotSerializer):
    steps = StepSerializer(source="registration_steps", many=True, read_only=True)
    overlaps = OverlapSerializer(many=True, read_only=True)
    approval_chain = serializers.SerializerMethodField()

    class Meta(PlotSerializer.Meta):
        fields = [*PlotSerializer.Meta.fields, "steps", "overlaps", "approval_chain"]

    @extend_schema_field(ChainSerializer)
    def get_approval_chain(self, plot) -> dict:
        from partners.selectors_approvals import plot_chain_state

        request = self.context.get("request")
        plain = bool(request and request.user.is_farmer)
        return ChainSerializer(plot_chain_state(plot), context={"plain": plain}).data


class SurveySerializer(serializers.Serializer):
    geometry = GeometryField()
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_geometry(self, value):
        if not geo.is_polygon(value):
            raise serializers.ValidationError(
                _("The survey needs the plot boundary (a polygon), not a point.")
            )
        return value


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ReleaseSerializer(serializers.Serializer):
    overlap = serializers.IntegerField(help_text="id of the overlap (see the plot's overlaps)")
    note = serializers.CharField()


class ContractSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season_name = serializers.CharField(source="season.name", read_only=True)
    season = ScopedPrimaryKeyRelatedField(selectors.seasons_visible_to)
    farmer = ScopedPrimaryKeyRelatedField(selectors.farmers_visible_to)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True)
    plots = ScopedPrimaryKeyRelatedField(selectors.plots_visible_to, many=True)
    clauses = serializers.ListField(child=serializers.CharField(), required=False)
    partnership_pattern = serializers.ChoiceField(
        choices=SeasonContract._meta.get_field("partnership_pattern").choices, required=False
    )
    status = inline_choices(ContractStatus.choices, read_only=True)

    class Meta:
        model = SeasonContract
        fields = [
            "id",
            "number",
            "mill",
            "season",
            "season_name",
            "farmer",
            "farmer_name",
            "plots",
            "partner_type",
            "partnership_pattern",
            "clauses",
            "status",
            "signed_on",
            "renewed_from",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "status",
            "signed_on",
            "renewed_from",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["farmer"].read_only = True
            self.fields["season"].read_only = True


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()


class RenewSerializer(serializers.Serializer):
    season = serializers.IntegerField(
        required=False, help_text="id of the season to renew into; default: the next one"
    )


class DocumentSerializer(serializers.ModelSerializer):
    farmer = ScopedPrimaryKeyRelatedField(selectors.farmers_visible_to)
    plot = ScopedPrimaryKeyRelatedField(selectors.plots_visible_to, required=False, allow_null=True)
    file = serializers.FileField(write_only=True)
    download_url = serializers.SerializerMethodField()
    uploaded_by = serializers.StringRelatedField()
    verified_by = serializers.StringRelatedField()

    class Meta:
        model = Document
        fields = [
            "id",
            "farmer",
            "plot",
            "doc_type",
            "file",
            "original_name",
            "content_type",
            "size_bytes",
            "note",
            "uploaded_by",
            "created_at",
            "verified_by",
            "verified_at",
            "download_url",
        ]
        read_only_fields = [
            "original_name",
            "content_type",
            "size_bytes",
            "created_at",
            "verified_at",
        ]

    def get_download_url(self, document) -> str:
        request = self.context.get("request")
        path = f"/api/documents/{document.pk}/download/"
        return request.build_absolute_uri(path) if request else path


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    first_password = serializers.CharField()
