"""Weighbridge writes: weigh a load against its SPTA, reject a load, correct a weighing (domain.md
5: net = gross - tare - trash %, tare <= gross, one weighing per SPTA, cane milled within 24 h).

A correction after settlement re-settles the draft DO or adjusts the issued one, audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from harvest.models import (
    AdjustmentKind,
    Freshness,
    HarvestPolicy,
    Spta,
    SptaAction,
    SptaEvent,
    SptaStatus,
    Weighing,
    WeighingSource,
)
from harvest.permissions import HarvestAction, require
from harvest.services import notices as farmer_notices
from harvest.services.delivery_orders import resettle_after_change
from harvest.services.spta import lock_spta, policy_for
from tebu_site.formatting import format_number
from tebu_site.services import require_visible, save_with_history

HUNDRED = Decimal(100)
KG_PER_KW = Decimal(100)
# Weighbridge and server clocks differ a little; a weighing minutes ahead is not in the future.
CLOCK_SKEW = timedelta(minutes=5)


def _kg(value: Decimal) -> str:
    return format_number(value, 1 if value != value.to_integral_value() else 0)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- the weighbridge --------------------------------------------------------------------------


def net_kg(*, gross_kg: Decimal, tare_kg: Decimal, trash_percent: Decimal) -> Decimal:
    """net = (gross − tare) × (1 − trash % / 100), domain.md 5; stored to 0.01 kg, half up."""
    net = (gross_kg - tare_kg) * (HUNDRED - trash_percent) / HUNDRED
    return net.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def freshness_of(*, hours: Decimal, policy: HarvestPolicy) -> str:
    """MBS: cane milled within 24 h of cutting, 36 h at most (domain.md 5)."""
    if hours > policy.freshness_alert_hours:
        return Freshness.ALERT
    if hours > policy.freshness_warning_hours:
        return Freshness.WARNING
    return Freshness.FRESH


def spta_refusal(spta: Spta, at: datetime) -> str | None:
    """Why this SPTA cannot carry a load now, or None."""
    if spta.status == SptaStatus.USED:
        used = spta.closed_at or spta.updated_at
        return _(
            "SPTA %(number)s was already used on %(when)s. An SPTA is good for one truckload only."
        ) % {"number": spta.number, "when": _when(used)}
    if spta.status == SptaStatus.CANCELLED:
        return _("SPTA %(number)s was cancelled: %(reason)s") % {
            "number": spta.number,
            "reason": spta.cancel_reason,
        }
    if spta.status == SptaStatus.EXPIRED or spta.expires_at < at:
        return _(
            "SPTA %(number)s expired on %(when)s unused; the field office must issue a new one."
        ) % {"number": spta.number, "when": _when(spta.expires_at)}
    return None


def load_errors(
    *,
    gross_kg: Decimal | None,
    tare_kg: Decimal | None,
    trash_percent: Decimal | None,
    cut_at: datetime | None,
    arrived_at: datetime | None,
    weighed_at: datetime,
    policy: HarvestPolicy,
    now: datetime | None = None,
) -> dict[str, list[str]]:
    """What is wrong with a load's own figures, whatever its SPTA: the weights (tare <= gross,
    at most the mill's truck limit), the trash and the times in order, not in the future."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if gross_kg is None or gross_kg <= 0:
        errors["gross_kg"] = [_("Give the gross weight in kg.")]
    elif gross_kg > policy.max_gross_kg:
        errors["gross_kg"] = [
            _(
                "%(gross)s kg is above the mill's truck limit of %(limit)s kg gross: check the "
                "reading."
            )
            % {"gross": _kg(gross_kg), "limit": _kg(policy.max_gross_kg)}
        ]
    if tare_kg is None or tare_kg < 0:
        errors["tare_kg"] = [_("Give the tare (the empty truck) in kg, 0 or more.")]
    elif gross_kg is not None and tare_kg > gross_kg:
        errors["tare_kg"] = [
            _(
                "The tare (%(tare)s kg) is above the gross weight (%(gross)s kg): the loaded "
                "truck must weigh more than the empty one. Check both numbers."
            )
            % {"tare": _kg(tare_kg), "gross": _kg(gross_kg)}
        ]
    if trash_percent is None or not Decimal(0) <= trash_percent < HUNDRED:
        errors["trash_percent"] = [_("The trash deduction must be from 0 to under 100 %.")]
    if cut_at is None:
        errors["cut_at"] = [_("Give the time the cane was cut.")]
    if arrived_at is None:
        errors["arrived_at"] = [_("Give the time the truck arrived.")]
    if cut_at and arrived_at and arrived_at < cut_at:
        errors["arrived_at"] = [_("The truck cannot arrive before the cane was cut.")]
    if arrived_at and weighed_at < arrived_at:
        errors["weighed_at"] = [_("The load cannot be weighed before the truck arrived.")]
    if cut_at and cut_at > weighed_at:
        errors["cut_at"] = [_("The cutting time is after the weighing time.")]
    if weighed_at > now + CLOCK_SKEW:
        errors["weighed_at"] = [
            _("The weighing time %(when)s is in the future.") % {"when": _when(weighed_at)}
        ]
    return errors


