"""Credit products, their tranche template and in-kind packages: set by managers, audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from credit.models import (
    CreditProduct,
    InKindPackage,
    InKindPackageBand,
    Payee,
    TranchePurpose,
    TrancheTemplate,
)
from credit.permissions import CreditAction, require
from credit.services.limit_rules import limit_rule_errors
from credit.services.plans import product_template_errors
from partners.models import Mill, PartnerType, Season
from tebu_site.services import apply_changes, require_visible, save_with_history

# A ceiling raised above what the tranche template plans would leave approved money unscheduled.
CEILING_FIELDS = {
    "pc": "ceiling_per_ha_plant_cane",
    "rc": "ceiling_per_ha_ratoon",
}
PRODUCT_FIELDS = frozenset(
    field.name
    for field in CreditProduct._meta.concrete_fields
    if field.name not in {"id", "mill", "season", "created_at", "updated_at"}
)


@dataclass(frozen=True)
class TrancheSpec:
    purpose: str
    amount_per_ha: Decimal
    payee: str
    crop_class: str = ""
    when: str = ""
    days_after_approval: int | None = None


def _validate(product: CreditProduct) -> None:
    errors: dict[str, list[str]] = {}
    unknown = [t for t in product.eligible_partner_types or [] if t not in PartnerType.values]
    if unknown:
        errors["eligible_partner_types"] = [
            _("Unknown partner type: %(t)s.") % {"t": ", ".join(unknown)}
        ]
    if not isinstance(product.required_documents, list) or not all(
        isinstance(name, str) and name.strip() for name in product.required_documents
    ):
        errors["required_documents"] = [_("List the documents by name, one per line.")]
    for name in (
        "ceiling_per_ha_plant_cane",
        "ceiling_per_ha_ratoon",
        "cap_per_farmer",
        "limit_base",
    ):
        value = getattr(product, name)
        if value is not None and value < 0:
            errors[name] = [_("This must not be negative.")]
    errors.update(limit_rule_errors(product))
    if errors:
        raise ValidationError(errors)
    product.full_clean()


@transaction.atomic
def create_product(*, by, mill: Mill, season: Season, **fields: Any) -> CreditProduct:
    require(by, CreditAction.EDIT_PRODUCT)
    require_visible(by, mill)
    if season.mill_id != mill.pk:
        raise ValidationError({"season": [_("The season belongs to another mill.")]})
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"unknown product fields: {sorted(unknown)}")
    product = CreditProduct(mill=mill, season=season, **fields)
    _validate(product)
    save_with_history(product, by)
    return product


@transaction.atomic
def update_product(*, product: CreditProduct, by, changes: Mapping[str, Any]) -> CreditProduct:
    """Change a product's terms; every change to a rate, ceiling, cap or threshold is kept in
    the audit history with who made it."""
    require(by, CreditAction.EDIT_PRODUCT)
    require_visible(by, product)
    product = CreditProduct.objects.select_for_update().get(pk=product.pk)
    unknown = set(changes) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"unknown product fields: {sorted(unknown)}")
    changed = apply_changes(product, dict(changes))
    if changed:
        _validate(product)
        if set(changed) & set(CEILING_FIELDS.values()):
            short = product_template_errors(product)
            if short:
                raise ValidationError(
                    {CEILING_FIELDS[crop_class]: [text] for crop_class, text in short.items()}
                )
        save_with_history(product, by)
    return product


@transaction.atomic
def set_tranche_template(
    *, product: CreditProduct, by, lines: Iterable[TrancheSpec]
) -> list[TrancheTemplate]:
    """Replace the product's tranche template with ``lines`` in order. Refused when a crop class
    the product finances would be planned below its ceiling per ha (plant cane without lines of
    its own takes the ratoon split scaled to its ceiling). Loans already approved keep the
    tranches planned for them."""
    require(by, CreditAction.EDIT_PRODUCT)
    require_visible(by, product)
    lines = list(lines)
    errors = []
    for index, line in enumerate(lines, start=1):
        if (
            line.purpose not in TranchePurpose.values
            or line.payee not in Payee.values
            or line.amount_per_ha is None
            or line.amount_per_ha < 0
            or line.crop_class not in ("", "pc", "rc")
        ):
            errors.append(
                _("Line %(n)s needs a purpose, a payee and an amount per ha (not negative).")
                % {"n": index}
            )
    if not errors:
        errors = list(product_template_errors(product, lines).values())
    if errors:
        raise ValidationError({"tranches": errors})
    for old in product.tranche_templates.all():
        old._history_user = by
        old.delete()
    created = []
    for order, line in enumerate(lines, start=1):
        template = TrancheTemplate(
            product=product,
            order=order,
            purpose=line.purpose,
            crop_class=line.crop_class,
            amount_per_ha=line.amount_per_ha,
            payee=line.payee,
            when=line.when.strip(),
            days_after_approval=line.days_after_approval,
        )
        save_with_history(template, by)
        created.append(template)
    return created


@dataclass(frozen=True)
class BandSpec:
    area_from_ha: Decimal
    area_to_ha: Decimal
    seed_stalks: int = 0
    za_kg: Decimal = Decimal(0)
    npk_kg: Decimal = Decimal(0)
    sp36_kg: Decimal = Decimal(0)


@transaction.atomic
def save_in_kind_package(
    *,
    by,
    mill: Mill,
    season: Season,
    name: str,
    bands: Iterable[BandSpec],
    is_free: bool = False,
    prices: Mapping[str, Decimal] | None = None,
) -> InKindPackage:
    """Create or replace a package by name (bands are replaced); prices are
    price_per_stalk, price_per_kg_za, price_per_kg_npk, price_per_kg_sp36 and
    seed_transport_fee (PT SMS Dompu: the seed is free, its transport is not)."""
    require(by, CreditAction.EDIT_PRODUCT)
    require_visible(by, mill)
    bands = sorted(bands, key=lambda band: band.area_from_ha)
    errors = []
    for index, band in enumerate(bands, start=1):
        if band.area_to_ha <= band.area_from_ha:
            errors.append(_("Band %(n)s ends before it starts.") % {"n": index})
        if index > 1 and band.area_from_ha < bands[index - 2].area_to_ha:
            errors.append(_("Band %(n)s overlaps the band before it.") % {"n": index})
    if errors:
        raise ValidationError({"bands": errors})
    package, _created = InKindPackage.objects.get_or_create(
        mill=mill, season=season, name=name.strip(), defaults={"is_free": is_free}
    )
    package.is_free = is_free
    for field, value in (prices or {}).items():
        if field not in {
            "price_per_stalk",
            "price_per_kg_za",
            "price_per_kg_npk",
            "price_per_kg_sp36",
            "seed_transport_fee",
        }:
            raise TypeError(f"unknown price {field}")
        setattr(package, field, value)
    save_with_history(package, by)
    if package.bands.filter(advances__isnull=False).exists():
        raise ValidationError(
            _("Packages were already handed out from these bands; add a new package.")
        )
    package.bands.all().delete()
    for band in bands:
        save_with_history(
            InKindPackageBand(
                package=package,
                area_from_ha=band.area_from_ha,
                area_to_ha=band.area_to_ha,
                seed_stalks=band.seed_stalks,
                za_kg=band.za_kg,
                npk_kg=band.npk_kg,
                sp36_kg=band.sp36_kg,
            ),
            by,
        )
    return package
