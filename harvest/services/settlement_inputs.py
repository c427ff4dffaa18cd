"""A DO's settlement inputs: what staff give (natura kept, deductions, typed stream values, stream
corrections with their reason), checked into the JSON kept on the DO; and what the records give
at every settlement of it (the period's auction price, the streams fed from weighings and
recorded sales, each load's quality check), so that nothing is typed twice (domain.md 5, 5b).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.calculations import settlement as calc
from harvest.calculations.errors import decimal_to_str
from harvest.models import SettlementScheme, Weighing
from harvest.services.errors import calculation_error
from harvest.services.market import auction_price_for, sales_for
from partners.models import Farmer, Mill, Season
from tebu_site.fields import PlausibleAmountValidator
from tebu_site.formatting import round_half_up

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def _entries(entries: Sequence[Any] | None, name: str) -> list[dict[str, str]]:
    """Deduction lines as JSON [{"label", "amount"}], checked."""
    result = []
    for index, entry in enumerate(entries or ()):
        if isinstance(entry, Mapping):
            label, amount = entry.get("label"), entry.get("amount")
        elif isinstance(entry, Sequence) and not isinstance(entry, str) and len(entry) == 2:
            label, amount = entry
        else:
            label, amount = None, None
        label = str(label or "").strip()
        amount = _amount_or_none(amount)
        if not label or amount is None or amount <= 0:
            raise ValidationError(
                {name: [_("Line %(n)s needs a label and an amount above 0.") % {"n": index + 1}]}
            )
        _check_plausible(amount, name, index)
        result.append({"label": label, "amount": decimal_to_str(round_half_up(amount, 2))})
    return result


def _amount_or_none(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        return None
    return amount if amount.is_finite() else None


def _check_plausible(amount: Decimal, name: str, index: int | None = None) -> None:
    try:
        PlausibleAmountValidator()(amount)
    except ValidationError as error:
        where = "" if index is None else _("Line %(n)s: ") % {"n": index + 1}
        raise ValidationError({name: [where + " ".join(error.messages)]}) from error


def settlement_inputs(
    *,
    natura_consumed_kw: Decimal | None,
    credit_deductions: Sequence[Any] | None,
    other_deductions: Sequence[Any] | None,
    stream_values: Mapping[str, Decimal] | None,
    base: Mapping[str, Any] | None = None,
    stream_corrections: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    inputs = dict(base or {})
    if natura_consumed_kw is not None:
        natura = _amount_or_none(natura_consumed_kw)
        if natura is None or natura < 0:
            raise ValidationError({"natura_consumed_kw": [_("This must not be negative.")]})
        inputs["natura_consumed_kw"] = decimal_to_str(natura)
    if credit_deductions is not None:
        inputs["credit_deductions"] = _entries(credit_deductions, "credit_deductions")
    if other_deductions is not None:
        inputs["other_deductions"] = _entries(other_deductions, "other_deductions")
    if stream_values is not None:
        if not isinstance(stream_values, Mapping):
            raise ValidationError({"stream_values": [_("Give a value for each stream.")]})
        values = {}
        for stream, value in stream_values.items():
            amount = _amount_or_none(value)
            if amount is None or amount < 0:
                raise ValidationError(
                    {
                        "stream_values": [
                            _("%(stream)s: give an amount of 0 or more.") % {"stream": stream}
                        ]
                    }
                )
            _check_plausible(amount, "stream_values")
            values[str(stream)] = decimal_to_str(amount)
        inputs["stream_values"] = values
    if stream_corrections is not None:
        inputs["stream_corrections"] = stream_corrections_input(stream_corrections)
    return inputs


def stream_corrections_input(corrections: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """{stream: {"amount", "reason"}}: a fed stream value corrected by hand, with the reason the
    DO's history keeps (domain.md 5b, PT Gunung Madu)."""
    if not isinstance(corrections, Mapping):
        raise ValidationError(
            {"stream_corrections": [_("Give an amount and a reason per stream.")]}
        )
    result = {}
    for stream, entry in corrections.items():
        entry = entry if isinstance(entry, Mapping) else {}
        amount = _amount_or_none(entry.get("amount"))
        reason = str(entry.get("reason") or "").strip()
        if amount is None or amount < 0 or not reason:
            raise ValidationError(
                {
                    "stream_corrections": [
                        _("%(stream)s: give an amount of 0 or more and the reason.")
                        % {"stream": stream}
                    ]
                }
            )
        _check_plausible(amount, "stream_corrections")
        result[str(stream)] = {
            "amount": decimal_to_str(round_half_up(amount, 2)),
            "reason": reason,
        }
    return result


