"""Adding and editing plots. Moving a plot through its registration is in registration.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners import geometry as geo
from partners.models import (
    Desa,
    Farmer,
    Plot,
    RegistrationAction,
    RegistrationStatus,
)
from partners.permissions import Action, require
from partners.services.registration import record_step, record_survey
from tebu_site.services import apply_changes, require_visible, save_with_history

EDITABLE_FIELDS = (
    "area_ha",
    "own_area_ha",
    "rented_area_ha",
    "land_type",
    "desa",
    "crop_class",
    "ratoon_number",
    "variety",
    "planted_or_cut_on",
    "is_active",
)


@transaction.atomic
def add_plot(
    *,
    by,
    farmer: Farmer,
    code: str,
    area_ha: Decimal,
    land_type: str,
    crop_class: str,
    own_area_ha: Decimal | None = None,
    rented_area_ha: Decimal = Decimal("0"),
    ratoon_number: int = 0,
    variety: str = "",
    planted_or_cut_on: date | None = None,
    desa: Desa | None = None,
    geometry: dict | None = None,
) -> Plot:
    """Register a plot (status submitted). With a GPS polygon the survey step is recorded at once;
    a point only marks where the plot is until QC measures it."""
    require(by, Action.EDIT_PLOT)
    require_visible(by, farmer)
    if own_area_ha is None:
        own_area_ha = Decimal(area_ha) - Decimal(rented_area_ha or 0)
    plot = Plot(
        mill=farmer.mill,
        farmer=farmer,
        code=code.strip().upper(),
        area_ha=area_ha,
        own_area_ha=own_area_ha,
        rented_area_ha=rented_area_ha or Decimal("0"),
        land_type=land_type,
        crop_class=crop_class,
        ratoon_number=ratoon_number or 0,
        variety=variety.strip(),
        planted_or_cut_on=planted_or_cut_on,
        desa=desa or farmer.desa,
        registration_status=RegistrationStatus.SUBMITTED,
    )
    if geometry is not None and not geo.is_polygon(geometry):
        plot.set_geometry(geometry)
    plot.full_clean()
    save_with_history(plot, by)
    record_step(plot=plot, action=RegistrationAction.SUBMIT, from_status="", by=by)
    if geo.is_polygon(geometry):
        record_survey(plot=plot, geometry=geometry, by=by)
    return plot


@transaction.atomic
def update_plot(*, plot: Plot, by, changes: dict[str, Any]) -> list[str]:
    """Change the plot's facts (not its geometry or status); returns the fields that changed."""
    require(by, Action.EDIT_PLOT)
    require_visible(by, plot)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    changed = apply_changes(plot, changes)
    if changed:
        plot.full_clean()
        save_with_history(plot, by)
    return changed


@transaction.atomic
def set_plot_location(*, plot: Plot, point: dict, by) -> Plot:
    """Mark where a plot is (a point) before it is measured; a polygon goes through the survey."""
    require(by, Action.EDIT_PLOT)
    require_visible(by, plot)
    if geo.is_polygon(plot.geometry):
        raise ValidationError(_("The plot already has a measured boundary."))
    plot.set_geometry(point)
    save_with_history(plot, by)
    return plot
