"""Forms for the harvest and DO pages. They check input and show errors beside the field; the views
hand the cleaned data to harvest.services, which hold the rules."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harvest.calculations.rendemen import READING_FIELDS
from harvest.models import FinalRendemenBasis, PaymentMethod, SeasonClose
from partners import selectors
from partners.models import ContractStatus, Plot, RegistrationStatus, Season
from tebu_site import params
from tebu_site.fields import PlausibleAmountValidator
from tebu_site.formatting import format_number
from tebu_site.forms import DecimalCommaField, RupiahField, normalise_rupiah


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class PlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Plot) -> str:
        return f"{obj.code} · {obj.farmer.name} · {format_number(obj.area_ha, 2)} ha"


class SptaForm(forms.Form):
    plot = PlotChoiceField(queryset=Plot.objects.none(), label=_("Plot"))
    cutting_date = forms.DateField(label=_("Cutting date"), widget=DateInput())
    quota_kw = DecimalCommaField(
        label=_("Quota (kw)"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
    )
    truck_plate = forms.CharField(label=_("Truck plate"), max_length=20)
    driver_name = forms.CharField(label=_("Driver"), max_length=100)
    tma_by_mill = forms.BooleanField(label=_("Cut and hauled by the mill's crews"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Plots that may be cut this season; the service checks again (harvest.services.spta).
        signed = Q(contracts__status=ContractStatus.SIGNED, contracts__season__is_current=True)
        self.fields["plot"].queryset = (
            selectors.plots_visible_to(user)
            .filter(is_active=True)
            .filter(Q(registration_status=RegistrationStatus.CONTRACTED) | signed)
            .distinct()
            .order_by("code")
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class WeighingForm(forms.Form):
    """The weighbridge clerk's fast entry: SPTA number (scanned or typed) and the weights."""

    spta_number = forms.CharField(
        label=_("SPTA number"),
        # Room for the slip's whole QR payload (Spta.qr_payload), which a handheld scanner types.
        max_length=200,
        help_text=_("Scan the QR code, or type the full number or the short one (e.g. 43)."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    gross_kg = DecimalCommaField(label=_("Gross (kg)"), max_digits=10, decimal_places=1)
    tare_kg = DecimalCommaField(label=_("Tare (kg)"), max_digits=10, decimal_places=1)
    trash_percent = DecimalCommaField(
        label=_("Trash deduction (%)"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
    )
    cut_at = forms.DateTimeField(label=_("Cut at"), widget=DateTimeInput())
    arrived_at = forms.DateTimeField(label=_("Arrived at"), widget=DateTimeInput())
    weighed_at = forms.DateTimeField(
        label=_("Weighed at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty: now."),
    )

    def clean_spta_number(self) -> str:
        return self.cleaned_data["spta_number"].strip()


class WeighingImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from the weighbridge software"),
        help_text=_(
            "Columns: spta_number, gross_kg, tare_kg, trash_percent, cut_at, arrived_at, "
            "weighed_at (times as 2026-07-01 06:30)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("The file is not a text (CSV) file."))


def reading_field(label: str) -> DecimalCommaField:
    return DecimalCommaField(label=label, required=False, max_digits=9, decimal_places=4)


class RendemenFieldsMixin(forms.Form):
    brix_reading = reading_field(_("Brix reading"))
    temperature_correction = reading_field(_("Temperature correction"))
    pol_reading = reading_field(_("Pol reading"))
    specific_gravity = reading_field(_("Specific gravity (BJ)"))
    dilution_factor = reading_field(_("Dilution factor"))
    extraction_factor = reading_field(_("Extraction factor (faktor perah)"))
    rendemen_percent = DecimalCommaField(
        label=_("Or the rendemen directly (%)"),
        required=False,
        max_digits=6,
        decimal_places=2,
    )
    direct_reason = forms.CharField(
        label=_("Why entered directly"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def readings(self) -> dict[str, Decimal | None] | None:
        values = {name: self.cleaned_data.get(name) for name in READING_FIELDS}
        return values if any(v is not None for v in values.values()) else None


class RendemenReadingsForm(RendemenFieldsMixin):
    """The readings alone, for the live preview of the rendemen they give."""


class RendemenForm(RendemenFieldsMixin):
    weighings = params.ModelMultipleChoiceField(
        queryset=None, label=_("Deliveries sampled"), widget=forms.CheckboxSelectMultiple
    )
    sample_code = forms.CharField(label=_("Sample code"), max_length=40, required=False)
    measured_at = forms.DateTimeField(
        label=_("Measured at"), required=False, widget=DateTimeInput(), help_text=_("Empty: now.")
    )

    field_order = ["weighings", "sample_code", "measured_at"]

    def __init__(self, *args, weighings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weighings"].queryset = weighings
        self.fields["weighings"].label_from_instance = lambda w: (
            f"{w.spta.number} · {w.spta.farmer.name} · {format_number(w.net_kg, 0)} kg"
        )


class RendemenCorrectionForm(RendemenFieldsMixin):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SchemeForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.none(), label=_("Season"))
    name = forms.CharField(label=_("Name"), max_length=200)
    parameters = forms.CharField(
        label=_("Scheme (JSON)"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "mono"}),
        help_text=_("See the examples below for each kind of scheme."),
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    effective_to = forms.DateField(label=_("Effective until"), required=False, widget=DateInput())
    price_note = forms.CharField(
        label=_("Why the paid price differs from the contract"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    final_rendemen_basis = forms.ChoiceField(
        label=_("Season close"),
        choices=FinalRendemenBasis.choices,
        required=False,
        help_text=_(
            "Pay each period on its provisional rendemen and settle the season at its close with "
            "the final rendemen and prices."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = selectors.seasons_visible_to(user).order_by(
            "mill__name", "-name"
        )

    def clean_parameters(self) -> dict:
        try:
            data = json.loads(self.cleaned_data["parameters"])
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("This is not valid JSON (line %(line)s).") % {"line": error.lineno}
            ) from error
        if not isinstance(data, dict):
            raise ValidationError(_("The scheme must be a JSON object { ... }."))
        return data


def parse_amount(text: str) -> Decimal | None:
    """'1.500.000', '1500000', '1.500.000,50' or '1500000.50' -> Decimal."""
    try:
        value = Decimal(normalise_rupiah(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class DeductionLinesField(forms.CharField):
    """One deduction per line, 'label; amount' (e.g. 'KUR instalment 1; 5.000.000')."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line: label; amount. Example: KUR; 5.000.000"))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value) or ""
        lines = []
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            label, separator, amount_text = raw.rpartition(";")
            amount = parse_amount(amount_text) if separator else None
            if not separator or not label.strip() or amount is None or amount <= 0:
                raise ValidationError(_("Line %(n)s: write it as 'label; amount'.") % {"n": number})
            try:
                PlausibleAmountValidator()(amount)
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(n)s: ") % {"n": number} + " ".join(error.messages)
                ) from error
            lines.append((label.strip(), amount))
        return lines

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{entry['label']}; {entry['amount']}" for entry in value)
        return value


class StreamCorrectionsField(forms.CharField):
    """A stream fed from weighings or sales, corrected by hand: 'stream; amount; reason' per
    line (e.g. 'molasses_sales; 1.600.000; late truck of molasses'). Empty: no correction."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "One per line: stream; amount; reason. "
                "Example: molasses_sales; 1.600.000; late truck"
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value) or ""
        corrections = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [part.strip() for part in raw.split(";", 2)]
            amount = parse_amount(parts[1]) if len(parts) == 3 else None
            if len(parts) != 3 or not parts[0] or not parts[2] or amount is None or amount < 0:
                raise ValidationError(
                    _("Line %(n)s: write it as 'stream; amount; reason'.") % {"n": number}
                )
            try:
                PlausibleAmountValidator()(amount)
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(n)s: ") % {"n": number} + " ".join(error.messages)
                ) from error
            corrections[parts[0]] = {"amount": amount, "reason": parts[2]}
        return corrections

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(
                f"{stream}; {entry['amount']}; {entry['reason']}" for stream, entry in value.items()
            )
        return value


class DraftForm(forms.Form):
    natura_consumed_kw = DecimalCommaField(
        label=_("Natura kept for the household (kw)"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=3,
        initial=Decimal("0"),
    )
    credit_deductions = DeductionLinesField(label=_("Credit repayment lines"))
    other_deductions = DeductionLinesField(label=_("Other deductions"))
    stream_corrections = StreamCorrectionsField(label=_("Streams corrected by hand"))


class AdjustForm(DraftForm):
    reason = forms.CharField(
        label=_("Reason for the adjustment"), widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["reason"]


class BatchSettleForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.none(), label=_("Season"))
    start = forms.DateField(label=_("Weighed from"), widget=DateInput())
    end = forms.DateField(label=_("Weighed until"), widget=DateInput())
    natura_consumed_kw = DecimalCommaField(
        label=_("Natura kept per farmer (kw)"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=3,
        initial=Decimal("0"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = selectors.seasons_visible_to(user).order_by(
            "mill__name", "-name"
        )


def _run_field(name: str, **kwargs) -> forms.Field:
    """A season-close form field made from the run's model field, with its range."""
    return SeasonClose._meta.get_field(name).formfield(required=False, **kwargs)


class SeasonCloseForm(forms.Form):
    """The final figures of a season close (issue 16); empty keeps the scheme's own."""

    season = forms.ModelChoiceField(queryset=Season.objects.none(), label=_("Season"))
    # The bounds are the run's (harvest.models.season_close), declared once on its fields.
    final_rendemen_percent = _run_field(
        "final_rendemen_percent",
        label=_("The mill's final season rendemen (%)"),
        help_text=_(
            "For schemes closed on the mill's average. Leave empty to use the season's average "
            "of the analysed deliveries."
        ),
    )
    final_sugar_price_per_kw = _run_field(
        "final_sugar_price_per_kw",
        form_class=RupiahField,
        label=_("Final sugar price (Rp/kw)"),
        help_text=_("Leave empty to keep each scheme's price."),
    )
    final_molasses_price_per_kg = _run_field(
        "final_molasses_price_per_kg",
        form_class=RupiahField,
        label=_("Final molasses price (Rp/kg)"),
        help_text=_("Leave empty to keep each scheme's price."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = selectors.seasons_visible_to(user).order_by(
            "mill__name", "-name"
        )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), initial=timezone.localdate)
    amount = DecimalCommaField(
        label=_("Amount (Rp)"),
        min_value=Decimal("0.01"),
        max_digits=16,
        decimal_places=2,
    )
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class PromiseForm(forms.Form):
    on = forms.DateField(label=_("New payment date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Why it is paid later (the farmer reads it)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompensationPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), initial=timezone.localdate)


class WhatIfForm(forms.Form):
    # "7,5" or "7.5": the farmer types the comma his DO shows (issue 14.3).
    rendemen = DecimalCommaField(
        label=_("If my rendemen were (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("20"),
        max_digits=5,
        decimal_places=2,
    )


# Ten years: a DO unpaid longer is long written off; a larger number only breaks the date sums.
MAX_OVERDUE_DAYS = 3650


class OverdueFilterForm(forms.Form):
    """The overdue page's "unpaid for more than N days"; empty: each mill's own payment days."""

    days = forms.IntegerField(
        label=_("Unpaid for more than (days)"),
        min_value=0,
        max_value=MAX_OVERDUE_DAYS,
        required=False,
    )

    def days_or_none(self) -> int | None:
        return self.cleaned_data["days"] if self.is_valid() else None


class _MarketPeriodForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.none(), label=_("Season"))
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = selectors.seasons_visible_to(user).order_by(
            "mill__name", "-name"
        )


def _rupiah_field(label, **kwargs) -> RupiahField:
    return RupiahField(
        label=label, min_value=Decimal("0"), validators=[PlausibleAmountValidator()], **kwargs
    )


class AuctionPriceForm(_MarketPeriodForm):
    """The sugar auction price of a period (domain.md 5: profit sharing is computed from it)."""

    price_per_kw = _rupiah_field(_("Auction price (Rp/kw)"), max_value=Decimal(100_000_000))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class StreamSaleForm(_MarketPeriodForm):
    """What a revenue stream of a multi-stream scheme brought in for a period (domain.md 5b)."""

    stream = forms.CharField(
        label=_("Stream"),
        max_length=50,
        help_text=_("As the scheme names it, e.g. molasses_sales or sugar_sales."),
    )
    amount = _rupiah_field(_("Sales (Rp)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class QualityCheckForm(forms.Form):
    """One load's quality check (domain.md 5b, PT SMS Dompu): what decides its price per kg."""

    weighing = forms.ModelChoiceField(queryset=None, label=_("Load"))
    age_months = DecimalCommaField(
        label=_("Cane age (months)"),
        min_value=Decimal(0),
        max_value=Decimal(120),
        max_digits=4,
        decimal_places=1,
    )
    stalk_height_cm = DecimalCommaField(
        label=_("Stalk height (cm)"),
        min_value=Decimal(0),
        max_value=Decimal(1000),
        max_digits=5,
        decimal_places=1,
    )
    stalk_quality_ok = forms.BooleanField(label=_("Stalks of good quality"), required=False)
    variety_purity_percent = DecimalCommaField(
        label=_("Variety purity (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )
    pest_free = forms.BooleanField(label=_("Free of pests"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=500,
        help_text=_("Only when the load was checked already."),
    )

    def __init__(self, *args, weighings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weighing"].queryset = weighings
        self.fields["weighing"].label_from_instance = lambda w: (
            f"{w.spta.number} · {w.spta.farmer.name} · {format_number(w.net_kg, 0)} kg"
        )