# --- from the records ---------------------------------------------------------------------------


def _day_bounds(start, end) -> tuple[datetime, datetime]:
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    last = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return first, last


def _weighed_totals(mill: Mill, season: Season, start, end, *, analysed_only: bool = False):
    """The accepted cane of the mill weighed from ``start`` to ``end`` (kg, only the analysed
    loads when ``analysed_only``) and its kg × rendemen points (loads with a rendemen)."""
    first, last = _day_bounds(start, end)
    loads = Weighing.objects.filter(
        spta__mill=mill,
        spta__season=season,
        rejected=False,
        weighed_at__gte=first,
        weighed_at__lt=last,
    )
    if analysed_only:
        loads = loads.filter(rendemen_analysis__isnull=False)
    totals = loads.aggregate(
        net=Sum("net_kg"),
        points=Sum(F("net_kg") * F("rendemen_analysis__rendemen_percent")),
    )
    return totals["net"], totals["points"]


def _period_deliveries(mill: Mill, season: Season, sale) -> calc.PeriodSales:
    """All accepted cane of the mill weighed in the sale's period, and its hablur (loads with a
    rendemen)."""
    net, points = _weighed_totals(mill, season, sale.period_start, sale.period_end)
    return calc.PeriodSales(
        amount=sale.amount,
        cane_kw=(net or ZERO) / HUNDRED,
        hablur_kw=(points or ZERO) / HUNDRED / HUNDRED,
    )


class PeriodRecords:
    """The market records one mill's settlements read, each asked of the database once. A batch
    settles thousands of DOs ending on the same few days with one of these (issue 18: the same
    auction price was read again for every farmer); a single DO gets a fresh one. Settling does
    not change what these read (prices, sales, the period's weighed cane), so keeping them for
    the batch gives each DO what it would read alone."""

    def __init__(self, mill: Mill, season: Season) -> None:
        self.mill, self.season = mill, season
        self._auction: dict = {}
        self._sales: dict = {}
        self._deliveries: dict = {}
        self._averages: dict = {}

    def auction_price(self, on):
        if on not in self._auction:
            self._auction[on] = auction_price_for(mill=self.mill, season=self.season, on=on)
        return self._auction[on]

    def sales(self, on) -> dict:
        if on not in self._sales:
            self._sales[on] = sales_for(mill=self.mill, season=self.season, on=on)
        return self._sales[on]

    def mill_average_rendemen(self, start, end) -> Decimal | None:
        """The mill's cane-weighted rendemen over the analysed loads weighed from ``start`` to
        ``end`` (relative quality payment): what every farmer's DO of the period is measured
        against."""
        if (start, end) not in self._averages:
            net, points = _weighed_totals(self.mill, self.season, start, end, analysed_only=True)
            self._averages[(start, end)] = (
                round_half_up(points / net, 4) if net and points is not None else None
            )
        return self._averages[(start, end)]

    def period_deliveries(self, sale) -> calc.PeriodSales:
        if sale.pk not in self._deliveries:
            self._deliveries[sale.pk] = _period_deliveries(self.mill, self.season, sale)
        return self._deliveries[sale.pk]


