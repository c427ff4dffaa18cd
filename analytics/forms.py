import json
from pathlib import PurePath

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from analytics.methods.farm_income.comparisons import BENCHMARK_KEYS
from analytics.models import AnalysisKind, FarmCostLine, FarmRecord, FarmRevenueLine
from analytics.variables import VARIABLE_LABELS
from partners.selectors import farmers_visible_to, mills_visible_to, seasons_visible_to
from tebu_site.forms import DecimalCommaField

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SUFFIXES = {
    AnalysisKind.CSI_IPA: {".csv", ".xlsx"},
    AnalysisKind.TTEST: {".csv", ".xlsx"},
    AnalysisKind.LOGIT: {".csv", ".xlsx"},
    AnalysisKind.DO_SETTLEMENT: {".csv", ".xlsx"},
    AnalysisKind.FARM_INCOME: {".json"},
}


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class ComparisonFields(forms.Form):
    """The run's local wage, interest rate and land rent (domain.md section 7) for the farms
    without their own; the same fields, labels and ranges as on the farm record."""

    local_wage_per_hko = FarmRecord._meta.get_field("local_wage_per_hko").formfield(required=False)
    interest_rate_percent = FarmRecord._meta.get_field("interest_rate_percent").formfield(
        required=False
    )
    land_rent_per_ha = FarmRecord._meta.get_field("land_rent_per_ha").formfield(required=False)

    def comparisons(self) -> dict[str, str]:
        """The values given, as strings (run parameters are JSON; Decimals stay exact)."""
        return {
            key: str(self.cleaned_data[key])
            for key in BENCHMARK_KEYS
            if self.cleaned_data.get(key) is not None
        }


