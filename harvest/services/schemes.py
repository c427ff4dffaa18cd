"""Settlement scheme writes: a scheme per mill, season and period of validity (domain.md 5 and 5b),
its parameters checked by the pure calculation before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from harvest.calculations import settlement as calc
from harvest.calculations.errors import SettlementInputError
from harvest.models import (
    SettlementScheme,
)
from harvest.permissions import HarvestAction, require
from harvest.services.errors import scheme_error_message
from partners.models import Mill, Season
from tebu_site.services import require_visible, save_with_history

# --- schemes ----------------------------------------------------------------------------------


def _overlapping(mill, season, start: date, end: date | None, exclude_pk=None):
    schemes = SettlementScheme.objects.filter(mill=mill, season=season).exclude(pk=exclude_pk)
    schemes = schemes.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
    if end is not None:
        schemes = schemes.filter(effective_from__lte=end)
    return schemes


@transaction.atomic
def create_scheme(
    *,
    by,
    mill: Mill,
    season: Season,
    name: str,
    parameters: Mapping[str, Any],
    effective_from: date,
    effective_to: date | None = None,
    price_note: str = "",
    final_rendemen_basis: str = "",
) -> SettlementScheme:
    """A settlement scheme for one mill and season, valid from ``effective_from`` to
    ``effective_to`` (open when None). Periods of one mill and season may not overlap; to change
    prices mid-season, end the old scheme (``end_scheme``) and create a new one.
    ``final_rendemen_basis`` makes it pay on a provisional rendemen and close the season at the
    final one (issue 16)."""
    require(by, HarvestAction.EDIT_SCHEME)
    require_visible(by, mill)
    errors: dict[str, list[str]] = {}
    if season.mill_id != mill.pk:
        errors["season"] = [_("The season belongs to another mill.")]
    if not (name or "").strip():
        errors["name"] = [_("Give the scheme a name.")]
    if effective_to is not None and effective_to < effective_from:
        errors["effective_to"] = [_("The end date is before the start date.")]
    try:
        if not isinstance(parameters, Mapping):
            raise SettlementInputError("invalid_shape", "the parameters must be a JSON object")
        scheme = calc.scheme_from_dict(dict(parameters))
    except SettlementInputError as error:
        errors["parameters"] = [scheme_error_message(error)]
        scheme = None
    if (
        scheme is not None
        and scheme.kind == "price_per_kg"
        and scheme.paid_price_per_kg is not None
        and scheme.paid_price_per_kg < scheme.contract_price_per_kg
        and not (price_note or "").strip()
    ):
        errors["price_note"] = [_("The paid price is below the contract price: record the reason.")]
    if not errors and _overlapping(mill, season, effective_from, effective_to).exists():
        errors["effective_from"] = [
            _("Another scheme of this mill and season is in force in these dates.")
        ]
    if errors:
        raise ValidationError(errors)
    record = SettlementScheme(
        mill=mill,
        season=season,
        name=name.strip(),
        kind=scheme.kind,
        parameters=calc.scheme_to_dict(scheme),
        effective_from=effective_from,
        effective_to=effective_to,
        price_note=(price_note or "").strip(),
        final_rendemen_basis=final_rendemen_basis or "",
        created_by=by,
    )
    record.full_clean()
    save_with_history(record, by)
    return record


@transaction.atomic
def end_scheme(*, scheme: SettlementScheme, by, effective_to: date) -> SettlementScheme:
    require(by, HarvestAction.EDIT_SCHEME)
    require_visible(by, scheme)
    if effective_to < scheme.effective_from:
        raise ValidationError({"effective_to": [_("The end date is before the start date.")]})
    scheme.effective_to = effective_to
    save_with_history(scheme, by)
    return scheme


def scheme_for(*, mill: Mill, season: Season, on: date) -> SettlementScheme | None:
    """The scheme in force for the mill and season on a date."""
    return (
        SettlementScheme.objects.filter(mill=mill, season=season, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
