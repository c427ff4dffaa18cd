"""People's wording for the methods' error codes (the methods cannot use Django's translations)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "missing_column": _("The column “%(column)s” is missing from the data."),
    "non_numeric": _("The column “%(column)s” holds values that are not numbers."),
    "empty_input": _("There is no usable data to analyse."),
    "too_few_groups": _("The comparison needs exactly two groups with data."),
    "constant_outcome": _("Every case has the same outcome, so there is nothing to explain."),
    "perfect_separation": _(
        "A predictor separates the two outcomes perfectly, so the model cannot be estimated. "
        "Remove that predictor or add more cases."
    ),
    "too_few_cases": _("There are too few cases for this analysis."),
    "singular_design": _(
        "Some predictors are constant or exact combinations of others (%(column)s); remove them."
    ),
    "invalid_value": _("A value is not valid: %(detail)s."),
    "unreadable_file": _("The file cannot be read. Upload a CSV, XLSX or JSON file as described."),
    "input_changed": _("The stored input file has changed since the run was created."),
    "internal_error": _("The analysis stopped because of an error on our side; the team was told."),
}


def explain(code: str, params: dict | None = None, fallback: str = "") -> str:
    """A translated sentence for an error code; falls back to the method's own English text."""
    template = MESSAGES.get(code)
    if template is None:
        return fallback or str(code)
    values = {"column": "", "detail": fallback.rstrip("."), **(params or {})}
    if isinstance(values.get("column"), list):
        values["column"] = ", ".join(map(str, values["column"]))
    if "columns" in values and not values["column"]:
        values["column"] = ", ".join(map(str, values["columns"]))
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template)


WARNINGS = {
    "few_events_per_variable": _(
        "Only %(events_per_variable)s cases of the rarer outcome per predictor (at least "
        "%(minimum)s are advised): the estimates may be unstable."
    ),
    "outcome_values_grouped": _(
        "The outcome has more than two values; every value other than “%(event)s” counts as "
        "not the event."
    ),
    "hosmer_lemeshow_too_few_groups": _(
        "Too few distinct predicted probabilities (%(groups)s groups) for the Hosmer–Lemeshow test."
    ),
}


def explain_warnings(warnings: list | None) -> list[str]:
    sentences = []
    for warning in warnings or []:
        template = WARNINGS.get(warning.get("code"))
        params = dict(warning.get("params") or {})
        if "events_per_variable" in params:
            params["events_per_variable"] = f"{float(params['events_per_variable']):.1f}".replace(
                ".", ","
            )
        try:
            sentences.append(str(template) % params if template else warning.get("message", ""))
        except (KeyError, TypeError, ValueError):
            sentences.append(warning.get("message", ""))
    return [sentence for sentence in sentences if sentence]
