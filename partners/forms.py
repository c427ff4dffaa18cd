"""Forms for the registry pages. They validate and show errors beside the field; the views hand
the cleaned data to partners.services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners import geometry as geo
from partners import selectors
from partners.models import (
    Desa,
    DocumentType,
    Farmer,
    PartnershipPattern,
    PartnerType,
    Plot,
    RegistrationStatus,
    Season,
)
from partners.validators import (
    document_max_bytes,
    normalize_nik,
    normalize_phone,
    validate_document_file,
)
from tebu_site import params
from tebu_site.forms import DecimalCommaField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DesaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Desa) -> str:
        return f"{obj.name} · {obj.kecamatan.name} · {obj.kecamatan.kabupaten.name}"


def desa_queryset():
    return Desa.objects.select_related("kecamatan__kabupaten").order_by(
        "kecamatan__kabupaten__name", "kecamatan__name", "name"
    )


class FarmerForm(forms.ModelForm):
    # Wider than the 16 stored digits: a NIK copied from the KTP in groups is normalised.
    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        help_text=_("16-digit national identity number (KTP)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    desa = DesaChoiceField(queryset=desa_queryset(), required=False, label=_("Village (desa)"))

    class Meta:
        model = Farmer
        fields = [
            "nik",
            "name",
            "region",
            "group",
            "sex",
            "birth_date",
            "phone",
            "address",
            "desa",
            "education",
            "farming_since_year",
            "household_size",
            "bank_name",
            "bank_account",
            "partner_type",
            "partner_since",
            "status",
        ]
        widgets = {
            "birth_date": DateInput(),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812 3456 7890"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_visible_to(user).order_by("name")
        self.fields["group"].queryset = selectors.groups_visible_to(user).order_by("name")
        self.fields["desa"].queryset = desa_queryset()
        if self.instance.pk:
            # The NIK identifies the farmer: a wrong one is corrected by an administrator.
            self.fields["nik"].disabled = True

    def clean_nik(self) -> str:
        if self.instance.pk:
            return self.instance.nik
        return normalize_nik(self.cleaned_data["nik"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def validate_unique(self):
        # Whether the NIK is taken is the service's to answer (nik_usable_by): the model's "a
        # farmer with this NIK exists" would tell that a person is registered at another mill.
        exclude = self._get_validation_exclusions() | {"nik"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        if region is not None:
            self.instance.mill = region.mill
            group = cleaned.get("group")
            if group is not None and group.mill_id != region.mill_id:
                self.add_error("group", _("The group belongs to another mill."))
        return cleaned


class GeometryInputMixin(forms.Form):
    """Three ways to give a plot's shape: points typed from a GPS app, pasted GeoJSON, or a GPX /
    GeoJSON file from a handheld GPS. One is enough."""

    coordinates = forms.CharField(
        label=_("Coordinates (one point per line: latitude, longitude)"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "-8.20310, 113.45020\n-8.20310, 113.45150\n…"}
        ),
        help_text=_("One point marks the plot until it is measured; three or more draw it."),
    )
    geojson = forms.CharField(
        label=_("or paste GeoJSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": '{"type": "Polygon", …}'}),
    )
    geometry_file = forms.FileField(
        label=_("or upload a GPX or GeoJSON file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".gpx,.geojson,.json"}),
    )

    def geometry_from_inputs(self) -> dict | None:
        sources = [
            name
            for name in ("coordinates", "geojson", "geometry_file")
            if self.cleaned_data.get(name)
        ]
        if len(sources) > 1:
            raise ValidationError(_("Give the shape one way only: coordinates, GeoJSON or a file."))
        if not sources:
            return None
        source = sources[0]
        try:
            if source == "coordinates":
                return geo.parse_coordinates(self.cleaned_data["coordinates"])
            if source == "geojson":
                return geo.parse_geojson(self.cleaned_data["geojson"])
            upload = self.cleaned_data["geometry_file"]
            if upload.size > 2 * 1024 * 1024:
                raise geo.GeometryError(_("The file is larger than 2 MB."))
            return geo.parse_upload(upload.name, upload.read())
        except geo.GeometryError as error:
            self.add_error(source, str(error))
            return None


class PlotForm(GeometryInputMixin, forms.ModelForm):
    desa = DesaChoiceField(queryset=desa_queryset(), required=False, label=_("Village (desa)"))
    own_area_ha = DecimalCommaField(
        label=_("own part (ha)"),
        max_digits=10,
        decimal_places=4,
        min_value=Decimal("0"),
        required=False,
        help_text=_("Left empty: the area minus the rented part."),
    )

    class Meta:
        model = Plot
        fields = [
            "code",
            "area_ha",
            "own_area_ha",
            "rented_area_ha",
            "land_type",
            "desa",
            "crop_class",
            "ratoon_number",
            "variety",
            "planted_or_cut_on",
            "is_active",
        ]
        widgets = {
            "planted_or_cut_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_queryset()
        self.fields["ratoon_number"].help_text = _("0 for plant cane; 1 after the first cut.")
        if not self.instance.pk:
            self.initial["own_area_ha"] = None  # not the model's 0: area − rented
            del self.fields["is_active"]  # a new plot is active
        if self.instance.pk:
            self.fields["code"].disabled = True
            for name in ("coordinates", "geojson", "geometry_file"):
                del self.fields[name]

    def clean_code(self) -> str:
        if self.instance.pk:
            return self.instance.code
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("area_ha")
        rented = cleaned.get("rented_area_ha") or Decimal("0")
        if cleaned.get("own_area_ha") is None and area is not None:
            cleaned["own_area_ha"] = area - rented
            self.instance.own_area_ha = cleaned["own_area_ha"]
        if "coordinates" in self.fields:
            cleaned["geometry"] = self.geometry_from_inputs()
        return cleaned


class SurveyForm(GeometryInputMixin):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        geometry = self.geometry_from_inputs()
        if geometry is None and not self.errors:
            raise ValidationError(_("Give the measured boundary of the plot."))
        if geometry is not None and not geo.is_polygon(geometry):
            raise ValidationError(_("The survey needs the plot boundary (a polygon), not a point."))
        cleaned["geometry"] = geometry
        return cleaned


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Note or reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OverlapReleaseForm(forms.Form):
    note = forms.CharField(
        label=_("Release"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who released the overlapping land, and how (letter number, joint survey)."),
    )


class ContractForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.none(), label=_("Season"))
    partner_type = forms.ChoiceField(choices=PartnerType.choices, label=_("Partner type"))
    partnership_pattern = forms.ChoiceField(
        choices=PartnershipPattern.choices, label=_("Partnership pattern")
    )
    plots = params.ModelMultipleChoiceField(
        queryset=Plot.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Plots"),
        help_text=_("Only approved plots can be put in a contract."),
    )
    clauses = forms.CharField(
        label=_("Clauses"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One clause per line."),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, farmer: Farmer, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = Season.objects.filter(mill=farmer.mill).order_by("-name")
        self.fields["plots"].queryset = farmer.plots.filter(
            is_active=True,
            registration_status__in=[RegistrationStatus.APPROVED, RegistrationStatus.CONTRACTED],
        ).order_by("code")
        self.fields["plots"].label_from_instance = lambda plot: (
            f"{plot.code} · {plot.area_ha.normalize():f} ha · "
            f"{plot.get_registration_status_display()}"
        )
        if editing:
            del self.fields["season"]

    def clean_clauses(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["clauses"].splitlines() if line.strip()]


class SignContractForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


class RenewContractForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.none(), label=_("Renew into season"))

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = Season.objects.filter(
            mill=contract.mill, name__gt=contract.season.name
        ).order_by("name")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(choices=DocumentType.choices, label=_("Document type"))
    plot = forms.ModelChoiceField(
        queryset=Plot.objects.none(),
        required=False,
        label=_("Plot"),
        empty_label=_("— the farmer, not one plot —"),
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, farmer: Farmer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plot"].queryset = farmer.plots.order_by("code")
        self.fields["file"].help_text = _("PDF, JPG or PNG, at most %(mb)s MB.") % {
            "mb": document_max_bytes() // (1024 * 1024)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document_file(upload)
        return upload


class ImportForm(forms.Form):
    KIND_CHOICES = [("farmers", _("Farmers")), ("plots", _("Plots"))]
    kind = forms.ChoiceField(choices=KIND_CHOICES, label=_("What the file holds"))
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload
