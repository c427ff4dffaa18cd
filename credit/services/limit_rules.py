"""The terms of a "harvest record" credit limit (PG Pakis Baru, domain.md 5b): the quality bands a
first harvest delivered without credit is held against, and the checks that the product's
delivery-record terms are usable. Set by managers, audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from credit.models import CreditProduct, FirstHarvestBand, LimitRule
from credit.permissions import CreditAction, require
from tebu_site.services import require_visible, save_with_history

WEIGHT_FIELDS = (
    "record_weight_delivery",
    "record_weight_on_time",
    "record_weight_no_side_selling",
    "record_weight_repayment",
)


@dataclass(frozen=True)
class QualityBandSpec:
    limit_per_ha: Decimal
    min_rendemen_percent: Decimal | None = None
    min_yield_kw_per_ha: Decimal | None = None
    max_rejected_percent: Decimal | None = None
    max_trash_percent: Decimal | None = None


def limit_rule_errors(product: CreditProduct) -> dict[str, list[str]]:
    """A "harvest record" product needs the limit per ha of a full record, the expected cane
    per ha the record is measured against, and at least one factor that weighs something."""
    if product.limit_rule != LimitRule.HARVEST_RECORD:
        return {}
    errors: dict[str, list[str]] = {}
    if product.record_full_limit_per_ha is None:
        errors["record_full_limit_per_ha"] = [
            _("Give the limit per ha of a full delivery record (later loans are sized by it).")
        ]
    if not product.record_expected_yield_kw_per_ha:
        errors["record_expected_yield_kw_per_ha"] = [
            _("Give the cane per ha expected (delivered cane is compared with it).")
        ]
    if not any(getattr(product, name) for name in WEIGHT_FIELDS):
        errors["record_weight_delivery"] = [_("At least one factor must weigh something.")]
    return errors


@transaction.atomic
def set_first_harvest_bands(
    *, product: CreditProduct, by, bands: Iterable[QualityBandSpec]
) -> list[FirstHarvestBand]:
    """Replace the product's first-harvest bands. Each band needs a limit per ha and at least
    one threshold (a band without one would lend on any harvest)."""
    require(by, CreditAction.EDIT_PRODUCT)
    require_visible(by, product)
    bands = list(bands)
    errors = []
    for index, band in enumerate(bands, start=1):
        thresholds = (
            band.min_rendemen_percent,
            band.min_yield_kw_per_ha,
            band.max_rejected_percent,
            band.max_trash_percent,
        )
        if band.limit_per_ha is None or band.limit_per_ha <= 0:
            errors.append(_("Band %(n)s needs a limit per ha above 0.") % {"n": index})
        if all(value is None for value in thresholds):
            errors.append(
                _(
                    "Band %(n)s needs at least one threshold (rendemen, cane per ha, rejected "
                    "loads or trash)."
                )
                % {"n": index}
            )
    if errors:
        raise ValidationError({"bands": errors})
    for old in product.first_harvest_bands.all():
        old._history_user = by
        old.delete()
    created = []
    for band in bands:
        row = FirstHarvestBand(
            product=product,
            limit_per_ha=band.limit_per_ha,
            min_rendemen_percent=band.min_rendemen_percent,
            min_yield_kw_per_ha=band.min_yield_kw_per_ha,
            max_rejected_percent=band.max_rejected_percent,
            max_trash_percent=band.max_trash_percent,
        )
        save_with_history(row, by)
        created.append(row)
    return created
