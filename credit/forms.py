"""Forms for the credit pages. They check input and show errors beside the field; the views hand
the cleaned data to credit.services, which hold the rules (ceiling, checklist, workflow)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from credit import selectors
from credit.models import (
    CollateralKind,
    CreditProduct,
    InKindKind,
    Payee,
    TranchePurpose,
)
from credit.selectors_pipeline import BOARD_STEP_CHOICES
from credit.services.applications import Collateral, PlotLine, RdkkItem
from credit.services.products import BandSpec, TrancheSpec
from credit.services.windows import WindowSpec
from partners import selectors as partner_selectors
from partners.models import CropClass, PartnerType
from tebu_site.formatting import format_number
from tebu_site.forms import DecimalCommaField, DecimalInput, RupiahField, RupiahInput

AREA = {"max_digits": 10, "decimal_places": 4}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def money_field(label, required=True, **kwargs) -> RupiahField:
    return RupiahField(label=label, required=required, min_value=Decimal("0"), **kwargs)


class FarmerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        region = obj.region.name if obj.region_id else ""
        return f"{obj.name} · {region}" if region else obj.name


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CreditProduct) -> str:
        return f"{obj.name} · {obj.season.name} · {obj.mill.name}"


def _seasons(user):
    return (
        partner_selectors.seasons_visible_to(user)
        .select_related("mill")
        .order_by("mill__name", "-name")
    )


class SeasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.mill.name}"


# --- pipeline -----------------------------------------------------------------------------------


class PipelineFilterForm(forms.Form):
    season = SeasonChoiceField(
        queryset=None, required=False, label=_("Season"), empty_label=_("All seasons")
    )
    product = ProductChoiceField(
        queryset=None, required=False, label=_("Product"), empty_label=_("All products")
    )
    step = forms.ChoiceField(
        required=False, label=_("Step"), choices=[("", _("All steps")), *BOARD_STEP_CHOICES]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = _seasons(user)
        self.fields["product"].queryset = selectors.products_visible_to(user)


# --- the application ----------------------------------------------------------------------------


class ApplicantForm(forms.Form):
    """Step 1 of a new application: who applies, for which product."""

    farmer = FarmerChoiceField(queryset=None, label=_("Farmer"))
    product = ProductChoiceField(queryset=None, label=_("Credit product"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = selectors.farmers_for_credit(user).order_by("name")
        self.fields["product"].queryset = selectors.products_visible_to(user).filter(is_active=True)

    def clean(self):
        data = super().clean()
        farmer, product = data.get("farmer"), data.get("product")
        if farmer and product and farmer.mill_id != product.mill_id:
            self.add_error("product", _("The product belongs to another mill."))
        return data


class ApplicationForm(forms.Form):
    """The application on a phone: one row per contracted plot (tick it, area and crop class),
    the amount asked with the ceiling beside it, the KUR declaration and notes. RDKK lines and
    collateral are formsets beside it."""

    requested_amount = RupiahField(
        label=_("Amount asked (Rp)"),
        min_value=Decimal("1"),
        widget=RupiahInput({"data-ceiling": "requested"}),
    )
    declares_no_bank_loan = forms.BooleanField(
        label=_("The applicant declares they have no unsettled bank loan"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, plots, selected=None, **kwargs):
        """``selected``: {plot pk: (crop class, area)} of the saved application (edit)."""
        super().__init__(*args, **kwargs)
        self.plots = list(plots)
        selected = selected or {}
        for plot in self.plots:
            crop_class, area = selected.get(plot.pk, (plot.crop_class, plot.area_ha))
            self.fields[f"plot_{plot.pk}"] = forms.BooleanField(
                label=plot.code,
                required=False,
                initial=plot.pk in selected if selected else True,
                widget=forms.CheckboxInput(attrs={"data-ceiling": "plot"}),
            )
            self.fields[f"class_{plot.pk}"] = forms.ChoiceField(
                label=_("Crop class"),
                choices=CropClass.choices,
                initial=crop_class,
                widget=forms.Select(attrs={"data-ceiling": "class"}),
            )
            self.fields[f"area_{plot.pk}"] = DecimalCommaField(
                label=_("Area financed (ha)"),
                min_value=Decimal("0.0001"),
                max_value=plot.area_ha,
                initial=area,
                widget=DecimalInput({"data-ceiling": "area"}),
                **AREA,
            )

    def plot_rows(self):
        """(plot, tick, crop class, area) bound fields, for the template."""
        return [
            (plot, self[f"plot_{plot.pk}"], self[f"class_{plot.pk}"], self[f"area_{plot.pk}"])
            for plot in self.plots
        ]

    def clean(self):
        data = super().clean()
        if self.plots and not any(data.get(f"plot_{plot.pk}") for plot in self.plots):
            raise forms.ValidationError(_("Tick at least one plot to finance."))
        return data

    def plot_lines(self) -> list[PlotLine]:
        data = self.cleaned_data
        return [
            PlotLine(
                plot=plot,
                crop_class=data.get(f"class_{plot.pk}") or plot.crop_class,
                area_ha=data.get(f"area_{plot.pk}") or plot.area_ha,
            )
            for plot in self.plots
            if data.get(f"plot_{plot.pk}")
        ]


class RdkkLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=200)
    quantity = DecimalCommaField(
        label=_("Quantity"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=3,
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    amount = money_field(_("Amount (Rp)"))

    def item_value(self) -> RdkkItem:
        data = self.cleaned_data
        return RdkkItem(data["item"], data["quantity"], data.get("unit", ""), data["amount"])


class CollateralForm(forms.Form):
    # A blank first choice: an untouched extra row stays empty (and is skipped).
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "–"), *CollateralKind.choices])
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    value = money_field(_("Value (Rp)"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def item_value(self) -> Collateral:
        data = self.cleaned_data
        return Collateral(
            data["kind"], data["owner_name"], data["value"], data.get("description", "")
        )


RdkkFormSet = forms.formset_factory(RdkkLineForm, extra=1, can_delete=True)
CollateralFormSet = forms.formset_factory(CollateralForm, extra=1, can_delete=True)


def formset_values(formset) -> list:
    return [
        form.item_value()
        for form in formset.forms
        if form.has_changed() and not (formset.can_delete and form.cleaned_data.get("DELETE"))
    ]


# --- application page actions -------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    amount = RupiahField(label=_("Approved amount (Rp)"), min_value=Decimal("1"))
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png", "capture": ""}),
    )


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Interviewed on"), required=False, widget=DateInput())
    skipped = forms.BooleanField(label=_("Skipped (trusted farmer)"), required=False)
    notes = forms.CharField(
        label=_("Notes (why skipped, if so)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlotVisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    report = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))


class TranchePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    amount = RupiahField(
        label=_("Amount paid (Rp)"),
        required=False,
        min_value=Decimal("1"),
        help_text=_("Empty: the planned amount."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class AddTrancheForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=TranchePurpose.choices)
    payee = forms.ChoiceField(label=_("Paid to"), choices=Payee.choices)
    planned_amount = RupiahField(label=_("Planned amount (Rp)"), min_value=Decimal("1"))
    planned_on = forms.DateField(label=_("Planned date"), required=False, widget=DateInput())


# --- products -----------------------------------------------------------------------------------


PRODUCT_FIELDS = [
    "name",
    "kind",
    "funder",
    "annual_rate_percent",
    "day_count_basis",
    "ceiling_per_ha_plant_cane",
    "ceiling_per_ha_ratoon",
    "cap_per_farmer",
    "eligible_partner_types",
    "required_documents",
    "collateral_rule",
    "collateral_note",
    "requires_no_bank_loan_declaration",
    "requires_interview",
    "requires_plot_visit",
    "lead_time_note",
    "max_days_submitted",
    "max_days_documents_complete",
    "max_days_verified",
    "max_days_approved_unpaid",
    "max_days_disbursing",
    "max_financed_ha",
    "requires_uncredited_harvest",
    "limit_base",
    "limit_step_per_membership_year",
    "limit_step_per_delivered_season",
    "limit_rule",
    "record_full_limit_per_ha",
    "record_expected_yield_kw_per_ha",
    "record_min_score_percent",
    "record_seasons",
    "record_weight_delivery",
    "record_weight_on_time",
    "record_weight_no_side_selling",
    "record_weight_repayment",
    "guarantor_rule",
    "fertiliser_kg_per_ha",
    "fertiliser_phonska_percent",
    "is_active",
]


# Terms with a default that a form (or a client) may leave out: the product keeps its value.
DEFAULTED_PRODUCT_FIELDS = (
    "limit_rule",
    "record_min_score_percent",
    "record_seasons",
    "record_weight_delivery",
    "record_weight_on_time",
    "record_weight_no_side_selling",
    "record_weight_repayment",
    "guarantor_rule",
    "fertiliser_phonska_percent",
)


class ProductForm(forms.ModelForm):
    """The product's terms; the view hands them to create_product / update_product."""

    season = SeasonChoiceField(queryset=None, label=_("Season"))
    eligible_partner_types = forms.MultipleChoiceField(
        label=_("Eligible partner types"),
        choices=PartnerType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every partner type."),
    )
    required_documents = forms.CharField(
        label=_("Required documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One document per line, in checklist order."),
    )

    class Meta:
        model = CreditProduct
        fields = PRODUCT_FIELDS
        widgets = {
            "collateral_note": forms.TextInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = _seasons(user)
        if self.instance.pk:
            del self.fields["season"]
            self.initial["required_documents"] = "\n".join(self.instance.required_documents or [])
        for name in DEFAULTED_PRODUCT_FIELDS:
            self.fields[name].required = False
        # Season first: it says which mill the product belongs to.
        if "season" in self.fields:
            self.order_fields(["season", *PRODUCT_FIELDS])

    def clean_required_documents(self) -> list[str]:
        text = self.cleaned_data.get("required_documents") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def _post_clean(self):
        # The service validates the product (with mill and season); the form checks input only.
        pass

    def changes(self) -> dict:
        changes = {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}
        for name in DEFAULTED_PRODUCT_FIELDS:
            if changes[name] in (None, ""):
                changes[name] = getattr(self.instance, name)
        return changes


class TrancheLineForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=[("", "–"), *TranchePurpose.choices])
    crop_class = forms.ChoiceField(
        label=_("Crop class"),
        choices=[("", _("Every crop class")), *CropClass.choices],
        required=False,
    )
    amount_per_ha = money_field(_("Amount per ha (Rp)"))
    payee = forms.ChoiceField(label=_("Paid to"), choices=[("", "–"), *Payee.choices])
    when = forms.CharField(label=_("When"), max_length=200, required=False)
    days_after_approval = forms.IntegerField(
        label=_("Planned days after approval"), min_value=0, required=False
    )

    def item_value(self) -> TrancheSpec:
        data = self.cleaned_data
        return TrancheSpec(
            purpose=data["purpose"],
            amount_per_ha=data["amount_per_ha"],
            payee=data["payee"],
            crop_class=data.get("crop_class") or "",
            when=data.get("when") or "",
            days_after_approval=data.get("days_after_approval"),
        )


