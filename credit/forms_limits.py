"""Forms of PG Pakis Baru's credit terms (domain.md 5b): the first-harvest quality bands of a
product, the guarantor (avalis) of an application, and a subsidised fertiliser draw. They check
input; the services in credit.services.limit_rules, .guarantees and .fertiliser hold the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from credit.forms import DateInput, SeasonChoiceField, money_field
from credit.models import GuarantorKind
from credit.services.limit_rules import QualityBandSpec
from partners.models import FarmerGroup
from tebu_site.forms import DecimalCommaField

PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal(0), "required": False}
KG = {"max_digits": 10, "decimal_places": 2, "min_value": Decimal(0)}


class QualityBandForm(forms.Form):
    limit_per_ha = money_field(_("Limit per ha financed (Rp)"))
    min_rendemen_percent = DecimalCommaField(
        label=_("Rendemen at least (%)"),
        max_value=Decimal(20),
        **PERCENT,
    )
    min_yield_kw_per_ha = DecimalCommaField(
        label=_("Cane per ha at least (kw)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(10_000),
        required=False,
    )
    max_rejected_percent = DecimalCommaField(
        label=_("Loads rejected at QC at most (%)"),
        max_value=Decimal(100),
        **PERCENT,
    )
    max_trash_percent = DecimalCommaField(
        label=_("Trash deducted at most (%)"),
        max_value=Decimal(100),
        **PERCENT,
    )

    def item_value(self) -> QualityBandSpec:
        data = self.cleaned_data
        return QualityBandSpec(
            limit_per_ha=data["limit_per_ha"],
            min_rendemen_percent=data.get("min_rendemen_percent"),
            min_yield_kw_per_ha=data.get("min_yield_kw_per_ha"),
            max_rejected_percent=data.get("max_rejected_percent"),
            max_trash_percent=data.get("max_trash_percent"),
        )


QualityBandFormSet = forms.formset_factory(QualityBandForm, extra=1, can_delete=True)


def band_initial(product) -> list[dict]:
    return [
        {
            "limit_per_ha": band.limit_per_ha,
            "min_rendemen_percent": band.min_rendemen_percent,
            "min_yield_kw_per_ha": band.min_yield_kw_per_ha,
            "max_rejected_percent": band.max_rejected_percent,
            "max_trash_percent": band.max_trash_percent,
        }
        for band in product.first_harvest_bands.all()
    ]


class GuaranteeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Who guarantees the loan"), choices=GuarantorKind.choices)
    group = forms.ModelChoiceField(
        label=_("Farmer group or cooperative"), queryset=FarmerGroup.objects.none(), required=False
    )
    person_name = forms.CharField(label=_("Guarantor's name"), max_length=200, required=False)
    person_id_number = forms.CharField(label=_("Guarantor's NIK"), max_length=20, required=False)
    person_relation = forms.CharField(
        label=_("Relation to the farmer"), max_length=100, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = FarmerGroup.objects.filter(
            mill=application.farmer.mill
        ).order_by("name")


class FertiliserDrawForm(forms.Form):
    season = SeasonChoiceField(queryset=None, label=_("Season"))
    phonska_kg = DecimalCommaField(label=_("Phonska (kg)"), initial=0, **KG)
    za_kg = DecimalCommaField(label=_("ZA (kg)"), initial=0, **KG)
    value = money_field(
        _("Owed for it (Rp)"),
        initial=0,
        help_text=_("Taken back from the harvest money; 0 when paid on the spot."),
    )
    drawn_on = forms.DateField(label=_("Handed out on"), widget=DateInput())

    def __init__(self, *args, seasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = seasons
        self.fields["drawn_on"].initial = timezone.localdate()
