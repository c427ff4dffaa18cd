"""SPTA writes: issue, cancel and expire cut-and-haul orders (domain.md 5 and 10.7: single use,
expiring, bound to one farmer, plot, date and truck, every use logged).

Every function checks the caller's role and scope, refuses bad input with a ValidationError that
names the field and says what to do, and writes nothing when it refuses.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.models import (
    HarvestPolicy,
    Spta,
    SptaAction,
    SptaEvent,
    SptaStatus,
)
from harvest.models.spta import spta_number, spta_number_prefix
from harvest.permissions import HarvestAction, require
from harvest.services import notices as farmer_notices
from partners.models import (
    ContractStatus,
    Mill,
    Plot,
    RegistrationStatus,
    Season,
    SeasonContract,
)
from tebu_site.numbering import highest_serial, next_serial
from tebu_site.services import require_visible

# --- settings and seasons ---------------------------------------------------------------------


def policy_for(mill: Mill) -> HarvestPolicy:
    """The mill's harvest policy, or the defaults when it has none saved."""
    return HarvestPolicy.for_mill(mill)


def current_season(mill: Mill) -> Season | None:
    return Season.objects.filter(mill=mill, is_current=True).first()


def plot_cutting_refusal(plot: Plot, season: Season) -> str | None:
    """Why the plot may not be cut this season, or None when it may.

    A plot is cut on an SPTA only under a signed contract for the season that lists it. Registries
    brought over from paper contracts have no contract rows: for a farmer with no contract record
    in the season, a plot whose registration reached "contracted" is accepted.
    """
    if not plot.is_active:
        return _("Plot %(code)s is no longer active.") % {"code": plot.code}
    contracts = SeasonContract.objects.filter(farmer_id=plot.farmer_id, season=season).exclude(
        status=ContractStatus.CANCELLED
    )
    if contracts.filter(status=ContractStatus.SIGNED, plots=plot).exists():
        return None
    if not contracts.exists() and plot.registration_status == RegistrationStatus.CONTRACTED:
        return None
    return _("Plot %(code)s has no signed contract for season %(season)s.") % {
        "code": plot.code,
        "season": season.name,
    }


def _next_number(mill: Mill, season: Season) -> str:
    prefix = spta_number_prefix(mill.code, season.name)
    existing = Spta.objects.filter(mill=mill, season=season, number__startswith=prefix)
    serial = next_serial(
        f"spta:{mill.pk}:{season.pk}",
        highest_existing=lambda: highest_serial(existing, "number", prefix),
    )
    return spta_number(mill.code, season.name, serial)


# --- SPTA -------------------------------------------------------------------------------------


def spta_expiry(
    *, cutting_date: date, policy: HarvestPolicy, issued_at: datetime | None = None
) -> datetime:
    """An SPTA is good for the mill's valid hours from the start of its cutting date (WIB), or
    from its issue when it is issued on the cutting day itself: one issued at 18:55 for today's
    cutting is not spent by midnight (issue 14)."""
    start = timezone.make_aware(datetime.combine(cutting_date, time.min))
    if issued_at is not None:
        start = max(start, issued_at)
    return start + timedelta(hours=policy.spta_valid_hours)


@transaction.atomic
def issue_spta(
    *,
    by,
    plot: Plot,
    cutting_date: date,
    quota_kw: Decimal,
    truck_plate: str,
    driver_name: str,
    tma_by_mill: bool = False,
    season: Season | None = None,
) -> Spta:
    """Issue the cut-and-haul order for one truckload from a contracted plot."""
    require(by, HarvestAction.ISSUE_SPTA)
    require_visible(by, plot)
    season = season or current_season(plot.mill)
    errors: dict[str, list[str]] = {}
    if season is None:
        raise ValidationError(_("The mill has no current season."))
    if season.mill_id != plot.mill_id:
        errors["season"] = [_("The season belongs to another mill.")]
    refusal = plot_cutting_refusal(plot, season)
    if refusal:
        errors["plot"] = [refusal]
    if cutting_date < timezone.localdate():
        errors["cutting_date"] = [_("The cutting date has already passed.")]
    if quota_kw is None or quota_kw <= 0:
        errors["quota_kw"] = [_("Give the quota in kw (more than 0).")]
    if not (truck_plate or "").strip():
        errors["truck_plate"] = [_("Give the truck's plate number.")]
    if not (driver_name or "").strip():
        errors["driver_name"] = [_("Give the driver's name.")]
    if errors:
        raise ValidationError(errors)
    policy = policy_for(plot.mill)
    spta = Spta(
        mill=plot.mill,
        season=season,
        farmer=plot.farmer,
        plot=plot,
        number=_next_number(plot.mill, season),
        cutting_date=cutting_date,
        quota_kw=quota_kw,
        truck_plate=truck_plate.strip().upper(),
        driver_name=driver_name.strip(),
        tma_by_mill=tma_by_mill,
        issued_by=by,
    )
    spta.expires_at = spta_expiry(
        cutting_date=cutting_date, policy=policy, issued_at=spta.issued_at
    )
    spta.full_clean()
    spta.save()
    SptaEvent.objects.create(spta=spta, action=SptaAction.ISSUE, by=by, at=spta.issued_at)
    farmer_notices.spta_issued(spta)
    return spta


def lock_spta(spta: Spta) -> Spta:
    return Spta.objects.select_for_update().select_related("mill", "plot", "farmer").get(pk=spta.pk)


@transaction.atomic
def cancel_spta(*, spta: Spta, by, reason: str) -> Spta:
    require(by, HarvestAction.CANCEL_SPTA)
    require_visible(by, spta)
    spta = lock_spta(spta)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    if spta.status != SptaStatus.ISSUED:
        raise ValidationError(
            _("SPTA %(number)s is %(status)s; only an unused SPTA can be cancelled.")
            % {"number": spta.number, "status": spta.get_status_display().lower()}
        )
    now = timezone.now()
    spta.status = SptaStatus.CANCELLED
    spta.cancel_reason = reason.strip()
    spta.closed_at = now
    spta.closed_by = by
    spta.save()
    SptaEvent.objects.create(
        spta=spta, action=SptaAction.CANCEL, by=by, at=now, note=spta.cancel_reason
    )
    return spta


def expire_overdue_sptas(*, now: datetime | None = None) -> int:
    """Mark every SPTA still unused after its validity as expired; returns how many.

    Safe to run twice (the Celery task runs it on a schedule): an expired SPTA is not issued.
    """
    now = now or timezone.now()
    expired = 0
    ids = list(
        Spta.objects.filter(status=SptaStatus.ISSUED, expires_at__lt=now).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            spta = Spta.objects.select_for_update().filter(pk=pk, status=SptaStatus.ISSUED).first()
            if spta is None:  # used or cancelled meanwhile
                continue
            spta.status = SptaStatus.EXPIRED
            spta.closed_at = now
            spta.save(update_fields=["status", "closed_at", "updated_at"])
            SptaEvent.objects.create(spta=spta, action=SptaAction.EXPIRE, at=now)
            expired += 1
    return expired