TrancheFormSet = forms.formset_factory(TrancheLineForm, extra=1, can_delete=True)


class WindowForm(forms.Form):
    opens_on = forms.DateField(label=_("Applications open on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Applications close on (included)"), widget=DateInput())
    paid_from = forms.DateField(label=_("Paid out from"), required=False, widget=DateInput())
    paid_until = forms.DateField(label=_("Paid out until"), required=False, widget=DateInput())

    def item_value(self) -> WindowSpec:
        data = self.cleaned_data
        return WindowSpec(
            data["opens_on"], data["closes_on"], data.get("paid_from"), data.get("paid_until")
        )


WindowFormSet = forms.formset_factory(WindowForm, extra=1, can_delete=True)


class WindowExceptionForm(forms.Form):
    """A manager lets one farmer's application in outside the product's windows."""

    farmer = FarmerChoiceField(queryset=None, label=_("Farmer"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, mill, **kwargs):
        super().__init__(*args, **kwargs)
        farmers = selectors.farmers_for_credit(user).filter(mill=mill).order_by("name")
        self.fields["farmer"].queryset = farmers


class PackageForm(forms.Form):
    season = SeasonChoiceField(queryset=None, label=_("Season"))
    name = forms.CharField(label=_("Name"), max_length=200)
    is_free = forms.BooleanField(label=_("Free (recorded, not recovered)"), required=False)
    price_per_stalk = money_field(_("Price per seed stalk (Rp)"), required=False)
    price_per_kg_za = money_field(_("ZA price per kg (Rp)"), required=False)
    price_per_kg_npk = money_field(_("NPK price per kg (Rp)"), required=False)
    price_per_kg_sp36 = money_field(_("SP36 price per kg (Rp)"), required=False)
    seed_transport_fee = money_field(_("Seed transport paid by the farmer (Rp)"), required=False)

    PRICES = (
        "price_per_stalk",
        "price_per_kg_za",
        "price_per_kg_npk",
        "price_per_kg_sp36",
        "seed_transport_fee",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = _seasons(user)

    def prices(self) -> dict:
        return {name: self.cleaned_data.get(name) or Decimal(0) for name in self.PRICES}


class BandForm(forms.Form):
    area_from_ha = DecimalCommaField(label=_("From (ha)"), min_value=Decimal("0"), **AREA)
    area_to_ha = DecimalCommaField(label=_("Up to (ha)"), min_value=Decimal("0"), **AREA)
    seed_stalks = forms.IntegerField(label=_("Seed stalks"), min_value=0, initial=0)
    za_kg = DecimalCommaField(label=_("ZA (kg)"), min_value=Decimal("0"), initial=0)
    npk_kg = DecimalCommaField(label=_("NPK (kg)"), min_value=Decimal("0"), initial=0)
    sp36_kg = DecimalCommaField(label=_("SP36 (kg)"), min_value=Decimal("0"), initial=0)

    def item_value(self) -> BandSpec:
        data = self.cleaned_data
        return BandSpec(
            area_from_ha=data["area_from_ha"],
            area_to_ha=data["area_to_ha"],
            seed_stalks=data.get("seed_stalks") or 0,
            za_kg=data.get("za_kg") or Decimal(0),
            npk_kg=data.get("npk_kg") or Decimal(0),
            sp36_kg=data.get("sp36_kg") or Decimal(0),
        )


BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True)


# --- money: repayments and in-kind advances -----------------------------------------------------


class RepaymentForm(forms.Form):
    farmer = FarmerChoiceField(queryset=None, label=_("Farmer"))
    season = SeasonChoiceField(queryset=None, label=_("Season"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    amount = RupiahField(label=_("Amount (Rp)"), min_value=Decimal("0.01"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = selectors.farmers_for_credit(user).order_by("name")
        self.fields["season"].queryset = _seasons(user)
        self.fields["paid_on"].initial = timezone.localdate()


class PackageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.season.name}"


class InKindPackageGiveForm(forms.Form):
    farmer = FarmerChoiceField(queryset=None, label=_("Farmer"))
    package = PackageChoiceField(queryset=None, label=_("Package"))
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    area_ha = DecimalCommaField(
        label=_("Area (ha)"),
        required=False,
        min_value=Decimal("0.0001"),
        help_text=_("Empty: the farmer's contracted area this season chooses the band."),
        **AREA,
    )
    fertiliser_bought_by_farmer = forms.BooleanField(
        label=_("The farmer bought his own fertiliser"),
        required=False,
        help_text=_("Otherwise the band's fertiliser is handed out and charged after harvest."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = selectors.farmers_for_credit(user).order_by("name")
        self.fields["package"].queryset = selectors.in_kind_packages_visible_to(user)
        self.fields["given_on"].initial = timezone.localdate()


class InKindAdvanceForm(forms.Form):
    farmer = FarmerChoiceField(queryset=None, label=_("Farmer"))
    season = SeasonChoiceField(queryset=None, label=_("Season"))
    kind = forms.ChoiceField(
        label=_("What was given"),
        # Packages go by band, subsidised fertiliser against its quota: each has its own form.
        choices=[
            (k, label)
            for k, label in InKindKind.choices
            if k not in (InKindKind.PACKAGE, InKindKind.SUBSIDISED_FERTILISER)
        ],
    )
    value = money_field(_("Value to recover (Rp)"))
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = selectors.farmers_for_credit(user).order_by("name")
        self.fields["season"].queryset = _seasons(user)
        self.fields["given_on"].initial = timezone.localdate()


def band_label(band) -> str:
    return _("%(start)s–%(end)s ha") % {
        "start": format_number(band.area_from_ha, 2),
        "end": format_number(band.area_to_ha, 2),
    }
