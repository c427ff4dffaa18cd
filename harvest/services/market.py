"""Market records per mill and period: the sugar auction price (profit sharing is computed from
it, domain.md 5) and the sales of each revenue stream a multi-stream scheme shares (domain.md 5b,
PT Gunung Madu). Recorded once by the mill's manager and corrected only with a reason; every
change is in the history (simple-history). Periods of one mill, season (and stream) may not
overlap, so a DO's period finds exactly one record.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from harvest.models import AuctionPrice, StreamSale
from harvest.permissions import HarvestAction, require
from partners.models import Mill, Season
from tebu_site.services import require_visible, save_with_history

MAX_PERIOD_DAYS = 366


def _check_period(
    model: type[Model],
    *,
    mill: Mill,
    season: Season,
    start: date,
    end: date,
    exclude_pk=None,
    **same,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if season.mill_id != mill.pk:
        errors["season"] = [_("The season belongs to another mill.")]
    if end < start:
        errors["period_end"] = [_("The end date is before the start date.")]
    elif (end - start).days > MAX_PERIOD_DAYS or start.year < 2000 or end.year > 2100:
        # A period is a week, a month or an auction round inside a season.
        errors["period_end"] = [_("A period is at most a year, within a season.")]
    elif (
        model.objects.filter(mill=mill, season=season, **same)
        .exclude(pk=exclude_pk)
        .filter(Q(period_start__lte=end) & Q(period_end__gte=start))
        .exists()
    ):
        errors["period_start"] = [_("Another record of this mill covers some of these dates.")]
    return errors


def _check_amount(value: Decimal | None, field: str, errors: dict[str, list[str]]) -> None:
    if value is None or not value.is_finite() or value < 0:
        errors[field] = [_("Give an amount of 0 or more.")]


@transaction.atomic
def record_auction_price(
    *,
    by,
    mill: Mill,
    season: Season,
    period_start: date,
    period_end: date,
    price_per_kw: Decimal,
    note: str = "",
) -> AuctionPrice:
    """The auction price of the sugar of the deliveries weighed from ``period_start`` to
    ``period_end``."""
    require(by, HarvestAction.EDIT_SCHEME)
    require_visible(by, mill)
    errors = _check_period(
        AuctionPrice, mill=mill, season=season, start=period_start, end=period_end
    )
    _check_amount(price_per_kw, "price_per_kw", errors)
    if errors:
        raise ValidationError(errors)
    record = AuctionPrice(
        mill=mill,
        season=season,
        period_start=period_start,
        period_end=period_end,
        price_per_kw=price_per_kw,
        note=(note or "").strip(),
        recorded_by=by,
    )
    record.full_clean()
    save_with_history(record, by)
    return record


@transaction.atomic
def record_stream_sale(
    *,
    by,
    mill: Mill,
    season: Season,
    stream: str,
    period_start: date,
    period_end: date,
    amount: Decimal,
    note: str = "",
) -> StreamSale:
    """What ``stream`` (e.g. molasses_sales, sugar_sales) brought in for the period."""
    require(by, HarvestAction.EDIT_SCHEME)
    require_visible(by, mill)
    stream = (stream or "").strip()
    errors = _check_period(
        StreamSale, mill=mill, season=season, start=period_start, end=period_end, stream=stream
    )
    if not stream:
        errors["stream"] = [_("Name the stream, as the scheme names it.")]
    _check_amount(amount, "amount", errors)
    if errors:
        raise ValidationError(errors)
    record = StreamSale(
        mill=mill,
        season=season,
        stream=stream,
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        note=(note or "").strip(),
        recorded_by=by,
    )
    record.full_clean()
    save_with_history(record, by)
    return record


@transaction.atomic
def correct_market_record(
    *, by, record: AuctionPrice | StreamSale, value: Decimal, reason: str
) -> AuctionPrice | StreamSale:
    """A recorded auction price or sales amount corrected, with the reason kept in the history.
    DOs already settled keep their figures until they are settled again (a draft's update, an
    adjustment)."""
    require(by, HarvestAction.EDIT_SCHEME)
    require_visible(by, record)
    field = "price_per_kw" if isinstance(record, AuctionPrice) else "amount"
    errors: dict[str, list[str]] = {}
    _check_amount(value, field, errors)
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the correction.")]
    if errors:
        raise ValidationError(errors)
    setattr(record, field, value)
    record.full_clean()
    record._change_reason = reason.strip()
    save_with_history(record, by)
    return record


def _covering(queryset, on: date):
    return queryset.filter(period_start__lte=on, period_end__gte=on).first()


def auction_price_for(*, mill: Mill, season: Season, on: date) -> AuctionPrice | None:
    """The auction price recorded for the period holding ``on`` (a DO's last delivery)."""
    return _covering(AuctionPrice.objects.filter(mill=mill, season=season), on)


def sales_for(*, mill: Mill, season: Season, on: date) -> dict[str, StreamSale]:
    """Each stream's sales recorded for the period holding ``on``, by stream name."""
    sales = StreamSale.objects.filter(
        mill=mill, season=season, period_start__lte=on, period_end__gte=on
    )
    return {sale.stream: sale for sale in sales}
