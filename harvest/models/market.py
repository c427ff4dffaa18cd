"""What the mill's sugar and molasses fetched, per mill and period: the sugar auction price that
profit sharing is computed from (domain.md 5), and the sales of each revenue stream a
multi-stream scheme shares with its farmers (domain.md 5b, PT Gunung Madu). Money: audited.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.org import Mill, Season
from tebu_site.access import Scoping
from tebu_site.fields import MoneyField
from tebu_site.models import TimeStampedModel

# Sugar sells near Rp 1,000,000 per kw; a hundred times that is no real price.
PRICE_PER_KW_MAX = Decimal(100_000_000)


class MarketPeriod(TimeStampedModel):
    """A mill's period (a week, an auction round) in a season, recorded by a person."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="+")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        abstract = True


class AuctionPrice(MarketPeriod):
    """The price the farmers' sugar fetched at the auction (*lelang*) for the deliveries of a
    period. A scheme with a profit-sharing farmer share computes profit sharing from it: share ×
    (auction price − bridging price) per kw of auctioned sugar (domain.md 5)."""

    price_per_kw = MoneyField(_("auction price (Rp/kw)"), maximum=PRICE_PER_KW_MAX)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sugar auction price")
        verbose_name_plural = _("sugar auction prices")
        ordering = ["mill", "-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="auction_price_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mill} {self.period_start}–{self.period_end}: {self.price_per_kw}"


class StreamSale(MarketPeriod):
    """What one revenue stream of a multi-stream scheme (molasses sales, sugar sales) brought
    in for a period; each farmer's DO takes his part of it by his cane or hablur."""

    stream = models.CharField(_("stream"), max_length=50)
    amount = MoneyField(_("sales (Rp)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stream sales")
        verbose_name_plural = _("stream sales")
        ordering = ["mill", "-period_start", "stream"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="stream_sale_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mill} {self.stream} {self.period_start}–{self.period_end}"