class FileRunForm(ComparisonFields):
    """Start an analysis on an uploaded file; the fields a kind needs are checked in clean()."""

    kind = forms.ChoiceField(label=_("Analysis"), choices=AnalysisKind.choices)
    mill = forms.ModelChoiceField(label=_("Mill"), queryset=None)
    input_file = forms.FileField(
        label=_("Data file"),
        help_text=_("CSV or XLSX; JSON for farm income. See the column list below."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    value = forms.CharField(label=_("Value column (t-test)"), required=False)
    group = forms.CharField(label=_("Group column (t-test)"), required=False)
    groups = forms.CharField(
        label=_("Two groups to compare (t-test)"),
        required=False,
        help_text=_("Comma-separated, e.g. mitra, non-mitra"),
    )
    outcome = forms.CharField(label=_("Outcome column (logistic regression)"), required=False)
    event = forms.CharField(label=_("Outcome value counted as the event"), required=False)
    predictors = forms.CharField(
        label=_("Predictor columns"), required=False, help_text=_("Comma-separated")
    )
    ci = DecimalCommaField(
        label=_("Confidence level"),
        min_value=0.5,
        max_value=0.999,
        initial=0.95,
        required=False,
        decimal_places=3,
    )
    scheme_file = forms.FileField(label=_("Scheme (JSON, DO settlement)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mill"].queryset = mills_visible_to(user)

    def clean_input_file(self):
        upload = self.cleaned_data["input_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        upload = data.get("input_file")
        if kind and upload and PurePath(upload.name).suffix.lower() not in SUFFIXES[kind]:
            self.add_error(
                "input_file",
                _("This analysis takes a %(types)s file.")
                % {"types": " / ".join(sorted(SUFFIXES[kind]))},
            )
        required = {
            AnalysisKind.TTEST: ["value", "group"],
            AnalysisKind.LOGIT: ["outcome", "event", "predictors"],
            AnalysisKind.DO_SETTLEMENT: ["scheme_file"],
        }.get(kind, [])
        for name in required:
            if not data.get(name):
                self.add_error(name, _("Needed for this analysis."))
        if kind == AnalysisKind.TTEST and data.get("groups") and len(_split(data["groups"])) != 2:
            self.add_error("groups", _("Name exactly two groups."))
        if kind == AnalysisKind.DO_SETTLEMENT and data.get("scheme_file"):
            try:
                scheme = json.loads(data["scheme_file"].read().decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                self.add_error("scheme_file", _("The scheme is not valid JSON."))
            else:
                data["scheme"] = scheme.get("scheme", scheme) if isinstance(scheme, dict) else None
                if not isinstance(data["scheme"], dict):
                    self.add_error("scheme_file", _("The scheme must be a JSON object."))
        return data

    def parameters(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == AnalysisKind.TTEST:
            parameters = {
                "value": data["value"],
                "group": data["group"],
                "confidence": float(data.get("ci") or 0.95),
            }
            if data.get("groups"):
                parameters["groups"] = _split(data["groups"])
            return parameters
        if kind == AnalysisKind.LOGIT:
            return {
                "outcome": data["outcome"],
                "event": data["event"],
                "predictors": _split(data["predictors"]),
                "ci": float(data.get("ci") or 0.95),
            }
        if kind == AnalysisKind.DO_SETTLEMENT:
            return {"scheme": data["scheme"]}
        if kind == AnalysisKind.FARM_INCOME and self.comparisons():
            return {"comparisons": self.comparisons()}
        return {}


SYSTEM_PREDICTORS = [
    (name, VARIABLE_LABELS[name])
    for name in ("experience_years", "education_years", "income_million_per_ha", "household_size")
]


class SystemRunForm(ComparisonFields):
    """Start an analysis on the farm records Tebu Mitra holds for a mill and season."""

    kind = forms.ChoiceField(
        label=_("Analysis"),
        choices=[
            (AnalysisKind.FARM_INCOME, AnalysisKind.FARM_INCOME.label),
            (AnalysisKind.TTEST, _("Income per ha: partners vs non-partners (t-test)")),
            (AnalysisKind.LOGIT, _("Why farmers partner (logistic regression)")),
        ],
    )
    season = forms.ModelChoiceField(label=_("Season"), queryset=None)
    predictors = forms.MultipleChoiceField(
        label=_("Predictors (logistic regression)"),
        choices=SYSTEM_PREDICTORS,
        initial=[value for value, _label in SYSTEM_PREDICTORS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ci = DecimalCommaField(
        label=_("Confidence level"),
        min_value=0.5,
        max_value=0.999,
        initial=0.90,
        decimal_places=3,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = seasons_visible_to(user).order_by("mill__name", "-name")

    def clean(self):
        data = super().clean()
        if data.get("kind") == AnalysisKind.LOGIT and not data.get("predictors"):
            self.add_error("predictors", _("Choose at least one predictor."))
        return data

    def parameters(self) -> dict:
        data = self.cleaned_data
        season = data["season"]
        base = {"mill_id": season.mill_id, "season_id": season.pk}
        if data["kind"] == AnalysisKind.TTEST:
            return {
                **base,
                "value": "income_per_ha",
                "group": "group",
                "groups": ["mitra", "non-mitra"],
                "confidence": 0.95,
            }
        if data["kind"] == AnalysisKind.LOGIT:
            return {
                **base,
                "outcome": "partner",
                "event": "1",
                "predictors": data["predictors"],
                "ci": float(data.get("ci") or 0.90),
            }
        if self.comparisons():
            return {**base, "comparisons": self.comparisons()}
        return base


class FarmRecordForm(forms.ModelForm):
    class Meta:
        model = FarmRecord
        fields = [
            "farmer",
            "season",
            "area_ha",
            "family_labour_hko",
            "local_wage_per_hko",
            "interest_rate_percent",
            "land_rent_per_ha",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = farmers_visible_to(user)
        self.fields["season"].queryset = seasons_visible_to(user)

    def clean(self):
        data = super().clean()
        farmer, season = data.get("farmer"), data.get("season")
        if farmer and season and farmer.mill_id != season.mill_id:
            self.add_error("season", _("The season belongs to another mill than the farmer."))
        return data


def _line_formset(model, fields):
    return inlineformset_factory(
        FarmRecord, model, fields=fields, extra=2, can_delete=True, min_num=0
    )


def cost_line_formset():
    return _line_formset(
        FarmCostLine,
        [
            "item",
            "category",
            "quantity",
            "unit",
            "unit_price",
            "purchase_price",
            "salvage_value",
            "life_years",
        ],
    )


def revenue_line_formset():
    return _line_formset(FarmRevenueLine, ["item", "quantity", "unit", "price", "main_product"])
