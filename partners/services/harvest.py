"""Harvest writes: issue and close SPTAs, weigh loads (by hand or from the weighbridge software's
CSV), reject loads, record and correct rendemen (domain.md section 5).

Every function checks the caller's role and scope, refuses bad input with a ValidationError that
names the field and says what to do, and writes nothing when it refuses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partners.calculations.errors import SettlementInputError
from partners.calculations.rendemen import compute_rendemen
from partners.models import (
    AdjustmentKind,
    ContractStatus,
    Farmer,
    Freshness,
    HarvestPolicy,
    Mill,
    Plot,
    RegistrationStatus,
    RendemenAnalysis,
    RendemenMethod,
    Season,
    SeasonContract,
    Spta,
    SptaAction,
    SptaEvent,
    SptaStatus,
    Weighing,
    WeighingSource,
)
from partners.permissions_harvest import HarvestAction, require
from partners.services._common import require_visible, save_with_history
from partners.services.settlement import calculation_error, resettle_after_change
from tebu_site.access import scope_for
from tebu_site.formatting import format_number

HUNDRED = Decimal(100)
RENDEMEN_MAX = Decimal(20)
READING_FIELDS = (
    "brix_reading",
    "temperature_correction",
    "pol_reading",
    "specific_gravity",
    "dilution_factor",
    "extraction_factor",
)


def _kg(value: Decimal) -> str:
    return format_number(value, 1 if value != value.to_integral_value() else 0)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


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
    prefix = f"SPTA/{mill.code.upper()}/{season.name}/"
    existing = Spta.objects.filter(mill=mill, season=season, number__startswith=prefix)
    serial = existing.count() + 1
    while existing.filter(number=f"{prefix}{serial:06d}").exists():
        serial += 1
    return f"{prefix}{serial:06d}"


# --- SPTA -------------------------------------------------------------------------------------


def spta_expiry(*, cutting_date: date, policy: HarvestPolicy) -> datetime:
    """An SPTA is good from the start of its cutting date (WIB) for the mill's valid hours."""
    start = timezone.make_aware(datetime.combine(cutting_date, time.min))
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
        expires_at=spta_expiry(cutting_date=cutting_date, policy=policy),
    )
    spta.full_clean()
    spta.save()
    SptaEvent.objects.create(spta=spta, action=SptaAction.ISSUE, by=by, at=spta.issued_at)
    return spta


def _locked(spta: Spta) -> Spta:
    return Spta.objects.select_for_update().select_related("mill", "plot", "farmer").get(pk=spta.pk)


@transaction.atomic
def cancel_spta(*, spta: Spta, by, reason: str) -> Spta:
    require(by, HarvestAction.CANCEL_SPTA)
    require_visible(by, spta)
    spta = _locked(spta)
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


def weighing_errors(
    *,
    spta: Spta,
    gross_kg: Decimal | None,
    tare_kg: Decimal | None,
    trash_percent: Decimal | None,
    cut_at: datetime | None,
    arrived_at: datetime | None,
    weighed_at: datetime,
) -> dict[str, list[str]]:
    """Everything wrong with a weighing, by field (empty when it may be saved)."""
    errors: dict[str, list[str]] = {}
    refusal = spta_refusal(spta, weighed_at)
    if refusal:
        errors["spta"] = [refusal]
    if gross_kg is None or gross_kg <= 0:
        errors["gross_kg"] = [_("Give the gross weight in kg.")]
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
    return errors


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
    spta = _locked(spta)
    weighed_at = weighed_at or timezone.now()
    errors = weighing_errors(
        spta=spta,
        gross_kg=gross_kg,
        tare_kg=tare_kg,
        trash_percent=trash_percent,
        cut_at=cut_at,
        arrived_at=arrived_at,
        weighed_at=weighed_at,
    )
    if errors:
        raise ValidationError(errors)
    policy = policy_for(spta.mill)
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


# --- weighbridge CSV import -------------------------------------------------------------------

CSV_COLUMNS = (
    "spta_number",
    "gross_kg",
    "tare_kg",
    "trash_percent",
    "cut_at",
    "arrived_at",
    "weighed_at",
)
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


@dataclass
class ImportRow:
    line: int
    spta_number: str
    outcome: str  # "created", "unchanged" or "error"
    messages: list[str] = field(default_factory=list)


