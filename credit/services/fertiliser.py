"""Subsidised fertiliser drawn against a farmer's season quota (PG Pakis Baru: kg per financed
hectare, split Phonska / ZA; domain.md 5b). A draw is recorded as an in-kind advance
(credit.services.in_kind), so what the farmer owes for it is taken back from the harvest before
any loan, and as a FertiliserDraw that counts against the quota."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from credit.models import FertiliserDraw, InKindKind
from credit.permissions import CreditAction, require
from credit.selectors_limits import season_quota
from credit.services.in_kind import record_in_kind_advance
from partners.models import Farmer, Season
from tebu_site.formatting import format_number
from tebu_site.services import require_visible, save_with_history

ZERO = Decimal(0)


@transaction.atomic
def draw_fertiliser(
    *,
    by,
    farmer: Farmer,
    season: Season,
    phonska_kg: Decimal,
    za_kg: Decimal,
    drawn_on: date,
    value: Decimal = ZERO,
) -> FertiliserDraw:
    """Hand out Phonska and ZA from the farmer's quota in ``season``; refused above what is left
    of either (subsidised fertiliser is allotted, never sold beyond the allotment). ``value`` is
    what the farmer owes for it (0 when paid on the spot)."""
    require(by, CreditAction.RECORD_IN_KIND)
    require_visible(by, farmer)
    # One draw at a time per farmer, so two clerks cannot both hand out the last of a quota.
    Farmer.objects.select_for_update().get(pk=farmer.pk)
    errors: dict[str, list[str]] = {}
    phonska_kg, za_kg = phonska_kg or ZERO, za_kg or ZERO
    if phonska_kg < 0 or za_kg < 0 or phonska_kg + za_kg <= 0:
        errors["phonska_kg"] = [_("Give the kg of Phonska or ZA handed out (not negative).")]
    quota = season_quota(farmer, season)
    if quota is None:
        errors["season"] = [
            _("%(farmer)s has no subsidised fertiliser quota in %(season)s: no loan gives one.")
            % {"farmer": farmer.name, "season": season.name}
        ]
    elif "phonska_kg" not in errors:
        if phonska_kg > quota.left_phonska_kg:
            errors["phonska_kg"] = [
                _("Only %(left)s kg of Phonska is left of the quota.")
                % {"left": format_number(quota.left_phonska_kg, 2)}
            ]
        if za_kg > quota.left_za_kg:
            errors["za_kg"] = [
                _("Only %(left)s kg of ZA is left of the quota.")
                % {"left": format_number(quota.left_za_kg, 2)}
            ]
    if errors:
        raise ValidationError(errors)
    advance = record_in_kind_advance(
        by=by,
        farmer=farmer,
        season=season,
        kind=InKindKind.SUBSIDISED_FERTILISER,
        value=value or ZERO,
        given_on=drawn_on,
        description=_("Subsidised fertiliser: %(phonska)s kg Phonska, %(za)s kg ZA")
        % {"phonska": format_number(phonska_kg, 0), "za": format_number(za_kg, 0)},
        items={"phonska_kg": str(phonska_kg), "za_kg": str(za_kg)},
    )
    draw = FertiliserDraw(
        farmer=farmer,
        season=season,
        phonska_kg=phonska_kg,
        za_kg=za_kg,
        drawn_on=drawn_on,
        advance=advance,
        recorded_by=by,
    )
    save_with_history(draw, by)
    return draw
