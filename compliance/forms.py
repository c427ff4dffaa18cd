"""Forms of the compliance pages. They offer only what the user may see (scoped querysets) and
show errors beside the field; compliance.services holds the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance import selectors
from compliance.models import (
    ComplianceSettings,
    EventStatus,
    EventType,
    Party,
    SanctionType,
)
from credit.models import CreditApplication
from credit.selectors import applications_visible_to
from harvest.forms import DateInput
from harvest.models import DeliveryOrder, Spta
from partners.models import Farmer, Plot
from tebu_site.access import scope_for
from tebu_site.forms import DecimalCommaField, RupiahField


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EventType) -> str:
        return f"{obj.get_party_display()}: {obj.display_name}"


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CreditApplication) -> str:
        # The number alone means little on a phone: the farmer and product say which loan it is.
        return f"{obj.number} · {obj.farmer.name} · {obj.product.name}"


class EventFilterForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Party"), choices=[("", _("All"))] + list(Party.choices), required=False
    )
    event_type = TypeChoiceField(
        label=_("Type"), queryset=EventType.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(EventStatus.choices), required=False
    )
    season = forms.ModelChoiceField(
        label=_("Season"), queryset=None, required=False, empty_label=_("All")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = selectors.event_types_for(user)
        self.fields["season"].queryset = selectors.seasons_visible_to(user)
        self.fields["region"].queryset = selectors.regions_visible_to(user)


class EventForm(forms.Form):
    """Recording an event on a phone: the type, what happened, whom and what it concerns."""

    event_type = TypeChoiceField(label=_("Type"), queryset=EventType.objects.none())
    season = forms.ModelChoiceField(label=_("Season"), queryset=None)
    farmer = forms.ModelChoiceField(
        label=_("Farmer concerned"),
        queryset=Farmer.objects.none(),
        required=False,
        help_text=_("Required for a farmer's breach; for the mill's, the farmer it affected."),
    )
    plot = forms.ModelChoiceField(label=_("Plot"), queryset=Plot.objects.none(), required=False)
    delivery_order = forms.ModelChoiceField(
        label=_("DO"), queryset=DeliveryOrder.objects.none(), required=False
    )
    spta = forms.ModelChoiceField(label=_("SPTA"), queryset=Spta.objects.none(), required=False)
    credit_application = ApplicationChoiceField(
        label=_("Credit application"), queryset=CreditApplication.objects.none(), required=False
    )
    summary = forms.CharField(label=_("What happened (one sentence)"), max_length=300)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What was seen, by whom, where; documents and photos can be attached."),
    )
    occurred_on = forms.DateField(label=_("Date it happened"), widget=DateInput(), required=False)
    file = forms.FileField(
        label=_("Photo or document"),
        required=False,
        help_text=_("PDF, JPG or PNG."),
    )

    def __init__(self, *args, user, farmer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = selectors.event_types_for(user, active_only=True)
        self.fields["season"].queryset = selectors.seasons_visible_to(user)
        current = self.fields["season"].queryset.filter(is_current=True).first()
        if current is not None:
            self.fields["season"].initial = current
        farmers = scope_for(user, Farmer.objects.order_by("name"))
        self.fields["farmer"].queryset = farmers
        plots = scope_for(user, Plot.objects.select_related("farmer").order_by("code"))
        orders = scope_for(user, DeliveryOrder.objects.order_by("-issued_at", "-id"))
        sptas = scope_for(user, Spta.objects.order_by("-cutting_date", "-id"))
        # credit's own scoped selector: only the applications this user may see.
        applications = applications_visible_to(user).order_by("-created_at", "-id")
        if farmer is not None:
            # Coming from a farmer's page: only their records, so the lists stay short on a phone.
            self.fields["farmer"].initial = farmer
            plots, orders, sptas, applications = (
                plots.filter(farmer=farmer),
                orders.filter(farmer=farmer),
                sptas.filter(farmer=farmer),
                applications.filter(farmer=farmer),
            )
        self.fields["plot"].queryset = plots
        self.fields["delivery_order"].queryset = orders
        self.fields["spta"].queryset = sptas
        self.fields["credit_application"].queryset = applications


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class StepForm(forms.Form):
    """Confirm, dismiss or close with a note; sanction with its type, amount and date."""

    step = forms.ChoiceField(
        choices=[
            ("confirm", _("Confirm")),
            ("sanction", _("Sanction")),
            ("dismiss", _("Dismiss")),
            ("close", _("Close")),
        ],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    sanction_type = forms.ChoiceField(
        label=_("Sanction"), choices=[("", "—")] + list(SanctionType.choices), required=False
    )
    sanction_amount = RupiahField(label=_("Amount (Rp)"), min_value=Decimal("0"), required=False)
    sanction_on = forms.DateField(label=_("Sanction date"), widget=DateInput(), required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Photo or document"), help_text=_("PDF, JPG or PNG."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ComplianceSettings
        fields = [
            "do_unpaid_days",
            "tranche_late_days",
            "expected_yield_kw_per_ha",
            "low_delivery_percent",
            "low_delivery_quiet_days",
            "spta_expiries",
            "on_time_target_percent",
        ]


class EventTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class BenchmarkForm(forms.Form):
    season = forms.ModelChoiceField(label=_("Season"), queryset=None)
    expected_yield_kw_per_ha = DecimalCommaField(
        label=_("Expected cane yield (kw/ha)"),
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        required=False,
    )
    non_partner_price_per_kw = RupiahField(
        label=_("Non-partner cane price (Rp per kw)"), min_value=Decimal("0.01"), required=False
    )
    source = forms.CharField(label=_("Source of the price"), max_length=300, required=False)

    def __init__(self, *args, seasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = seasons


class ScorecardForm(forms.Form):
    season = forms.ModelChoiceField(
        label=_("Season"), queryset=None, required=False, empty_label=_("The current season")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, empty_label=_("All regions")
    )

    def __init__(self, *args, seasons, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = seasons
        self.fields["region"].queryset = regions
