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
