"""Rendemen writes: record and correct a rendemen analysis from the juice readings, or directly
with a reason (domain.md 5). A correction after settlement re-settles or adjusts the DO, audited,
so the farmer sees who changed what and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.rendemen import READING_FIELDS, compute_rendemen
from harvest.models import (
    AdjustmentKind,
    RendemenAnalysis,
    RendemenMethod,
    Weighing,
)
from harvest.permissions import HarvestAction, require
from harvest.services import notices as farmer_notices
from harvest.services.delivery_orders import resettle_after_change
from harvest.services.errors import calculation_error
from partners.models import (
    Farmer,
)
from tebu_site.formatting import format_number
from tebu_site.services import require_visible, save_with_history

RENDEMEN_MAX = Decimal(20)


# --- rendemen ---------------------------------------------------------------------------------


def _measurement(
    *,
    readings: Mapping[str, Decimal | None] | None,
    rendemen_percent: Decimal | None,
    direct_reason: str,
) -> dict[str, Any]:
    """The analysis fields for readings or a direct figure, checked; raises ValidationError."""
    if readings is not None and any(value is not None for value in readings.values()):
        missing = [name for name in READING_FIELDS if readings.get(name) is None]
        if missing:
            raise ValidationError(
                {
                    name: [_("Give this reading, or enter the rendemen directly.")]
                    for name in missing
                }
            )
        try:
            result = compute_rendemen(**{name: readings[name] for name in READING_FIELDS})
        except SettlementInputError as error:
            raise calculation_error(error) from error
        return {
            "method": RendemenMethod.READINGS,
            **{name: getattr(result, name) for name in READING_FIELDS},
            "percent_brix": result.percent_brix.quantize(Decimal("0.0001"), ROUND_HALF_UP),
            "percent_pol": result.percent_pol.quantize(Decimal("0.0001"), ROUND_HALF_UP),
            "juice_value": result.juice_value.quantize(Decimal("0.0001"), ROUND_HALF_UP),
            "rendemen_percent": result.rendemen.quantize(Decimal("0.01"), ROUND_HALF_UP),
            "direct_reason": "",
        }
    if rendemen_percent is None:
        raise ValidationError(
            _("Give the juice readings, or the rendemen with the reason it is entered directly.")
        )
    if not Decimal(0) <= rendemen_percent <= RENDEMEN_MAX:
        raise ValidationError(
            {
                "rendemen_percent": [
                    _(
                        "A rendemen of %(value)s %% is impossible: it must be between 0 and "
                        "20 %%. Check the figure."
                    )
                    % {"value": format_number(rendemen_percent, 2)}
                ]
            }
        )
    if not (direct_reason or "").strip():
        raise ValidationError(
            {"direct_reason": [_("Say why the rendemen is entered without the readings.")]}
        )
    return {
        "method": RendemenMethod.DIRECT,
        **dict.fromkeys(READING_FIELDS),
        "percent_brix": None,
        "percent_pol": None,
        "juice_value": None,
        "rendemen_percent": rendemen_percent.quantize(Decimal("0.01"), ROUND_HALF_UP),
        "direct_reason": direct_reason.strip(),
    }


@transaction.atomic
def record_rendemen(
    *,
    by,
    weighings: Sequence[Weighing],
    readings: Mapping[str, Decimal | None] | None = None,
    rendemen_percent: Decimal | None = None,
    direct_reason: str = "",
    measured_at: datetime | None = None,
    sample_code: str = "",
) -> RendemenAnalysis:
    """The rendemen of one delivery or a batch of one farmer's deliveries."""
    require(by, HarvestAction.RECORD_RENDEMEN)
    weighings = list(
        Weighing.objects.select_for_update()
        .select_related("spta")
        .filter(pk__in=[w.pk for w in weighings])
    )
    if not weighings:
        raise ValidationError({"weighings": [_("Choose the deliveries the sample comes from.")]})
    for weighing in weighings:
        require_visible(by, weighing)
    errors = []
    farmers = {w.spta.farmer_id for w in weighings}
    if len(farmers) > 1:
        errors.append(_("A rendemen analysis covers the deliveries of one farmer only."))
    for weighing in weighings:
        if weighing.rejected:
            errors.append(
                _("The load of SPTA %(number)s was rejected.") % {"number": weighing.spta.number}
            )
        elif weighing.rendemen_analysis_id is not None:
            errors.append(
                _("SPTA %(number)s already has a rendemen; correct that one instead.")
                % {"number": weighing.spta.number}
            )
    if errors:
        raise ValidationError({"weighings": errors})
    fields = _measurement(
        readings=readings, rendemen_percent=rendemen_percent, direct_reason=direct_reason
    )
    first = weighings[0].spta
    analysis = RendemenAnalysis(
        mill_id=first.mill_id,
        farmer=Farmer.objects.get(pk=first.farmer_id),
        sample_code=sample_code.strip(),
        measured_at=measured_at or timezone.now(),
        measured_by=by,
        **fields,
    )
    analysis.full_clean()
    save_with_history(analysis, by)
    for weighing in weighings:
        weighing.rendemen_analysis = analysis
        weighing._change_reason = _("rendemen recorded")
        save_with_history(weighing, by)
    farmer_notices.rendemen_set(analysis, weighings, corrected=False)
    return analysis


@transaction.atomic
def correct_rendemen(
    *,
    analysis: RendemenAnalysis,
    by,
    reason: str,
    readings: Mapping[str, Decimal | None] | None = None,
    rendemen_percent: Decimal | None = None,
    direct_reason: str = "",
) -> RendemenAnalysis:
    """Correct a rendemen: the history keeps who, when, why and the values before. A DO already
    issued on these deliveries changes through an audited adjustment (services.settlement)."""
    require(by, HarvestAction.RECORD_RENDEMEN)
    require_visible(by, analysis)
    analysis = RendemenAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the correction.")]})
    fields = _measurement(
        readings=readings, rendemen_percent=rendemen_percent, direct_reason=direct_reason
    )
    changed = [name for name, value in fields.items() if getattr(analysis, name) != value]
    if not changed:
        raise ValidationError(_("Nothing changes: the values are the same as before."))
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.full_clean()
    analysis._change_reason = reason.strip()
    save_with_history(analysis, by)
    weighings = list(analysis.weighings.select_related("spta"))
    resettle_after_change(
        weighings=weighings,
        by=by,
        reason=_("Rendemen of sample %(sample)s corrected: %(reason)s")
        % {"sample": analysis.sample_code or analysis.pk, "reason": reason.strip()},
        kind=AdjustmentKind.RENDEMEN_CORRECTION,
    )
    farmer_notices.rendemen_set(analysis, weighings, corrected=True)
    return analysis