@dataclass
class WeighingImport:
    """What an import did: all rows saved, or none (``ok`` False) with each row's messages."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(row.outcome != "error" for row in self.rows)

    @property
    def created(self) -> int:
        return sum(row.outcome == "created" for row in self.rows) if self.ok else 0

    @property
    def unchanged(self) -> int:
        return sum(row.outcome == "unchanged" for row in self.rows)

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome == "error"]


def _parse_decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_datetime(text: str) -> datetime | None:
    text = (text or "").strip()
    for pattern in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text, pattern))
        except ValueError:
            continue
    return None


def _same_weighing(weighing: Weighing, gross, tare, trash) -> bool:
    return (weighing.gross_kg, weighing.tare_kg, weighing.trash_percent) == (gross, tare, trash)


def import_weighings_csv(*, by, mill: Mill, text: str) -> WeighingImport:
    """Weighings exported by the weighbridge software, one row per truck: all rows are saved or
    none. A row whose SPTA already carries the same weighing is skipped, so importing the same
    file twice changes nothing; a different weighing for a used SPTA is an error.

    Columns: spta_number, gross_kg, tare_kg, trash_percent, cut_at, arrived_at, weighed_at
    (times as YYYY-MM-DD HH:MM in WIB).
    """
    require(by, HarvestAction.WEIGH)
    result = WeighingImport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        result.file_errors.append(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return result
    visible = scope_for(by, Spta.objects.filter(mill=mill)).select_related("mill", "plot")
    parsed: list[tuple[ImportRow, Spta | None, dict[str, Any]]] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        raw = {(key or "").strip(): (value or "").strip() for key, value in raw.items()}
        number = raw.get("spta_number", "")
        row = ImportRow(line=line, spta_number=number, outcome="created")
        values = {
            "gross_kg": _parse_decimal(raw["gross_kg"]),
            "tare_kg": _parse_decimal(raw["tare_kg"]),
            "trash_percent": _parse_decimal(raw["trash_percent"]) or Decimal(0),
            "cut_at": _parse_datetime(raw["cut_at"]),
            "arrived_at": _parse_datetime(raw["arrived_at"]),
            "weighed_at": _parse_datetime(raw["weighed_at"]),
        }
        for name in ("cut_at", "arrived_at", "weighed_at"):
            if raw[name] and values[name] is None:
                row.messages.append(
                    _("%(column)s: '%(value)s' is not a time like 2026-07-01 06:30.")
                    % {"column": name, "value": raw[name]}
                )
        spta = visible.filter(number=number).first() if number else None
        if number in seen:
            row.messages.append(_("SPTA %(number)s is twice in the file.") % {"number": number})
        seen.add(number)
        if spta is None:
            row.messages.append(
                _("No SPTA numbered '%(number)s' at this mill.") % {"number": number}
            )
        elif hasattr(spta, "weighing") and spta.status == SptaStatus.USED:
            if _same_weighing(
                spta.weighing, values["gross_kg"], values["tare_kg"], values["trash_percent"]
            ):
                row.outcome = "unchanged"
            else:
                row.messages.append(
                    _("SPTA %(number)s was already weighed with other figures.")
                    % {"number": number}
                )
        elif not row.messages:
            errors = weighing_errors(
                spta=spta,
                gross_kg=values["gross_kg"],
                tare_kg=values["tare_kg"],
                trash_percent=values["trash_percent"],
                cut_at=values["cut_at"],
                arrived_at=values["arrived_at"],
                weighed_at=values["weighed_at"] or timezone.now(),
            )
            row.messages += [message for messages in errors.values() for message in messages]
        if row.messages:
            row.outcome = "error"
        result.rows.append(row)
        parsed.append((row, spta, values))
    if not result.rows:
        result.file_errors.append(_("The file has no rows."))
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            for row, spta, values in parsed:
                if row.outcome != "created":
                    continue
                try:
                    record_weighing(spta=spta, by=by, source=WeighingSource.IMPORT, **values)
                except ValidationError as error:
                    row.outcome = "error"
                    row.messages = error.messages
                    raise
    except ValidationError:
        return result
    return result


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
    resettle_after_change(
        weighings=list(analysis.weighings.all()),
        by=by,
        reason=_("Rendemen of sample %(sample)s corrected: %(reason)s")
        % {"sample": analysis.sample_code or analysis.pk, "reason": reason.strip()},
        kind=AdjustmentKind.RENDEMEN_CORRECTION,
    )
    return analysis