def recorded_inputs(
    inputs: Mapping[str, Any],
    deliveries,
    *,
    scheme: calc.SettlementScheme,
    mill: Mill,
    season: Season,
    records: PeriodRecords | None = None,
) -> dict[str, Any]:
    """``inputs`` with the auction price and the stream feeds as recorded now (``records``: the
    batch's, read once for all its DOs)."""
    records = records or PeriodRecords(mill, season)
    inputs = dict(inputs)
    inputs.pop("auction_price_per_kw", None)
    inputs.pop("stream_feeds", None)
    inputs.pop("mill_average_rendemen_percent", None)
    if scheme.relative_quality_share is not None:
        average = records.mill_average_rendemen(deliveries.period_start, deliveries.period_end)
        if average is not None:
            inputs["mill_average_rendemen_percent"] = decimal_to_str(average)
    if scheme.profit_sharing_farmer_share is not None:
        auction = records.auction_price(deliveries.period_end)
        if auction is not None:
            inputs["auction_price_per_kw"] = decimal_to_str(auction.price_per_kw)
    if scheme.stream_sources:
        inputs["stream_feeds"] = [
            feed.to_dict() for feed in _stream_feeds(deliveries, scheme, records)
        ]
    return inputs


def _stream_feeds(deliveries, scheme, records: PeriodRecords) -> tuple[calc.StreamFeed, ...]:
    sales = {}
    for stream, sale in records.sales(deliveries.period_end).items():
        if stream not in scheme.stream_sources:
            continue
        if sale.period_start > deliveries.period_start:
            raise ValidationError(
                {
                    "weighings": [
                        _(
                            "These deliveries (%(start)s to %(end)s) begin before the %(stream)s "
                            "period (%(sale_start)s to %(sale_end)s): settle each sales period "
                            "in its own DO."
                        )
                        % {
                            "start": deliveries.period_start,
                            "end": deliveries.period_end,
                            "stream": stream,
                            "sale_start": sale.period_start,
                            "sale_end": sale.period_end,
                        }
                    ]
                }
            )
        sales[stream] = records.period_deliveries(sale)
    try:
        return calc.feed_streams(
            scheme.stream_sources,
            cane_kw=deliveries.cane_kw,
            hablur_kw=deliveries.cane_kw * deliveries.rendemen_percent / HUNDRED,
            sales=sales,
        )
    except calc.SettlementInputError as error:
        raise calculation_error(error) from error


def loads_of(deliveries, scheme: calc.SettlementScheme) -> list[calc.Load]:
    """The deliveries one by one with their quality checks, for a scheme that prices each load
    by its quality (none otherwise)."""
    if not scheme.quality_standards:
        return []
    loads = []
    for weighing in deliveries.weighings:
        check = getattr(weighing, "quality_check", None)
        loads.append(
            calc.Load(
                weighing.spta.number,
                weighing.net_kg / HUNDRED,
                check.as_calculation() if check is not None else None,
            )
        )
    return loads


def needs_rendemen(scheme: SettlementScheme) -> bool:
    return scheme.kind != "price_per_kg"


def _check_deliveries(
    farmer: Farmer, season: Season, weighings: list[Weighing], *, rendemen_required: bool
) -> None:
    errors = []
    for weighing in weighings:
        number = weighing.spta.number
        if weighing.spta.farmer_id != farmer.pk:
            errors.append(_("SPTA %(number)s is another farmer's.") % {"number": number})
        elif weighing.spta.season_id != season.pk:
            errors.append(_("SPTA %(number)s is of another season.") % {"number": number})
        elif weighing.rejected:
            errors.append(_("The load of SPTA %(number)s was rejected.") % {"number": number})
        elif rendemen_required and weighing.rendemen_analysis_id is None:
            errors.append(_("SPTA %(number)s has no rendemen yet.") % {"number": number})
        elif weighing.delivery_order_id is not None:
            errors.append(
                _("SPTA %(number)s is already settled in DO %(do)s.")
                % {"number": number, "do": weighing.delivery_order.number}
            )
    if len({w.spta.tma_by_mill for w in weighings}) > 1:
        errors.append(
            _(
                "Loads cut by the mill's crews and loads cut by the farmer are settled in "
                "separate DOs, because only the first pay the cutting and haulage fees."
            )
        )
    if errors:
        raise ValidationError({"weighings": errors})