def weighing_errors(
    *,
    spta: Spta,
    gross_kg: Decimal | None,
    tare_kg: Decimal | None,
    trash_percent: Decimal | None,
    cut_at: datetime | None,
    arrived_at: datetime | None,
    weighed_at: datetime,
    policy: HarvestPolicy | None = None,
    now: datetime | None = None,
) -> dict[str, list[str]]:
    """Everything wrong with a weighing, by field (empty when it may be saved).

    Besides the load's own figures (load_errors) a load must be plausible for its SPTA: within
    the SPTA's quota and its mill's tolerance, and cut on or after the SPTA's cutting date
    (domain.md 5).
    """
    policy = policy or policy_for(spta.mill)
    errors: dict[str, list[str]] = {}
    refusal = spta_refusal(spta, weighed_at)
    if refusal:
        errors["spta"] = [refusal]
    errors.update(
        load_errors(
            gross_kg=gross_kg,
            tare_kg=tare_kg,
            trash_percent=trash_percent,
            cut_at=cut_at,
            arrived_at=arrived_at,
            weighed_at=weighed_at,
            policy=policy,
            now=now,
        )
    )
    if timezone.localdate(weighed_at) < spta.cutting_date:
        errors["weighed_at"] = [
            _("SPTA %(number)s is valid from %(date)s; this load was weighed before.")
            % {
                "number": spta.number,
                "date": formats.date_format(spta.cutting_date, "DATE_FORMAT"),
            }
        ]
    if "gross_kg" not in errors and "tare_kg" not in errors and "trash_percent" not in errors:
        net = net_kg(gross_kg=gross_kg, tare_kg=tare_kg, trash_percent=trash_percent)
        limit = quota_limit_kg(spta, policy)
        if net > limit:
            errors["gross_kg"] = [
                _(
                    "The net cane, %(net)s kg, is over SPTA %(number)s's quota of %(quota)s kw: "
                    "the mill accepts at most %(limit)s kg (quota plus %(tolerance)s %%)."
                )
                % {
                    "net": _kg(net),
                    "number": spta.number,
                    "quota": format_number(spta.quota_kw, 2),
                    "limit": _kg(limit),
                    "tolerance": policy.quota_tolerance_percent,
                }
            ]
    return errors


def quota_limit_kg(spta: Spta, policy: HarvestPolicy) -> Decimal:
    """The most net cane an SPTA may carry: its quota plus the mill's tolerance."""
    return spta.quota_kw * KG_PER_KW * (HUNDRED + policy.quota_tolerance_percent) / HUNDRED


def quota_warning(weighing: Weighing, policy: HarvestPolicy) -> str | None:
    """A load near or over its quota (but within the tolerance): accepted, worth a look."""
    quota_kg = weighing.spta.quota_kw * KG_PER_KW
    if weighing.net_kg * HUNDRED < quota_kg * policy.quota_warning_percent:
        return None
    return _(
        "The net cane, %(net)s kg, is %(share)s %% of SPTA %(number)s's quota (%(quota)s kg)."
    ) % {
        "net": _kg(weighing.net_kg),
        "share": format_number(weighing.net_kg * HUNDRED / quota_kg, 0),
        "number": weighing.spta.number,
        "quota": _kg(quota_kg),
    }


