"""In-kind advances (inti-plasma, PT SMS Dompu, domain.md 5b): the seed and fertiliser package of
the farmer's area band, tractor hire and haulage advances; recovered from the harvest proceeds
before any loan (credit.services.repayments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import calculations as calc
from credit.models import InKindAdvance, InKindKind, InKindPackage, InKindPackageBand
from credit.permissions import CreditAction, require
from partners.models import ContractStatus, Farmer, Season, SeasonContract
from tebu_site.formatting import format_number
from tebu_site.services import require_visible, save_with_history


def contracted_area(farmer: Farmer, season: Season) -> Decimal:
    """The area of the farmer's plots in the season's contract (what the band is chosen by)."""
    contract = (
        SeasonContract.objects.filter(farmer=farmer, season=season)
        .exclude(status=ContractStatus.CANCELLED)
        .first()
    )
    if contract is None:
        return Decimal(0)
    return contract.plots.aggregate(total=Sum("area_ha"))["total"] or Decimal(0)


def band_for_area(package: InKindPackage, area_ha: Decimal) -> InKindPackageBand | None:
    bands = {band.pk: band for band in package.bands.all()}
    found = calc.band_for(
        area_ha,
        [
            calc.Band(key=b.pk, area_from_ha=b.area_from_ha, area_to_ha=b.area_to_ha)
            for b in bands.values()
        ],
    )
    return bands[found.key] if found else None


def _check_common(by, farmer: Farmer, season: Season, given_on: date) -> dict[str, list[str]]:
    require(by, CreditAction.RECORD_IN_KIND)
    require_visible(by, farmer)
    errors: dict[str, list[str]] = {}
    if season.mill_id != farmer.mill_id:
        errors["season"] = [_("The season belongs to another mill.")]
    if given_on is None or given_on > timezone.localdate():
        errors["given_on"] = [_("Give the date it was handed out (not in the future).")]
    return errors


@transaction.atomic
def give_in_kind_package(
    *,
    by,
    farmer: Farmer,
    package: InKindPackage,
    given_on: date,
    area_ha: Decimal | None = None,
    fertiliser_bought_by_farmer: bool = False,
) -> InKindAdvance:
    """The package of the band the farmer's area falls in (the contracted area unless given):
    1.2 ha gets the 1–1.5 ha package. Its value (0 when free) is recovered from the proceeds.

    PT SMS Dompu (domain.md 5b): the seed may be free while the farmer pays its transport, and
    the fertiliser is either bought by the farmer (``fertiliser_bought_by_farmer``: not handed
    out, not charged) or handed out and charged after harvest at the package prices."""
    require_visible(by, package)
    season = package.season
    errors = _check_common(by, farmer, season, given_on)
    if package.mill_id != farmer.mill_id:
        errors["package"] = [_("The package belongs to another mill.")]
    area = area_ha if area_ha is not None else contracted_area(farmer, season)
    band = band_for_area(package, area) if area and area > 0 else None
    if band is None and "package" not in errors:
        errors["area_ha"] = [
            _("No band of %(package)s holds %(area)s ha.")
            % {"package": package.name, "area": format_number(area, 4)}
        ]
    if InKindAdvance.objects.filter(farmer=farmer, band__package=package).exists():
        errors["package"] = [
            _("This farmer already received %(package)s.") % {"package": package.name}
        ]
    if errors:
        raise ValidationError(errors)
    advance = InKindAdvance(
        farmer=farmer,
        season=season,
        kind=InKindKind.PACKAGE,
        band=band,
        description=f"{package.name}: {format_number(band.area_from_ha, 1)}–"
        f"{format_number(band.area_to_ha, 1)} ha",
        items={
            "area_ha": str(area),
            "seed_stalks": band.seed_stalks,
            "seed_value": str(calc.money(band.seed_value)),
            "seed_transport_fee": str(package.seed_transport_fee if not package.is_free else 0),
            "fertiliser_bought_by_farmer": fertiliser_bought_by_farmer,
            "za_kg": "0" if fertiliser_bought_by_farmer else str(band.za_kg),
            "npk_kg": "0" if fertiliser_bought_by_farmer else str(band.npk_kg),
            "sp36_kg": "0" if fertiliser_bought_by_farmer else str(band.sp36_kg),
            "fertiliser_value": (
                "0" if fertiliser_bought_by_farmer else str(calc.money(band.fertiliser_value))
            ),
        },
        value=calc.money(
            band.seed_value + (0 if fertiliser_bought_by_farmer else band.fertiliser_value)
        ),
        given_on=given_on,
        recorded_by=by,
    )
    save_with_history(advance, by)
    return advance


@transaction.atomic
def record_in_kind_advance(
    *,
    by,
    farmer: Farmer,
    season: Season,
    kind: str,
    value: Decimal,
    given_on: date,
    description: str = "",
    items: dict | None = None,
) -> InKindAdvance:
    """Tractor hire, a haulage advance or another advance, at its rupiah value."""
    errors = _check_common(by, farmer, season, given_on)
    if kind not in InKindKind.values:
        errors["kind"] = [_("Choose what was given.")]
    if value is None or value < 0:
        errors["value"] = [_("Give the value (0 or more).")]
    if errors:
        raise ValidationError(errors)
    advance = InKindAdvance(
        farmer=farmer,
        season=season,
        kind=kind,
        description=(description or "").strip(),
        items=items or {},
        value=calc.money(value),
        given_on=given_on,
        recorded_by=by,
    )
    save_with_history(advance, by)
    return advance
