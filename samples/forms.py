"""Sample forms: the label at the weighbridge (SPTAs scanned), a hand-over by scanning the label,
the lab reading by scanning the label (harvest's rendemen fields), and the farmer's dispute."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harvest import selectors as harvest_reads
from harvest.forms import DateTimeInput, RendemenFieldsMixin
from samples.models import SampleKind, Step
from samples.services import DISPUTE_MAX, SCANNED_STEPS


def code_field() -> forms.CharField:
    # Room for the label's whole QR payload, which a handheld scanner types.
    return forms.CharField(
        label=_("Sample code"),
        max_length=400,
        help_text=_("Scan the label's QR code, or type the code."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


def when_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=False, widget=DateTimeInput(), help_text=_("Empty: now.")
    )


class LabelForm(forms.Form):
    sptas = forms.CharField(
        label=_("SPTA of the load(s)"),
        max_length=2000,
        help_text=_(
            "Scan the SPTA's QR code, or type its number. Several loads of one farmer analysed "
            "together: one per line."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "autofocus": True, "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Taken by"), choices=SampleKind.choices)
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    taken_at = when_field(_("Taken at"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_sptas(self) -> list:
        lines = [line.strip() for line in self.cleaned_data["sptas"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Scan or type at least one SPTA."))
        loads, errors = [], []
        for line in lines:
            spta, problem = harvest_reads.spta_at_weighbridge(self.user, line)
            weighing = getattr(spta, "weighing", None) if spta is not None else None
            if spta is None:
                errors.append(f"{line[:40]}: {problem}")
            elif weighing is None:
                errors.append(
                    _("SPTA %(number)s has not been weighed yet.") % {"number": spta.number}
                )
            elif weighing not in loads:
                loads.append(weighing)
        if errors:
            raise forms.ValidationError(errors)
        return loads


class HandoverForm(forms.Form):
    code = code_field()
    step = forms.ChoiceField(
        label=_("Step"), choices=[(s, Step(s).label) for s in SCANNED_STEPS], initial=Step.SEALED
    )
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the sample is rejected: say why."),
    )
    at = when_field(_("At"))


class LabReadingForm(RendemenFieldsMixin):
    code = code_field()
    measured_at = when_field(_("Measured at"))
    place = forms.CharField(label=_("Where"), max_length=120, required=False)

    field_order = ["code", "measured_at", "place"]


class ResampleForm(forms.Form):
    code = code_field()
    place = forms.CharField(label=_("Where"), max_length=120, required=False)


class DisputeForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong with this step?"),
        max_length=DISPUTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