@transaction.atomic
def record_weighing(
    *,
    spta: Spta,
    gross_kg: Decimal,
    tare_kg: Decimal,
    trash_percent: Decimal = Decimal(0),
    cut_at: datetime,
    arrived_at: datetime,
    weighed_at: datetime | None = None,
    by,
    source: str = WeighingSource.MANUAL,
) -> Weighing:
    """Weigh one truckload against its SPTA; the SPTA is then used and cannot carry another."""
    require(by, HarvestAction.WEIGH)
    require_visible(by, spta)
    spta = lock_spta(spta)
    weighed_at = weighed_at or timezone.now()
    errors = weighing_errors(
        spta=spta,
        gross_kg=gross_kg,
        tare_kg=tare_kg,
        trash_percent=trash_percent,
        cut_at=cut_at,
        arrived_at=arrived_at,
        weighed_at=weighed_at,
        policy=(policy := policy_for(spta.mill)),
    )
    if errors:
        raise ValidationError(errors)
    hours = Decimal((weighed_at - cut_at).total_seconds()) / Decimal(3600)
    hours = hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    weighing = Weighing(
        spta=spta,
        gross_kg=gross_kg,
        tare_kg=tare_kg,
        trash_percent=trash_percent,
        net_kg=net_kg(gross_kg=gross_kg, tare_kg=tare_kg, trash_percent=trash_percent),
        cut_at=cut_at,
        arrived_at=arrived_at,
        weighed_at=weighed_at,
        hours_since_cut=hours,
        freshness=freshness_of(hours=hours, policy=policy),
        source=source,
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            save_with_history(weighing, by)
    except IntegrityError as error:  # two clerks at once: the one-to-one keeps one weighing
        raise ValidationError({"spta": [spta_refusal(spta, weighed_at) or str(error)]}) from error
    spta.status = SptaStatus.USED
    spta.closed_at = weighed_at
    spta.closed_by = by
    spta.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    SptaEvent.objects.create(
        spta=spta,
        action=SptaAction.USE,
        by=by,
        at=weighed_at,
        note=_("net %(net)s kg") % {"net": _kg(weighing.net_kg)},
    )
    farmer_notices.weighing_recorded(weighing)
    return weighing


@transaction.atomic
def reject_load(*, weighing: Weighing, by, reason: str) -> Weighing:
    """QC rejects a load (not MBS); it goes back to the farmer and is never settled."""
    require(by, HarvestAction.REJECT_LOAD)
    require_visible(by, weighing)
    weighing = Weighing.objects.select_for_update().select_related("spta").get(pk=weighing.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason the load is rejected.")]})
    if weighing.rejected:
        raise ValidationError(_("This load was already rejected."))
    if weighing.delivery_order_id is not None:
        raise ValidationError(
            _("This load is already settled in DO %(number)s.")
            % {"number": weighing.delivery_order.number}
        )
    weighing.rejected = True
    weighing.rejection_reason = reason.strip()
    weighing._change_reason = reason.strip()
    save_with_history(weighing, by)
    SptaEvent.objects.create(
        spta=weighing.spta, action=SptaAction.REJECT, by=by, note=weighing.rejection_reason
    )
    return weighing


@transaction.atomic
def correct_weighing(
    *,
    weighing: Weighing,
    by,
    reason: str,
    gross_kg: Decimal,
    tare_kg: Decimal,
    trash_percent: Decimal,
) -> Weighing:
    """Correct a misread or mistyped weighing. The history keeps who, when, why and the weights
    before; a DO on this load is settled again (an issued one through an audited adjustment)."""
    require(by, HarvestAction.WEIGH)
    require_visible(by, weighing)
    weighing = Weighing.objects.select_for_update().select_related("spta").get(pk=weighing.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the correction.")]})
    errors = weighing_errors(
        spta=weighing.spta,
        gross_kg=gross_kg,
        tare_kg=tare_kg,
        trash_percent=trash_percent,
        cut_at=weighing.cut_at,
        arrived_at=weighing.arrived_at,
        weighed_at=weighing.weighed_at,
    )
    errors.pop("spta", None)  # the SPTA was used by this very weighing
    if errors:
        raise ValidationError(errors)
    if (weighing.gross_kg, weighing.tare_kg, weighing.trash_percent) == (
        gross_kg,
        tare_kg,
        trash_percent,
    ):
        raise ValidationError(_("Nothing changes: the values are the same as before."))
    weighing.gross_kg, weighing.tare_kg, weighing.trash_percent = gross_kg, tare_kg, trash_percent
    weighing.net_kg = net_kg(gross_kg=gross_kg, tare_kg=tare_kg, trash_percent=trash_percent)
    weighing._change_reason = reason.strip()
    save_with_history(weighing, by)
    resettle_after_change(
        weighings=[weighing],
        by=by,
        reason=_("Weighing of SPTA %(number)s corrected: %(reason)s")
        % {"number": weighing.spta.number, "reason": reason.strip()},
        kind=AdjustmentKind.WEIGHING_CORRECTION,
    )
    return weighing
