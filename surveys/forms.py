"""Forms for the survey pages. They validate and show errors beside the field; the views hand the
cleaned data to surveys.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partners import selectors as partner_selectors
from partners.models import PartnerType
from surveys import selectors
from surveys.models import LIKERT_MAX, LIKERT_SCORES, Dimension, TemplateVersion, VersionAttribute
from tebu_site import params


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SeasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.mill.name} · {obj.name}"


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.mill.name} · {obj.name}"


class RegionChoiceField(params.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.mill.name} · {obj.name}"


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the field it names, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.messages)
    else:
        form.add_error(None, error.messages)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    season = SeasonChoiceField(label=_("Season"), queryset=None)
    template = TemplateChoiceField(
        label=_("Questionnaire"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to use the standard questionnaire of 13 attributes."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    target_regions = RegionChoiceField(
        label=_("Regions asked"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every region."),
    )
    target_partner_types = forms.MultipleChoiceField(
        label=_("Partner types asked"),
        choices=PartnerType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all partners (TRM and TRK)."),
    )
    sample_size = forms.IntegerField(
        label=_("Sample size"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to ask every farmer that matches; otherwise a random sample."),
    )

    def __init__(self, *args, user, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = partner_selectors.seasons_visible_to(user).order_by(
            "mill__name", "-name"
        )
        self.fields["template"].queryset = selectors.templates_visible_to(user).filter(
            is_active=True
        )
        self.fields["target_regions"].queryset = partner_selectors.regions_visible_to(
            user
        ).order_by("mill__name", "name")
        if editing is not None:
            # The season (and so the mill) of a round is fixed once created.
            del self.fields["season"]

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """Five labels or descriptions, one per line (score 1 first)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, *args, exactly: int | None = None, at_most: int | None = None, **kwargs):
        self.exactly, self.at_most = exactly, at_most
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return _lines(super().to_python(value))

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def validate(self, value):
        super().validate(value)
        if self.exactly and value and len(value) != self.exactly:
            raise ValidationError(
                _("Write exactly %(n)d lines, one per score from 1 to 5.") % {"n": self.exactly}
            )
        if self.at_most and len(value) > self.at_most:
            raise ValidationError(_("Write at most %(n)d lines.") % {"n": self.at_most})


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    importance_id = LinesField(label=_("Importance labels (Indonesian)"), exactly=LIKERT_MAX)
    importance_en = LinesField(
        label=_("Importance labels (English)"), exactly=LIKERT_MAX, required=False
    )
    performance_id = LinesField(label=_("Performance labels (Indonesian)"), exactly=LIKERT_MAX)
    performance_en = LinesField(
        label=_("Performance labels (English)"), exactly=LIKERT_MAX, required=False
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    @classmethod
    def initial_for(cls, template) -> dict:
        labels = template.likert_labels or {}
        return {
            "name": template.name,
            "description": template.description,
            "is_active": template.is_active,
            **{
                f"{scale}_{language}": (labels.get(scale) or {}).get(language) or []
                for scale in ("importance", "performance")
                for language in ("id", "en")
            },
        }

    def likert_labels(self) -> dict:
        data = self.cleaned_data
        return {
            scale: {"id": data[f"{scale}_id"], "en": data[f"{scale}_en"]}
            for scale in ("importance", "performance")
        }


class NewTemplateForm(forms.Form):
    mill = forms.ModelChoiceField(label=_("Mill"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    copy_from = TemplateChoiceField(
        label=_("Start from a copy of"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to start with no attributes."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mill"].queryset = partner_selectors.mills_visible_to(user)
        self.fields["copy_from"].queryset = selectors.templates_visible_to(user)


class AttributeForm(forms.Form):
    order = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    code = forms.SlugField(
        label=_("Code"),
        max_length=20,
        help_text=_("Short and stable, e.g. a05; used by imports and the API."),
    )
    text_id = forms.CharField(label=_("Text (Indonesian)"), max_length=200)
    text_en = forms.CharField(label=_("Text (English)"), max_length=200, required=False)
    dimension = forms.ChoiceField(label=_("SERVQUAL dimension"), choices=Dimension.choices)
    help_id = LinesField(
        label=_("What each performance score means (Indonesian)"),
        at_most=LIKERT_MAX,
        required=False,
        help_text=_("One line per score, from 1 to 5."),
    )
    help_en = LinesField(
        label=_("What each performance score means (English)"),
        at_most=LIKERT_MAX,
        required=False,
        help_text=_("One line per score, from 1 to 5."),
    )


class ResponseForm(forms.Form):
    """Two Likert choices per attribute of a round's frozen questionnaire; any may be skipped."""

    def __init__(self, *args, version: TemplateVersion, attributes: list[VersionAttribute], **kw):
        super().__init__(*args, **kw)
        self.attributes = attributes
        importance = version.labels("importance")
        performance = version.labels("performance")
        self.rows = []
        for attribute in attributes:
            imp = forms.TypedChoiceField(
                label=_("Importance"),
                choices=[(str(s), importance[s - 1]) for s in LIKERT_SCORES],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            perf = forms.TypedChoiceField(
                label=_("Performance"),
                choices=[(str(s), performance[s - 1]) for s in LIKERT_SCORES],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"imp_{attribute.code}"] = imp
            self.fields[f"perf_{attribute.code}"] = perf

    @staticmethod
    def initial_from(answers: dict[str, tuple[int | None, int | None]]) -> dict:
        initial = {}
        for code, (importance, performance) in answers.items():
            initial[f"imp_{code}"] = str(importance) if importance else None
            initial[f"perf_{code}"] = str(performance) if performance else None
        return initial

    def answers(self) -> dict[str, tuple[int | None, int | None]]:
        return {
            attribute.code: (
                self.cleaned_data.get(f"imp_{attribute.code}"),
                self.cleaned_data.get(f"perf_{attribute.code}"),
            )
            for attribute in self.attributes
        }

    def questions(self) -> list[dict]:
        """Per attribute, in order: the attribute, its two bound fields, and the performance
        choices with the anchored meaning of each score."""
        questions = []
        for attribute in self.attributes:
            importance = self[f"imp_{attribute.code}"]
            performance = self[f"perf_{attribute.code}"]
            questions.append(
                {
                    "attribute": attribute,
                    "importance": importance,
                    "performance": performance,
                    "performance_choices": list(
                        zip(performance, attribute.score_help, strict=True)
                    ),
                    "answered": importance.value() not in (None, "")
                    or performance.value() not in (None, ""),
                }
            )
        return questions


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "One row per respondent and attribute: respondent, attribute, importance, performance."
        ),
    )
    respondents = forms.ChoiceField(
        label=_("Respondents are"),
        choices=[
            ("nik", _("Farmers, named by their NIK")),
            ("anonymous", _("Anonymous paper questionnaires (codes such as R01)")),
        ],
        initial="nik",
        widget=forms.RadioSelect,
    )
