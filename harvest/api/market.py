"""API for what the records feed into a DO: the sugar auction price per mill and period (profit
sharing is computed from it), each revenue stream's sales per period (multi-stream schemes), and
the quality check of each load (cane-by-weight schemes). Lists are scoped; writes call the
services, which check the role; corrections need a reason."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action

from harvest import selectors as reads
from harvest.api.serializers import Scoped, UserNameField
from harvest.api.views import HarvestViewSet
from harvest.models import AuctionPrice, QualityCheck, StreamSale
from harvest.models.market import PRICE_PER_KW_MAX
from harvest.services.market import (
    correct_market_record,
    record_auction_price,
    record_stream_sale,
)
from harvest.services.quality import record_quality_check
from partners import selectors
from tebu_site.fields import PlausibleAmountValidator

PERIOD_FIELDS = ["id", "mill", "season", "period_start", "period_end", "note", "recorded_by"]


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        validators=[PlausibleAmountValidator()],
        **kwargs,
    )


class AuctionPriceSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season = Scoped(selectors.seasons_visible_to)
    recorded_by = UserNameField()
    price_per_kw = money(max_value=PRICE_PER_KW_MAX)

    class Meta:
        model = AuctionPrice
        fields = [*PERIOD_FIELDS, "price_per_kw"]


class StreamSaleSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season = Scoped(selectors.seasons_visible_to)
    recorded_by = UserNameField()
    amount = money()

    class Meta:
        model = StreamSale
        fields = [*PERIOD_FIELDS, "stream", "amount"]


class MarketCorrectionSerializer(serializers.Serializer):
    value = money(help_text="The corrected price per kw or sales amount (Rp).")
    reason = serializers.CharField()


class QualityCheckSerializer(serializers.ModelSerializer):
    weighing = Scoped(reads.weighings_visible_to)
    checked_by = UserNameField()
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text="Needed to correct a check."
    )

    class Meta:
        model = QualityCheck
        fields = [
            "id",
            "weighing",
            "age_months",
            "stalk_height_cm",
            "stalk_quality_ok",
            "variety_purity_percent",
            "pest_free",
            "note",
            "reason",
            "checked_at",
            "checked_by",
        ]
        read_only_fields = ["checked_at"]
        # The service creates or corrects; the one-to-one's unique check would refuse a
        # correction before the service could ask for its reason.
        extra_kwargs = {"weighing": {"validators": []}}


class _MarketViewSet(HarvestViewSet):
    def perform_service(self, serializer):
        data = dict(serializer.validated_data)
        season = data.pop("season")
        return self.record(by=self.request.user, mill=season.mill, season=season, **data)

    @extend_schema(request=MarketCorrectionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct the recorded figure, with the reason (kept in the history)."""
        serializer = self._input(MarketCorrectionSerializer, request)
        record = correct_market_record(
            by=request.user, record=self.get_object(), **serializer.validated_data
        )
        return self._answer(record)


@extend_schema_view(
    list=extend_schema(summary="Sugar auction prices per mill and period"),
    create=extend_schema(summary="Record the sugar auction price of a period"),
)
class AuctionPriceViewSet(_MarketViewSet):
    serializer_class = AuctionPriceSerializer
    ordering_fields = ["period_start"]
    record = staticmethod(record_auction_price)

    def get_queryset(self):
        return reads.auction_prices_visible_to(self.request.user).order_by("-period_start", "id")


@extend_schema_view(
    list=extend_schema(summary="Sales of each revenue stream per mill and period"),
    create=extend_schema(summary="Record a stream's sales of a period"),
)
class StreamSaleViewSet(_MarketViewSet):
    serializer_class = StreamSaleSerializer
    ordering_fields = ["period_start"]
    record = staticmethod(record_stream_sale)

    def get_queryset(self):
        return reads.stream_sales_visible_to(self.request.user).order_by(
            "-period_start", "stream", "id"
        )


@extend_schema_view(
    list=extend_schema(summary="Quality checks of loads (cane bought by weight)"),
    create=extend_schema(summary="Record or correct (with a reason) a load's quality check"),
)
class QualityCheckViewSet(HarvestViewSet):
    serializer_class = QualityCheckSerializer
    ordering_fields = ["checked_at"]

    def get_queryset(self):
        return reads.quality_checks_visible_to(self.request.user).order_by("-checked_at", "id")

    def perform_service(self, serializer):
        return record_quality_check(by=self.request.user, **serializer.validated_data)
