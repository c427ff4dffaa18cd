"""What the columns of Tebu Mitra's own farm data mean, in words a manager reads (issue 14: the
results showed `experience_years` and `income_million_per_ha`). A column of an uploaded file
keeps its own name: it is the analyst's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VARIABLE_LABELS = {
    "experience_years": _("Years farming cane"),
    "education_years": _("Years of schooling"),
    "income_million_per_ha": _("Income (Rp million per ha)"),
    "household_size": _("Household size"),
    "rc_ratio": _("R/C ratio"),
}


def variable_label(name: str) -> str:
    return str(VARIABLE_LABELS.get(name, name))
