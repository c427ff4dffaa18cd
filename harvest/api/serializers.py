"""API representations from harvest to payment. Writes are plain input serializers handed to
harvest.services; related choices are what the caller may see."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from harvest import selectors as reads
from harvest.models import (
    DeliveryOrder,
    DoAdjustment,
    DoPayment,
    PaymentMethod,
    RendemenAnalysis,
    SettlementScheme,
    Spta,
    SptaEvent,
    Weighing,
)
from partners import selectors
from tebu_site.fields import PlausibleAmountValidator
from tebu_site.formatting import round_half_up


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class Scoped(serializers.PrimaryKeyRelatedField):
    """A relation whose choices are what the caller may see (looked up only on write)."""

    def __init__(self, selector, **kwargs):
        self.selector = selector
        # An integer id; also tells the schema generator the type without a model to ask.
        kwargs.setdefault("pk_field", serializers.IntegerField())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(_user(self.root) if self.root else None)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class UserNameField(serializers.CharField):
    """A user shown by name (read only)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return _name(value)


# --- SPTA -------------------------------------------------------------------------------------


class SptaEventSerializer(serializers.ModelSerializer):
    by = UserNameField()

    class Meta:
        model = SptaEvent
        fields = ["action", "at", "by", "note"]


class SptaSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season_name = serializers.CharField(source="season.name", read_only=True)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True)
    plot_code = serializers.CharField(source="plot.code", read_only=True)
    issued_by = UserNameField()
    closed_by = UserNameField()
    # Plain strings with their values listed, not enums: several models have a "status" field and
    # the schema's enum names would collide (drf-spectacular W001, which fails the deploy check).
    status = serializers.CharField(read_only=True, help_text="issued, used, expired or cancelled")

    class Meta:
        model = Spta
        fields = [
            "id",
            "number",
            "mill",
            "season",
            "season_name",
            "farmer",
            "farmer_name",
            "plot",
            "plot_code",
            "cutting_date",
            "quota_kw",
            "truck_plate",
            "driver_name",
            "tma_by_mill",
            "status",
            "issued_at",
            "issued_by",
            "expires_at",
            "closed_at",
            "closed_by",
            "cancel_reason",
        ]
        read_only_fields = fields


class SptaDetailSerializer(SptaSerializer):
    events = SptaEventSerializer(many=True, read_only=True)

    class Meta(SptaSerializer.Meta):
        fields = [*SptaSerializer.Meta.fields, "events"]
        read_only_fields = fields


class SptaIssueSerializer(serializers.Serializer):
    plot = Scoped(selectors.plots_visible_to)
    cutting_date = serializers.DateField()
    quota_kw = serializers.DecimalField(max_digits=10, decimal_places=2)
    truck_plate = serializers.CharField(max_length=20)
    driver_name = serializers.CharField(max_length=100)
    tma_by_mill = serializers.BooleanField(default=False)


class HarvestReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


# --- weighings and rendemen -------------------------------------------------------------------


class WeighingSerializer(serializers.ModelSerializer):
    spta_number = serializers.CharField(source="spta.number", read_only=True)
    farmer = serializers.IntegerField(source="spta.farmer_id", read_only=True)
    recorded_by = UserNameField()
    delivery_order = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Weighing
        fields = [
            "id",
            "spta",
            "spta_number",
            "farmer",
            "gross_kg",
            "tare_kg",
            "trash_percent",
            "net_kg",
            "cut_at",
            "arrived_at",
            "weighed_at",
            "hours_since_cut",
            "freshness",
            "rejected",
            "rejection_reason",
            "rendemen_analysis",
            "delivery_order",
            "source",
            "recorded_by",
        ]
        read_only_fields = fields


class WeighingCreateSerializer(serializers.Serializer):
    spta = Scoped(reads.sptas_visible_to, required=False)
    spta_number = serializers.CharField(required=False)
    gross_kg = serializers.DecimalField(max_digits=10, decimal_places=1)
    tare_kg = serializers.DecimalField(max_digits=10, decimal_places=1)
    trash_percent = serializers.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    cut_at = serializers.DateTimeField()
    arrived_at = serializers.DateTimeField()
    weighed_at = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if attrs.get("spta") is None:
            number = attrs.pop("spta_number", "")
            spta = reads.sptas_visible_to(_user(self)).filter(number=number).first()
            if spta is None:
                raise serializers.ValidationError(
                    {"spta": [_("No SPTA with this number at your mill.")]}
                )
            attrs["spta"] = spta
        attrs.pop("spta_number", None)
        return attrs


class RendemenHistorySerializer(serializers.Serializer):
    """One version of an analysis (tebu_site.history.Version): as recorded, or as corrected."""

    at = serializers.DateTimeField()
    by = serializers.SerializerMethodField()
    reason = serializers.CharField(allow_null=True)
    rendemen_percent = serializers.DecimalField(
        source="values.rendemen_percent", max_digits=5, decimal_places=2
    )
    method = serializers.CharField(source="values.method")

    def get_by(self, version) -> str:
        return _name(version.by)


class RendemenAnalysisSerializer(serializers.ModelSerializer):
    measured_by = UserNameField()
    weighings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    method = serializers.CharField(
        read_only=True, help_text="readings (computed) or direct (entered with a reason)"
    )

    class Meta:
        model = RendemenAnalysis
        fields = [
            "id",
            "farmer",
            "sample_code",
            "method",
            "brix_reading",
            "temperature_correction",
            "pol_reading",
            "specific_gravity",
            "dilution_factor",
            "extraction_factor",
            "percent_brix",
            "percent_pol",
            "juice_value",
            "rendemen_percent",
            "direct_reason",
            "measured_at",
            "measured_by",
            "weighings",
        ]
        read_only_fields = fields


class RendemenAnalysisDetailSerializer(RendemenAnalysisSerializer):
    history = serializers.SerializerMethodField()

    class Meta(RendemenAnalysisSerializer.Meta):
        fields = [*RendemenAnalysisSerializer.Meta.fields, "history"]
        read_only_fields = fields

    def get_history(self, analysis) -> list[dict]:
        return RendemenHistorySerializer(reads.rendemen_versions(analysis), many=True).data


def reading():
    return serializers.DecimalField(max_digits=9, decimal_places=4, required=False, allow_null=True)


class MeasurementSerializer(serializers.Serializer):
    brix_reading = reading()
    temperature_correction = reading()
    pol_reading = reading()
    specific_gravity = reading()
    dilution_factor = reading()
    extraction_factor = reading()
    rendemen_percent = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    direct_reason = serializers.CharField(required=False, allow_blank=True, default="")

    READINGS = (
        "brix_reading",
        "temperature_correction",
        "pol_reading",
        "specific_gravity",
        "dilution_factor",
        "extraction_factor",
    )

    def service_arguments(self) -> dict:
        data = self.validated_data
        readings = {name: data.get(name) for name in self.READINGS}
        return {
            "readings": readings if any(v is not None for v in readings.values()) else None,
            "rendemen_percent": data.get("rendemen_percent"),
            "direct_reason": data.get("direct_reason", ""),
        }


class RendemenCreateSerializer(MeasurementSerializer):
    weighings = Scoped(reads.weighings_visible_to, many=True)
    sample_code = serializers.CharField(required=False, allow_blank=True, default="")
    measured_at = serializers.DateTimeField(required=False)


class RendemenCorrectSerializer(MeasurementSerializer):
    reason = serializers.CharField()


# --- schemes ----------------------------------------------------------------------------------


class SettlementSchemeSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season = Scoped(selectors.seasons_visible_to)
    created_by = UserNameField()

    class Meta:
        model = SettlementScheme
        fields = [
            "id",
            "mill",
            "season",
            "name",
            "kind",
            "parameters",
            "effective_from",
            "effective_to",
            "price_note",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["kind", "created_at"]


# --- DOs --------------------------------------------------------------------------------------


class DeductionSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        validators=[PlausibleAmountValidator()],
    )


def deduction_lines(**kwargs) -> serializers.ListField:
    # A ListField, not many=True: DRF hands allow_null to a many=True child too, so a list
    # holding a null would reach the service as a line.
    return serializers.ListField(
        child=DeductionSerializer(), required=False, allow_null=True, **kwargs
    )


class DoLineSerializer(serializers.Serializer):
    """A statement line (harvest.models.lines), its figures as a numeric(24, 8) column gave them."""

    position = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    quantity = serializers.DecimalField(24, 8, read_only=True, allow_null=True)
    unit = serializers.CharField(read_only=True)
    rate = serializers.DecimalField(24, 8, read_only=True, allow_null=True)
    amount = serializers.DecimalField(24, 8, read_only=True, allow_null=True)
    amount_unit = serializers.CharField(read_only=True)


class DoAdjustmentSerializer(serializers.ModelSerializer):
    by = UserNameField()

    class Meta:
        model = DoAdjustment
        fields = [
            "id",
            "kind",
            "reason",
            "at",
            "by",
            "before",
            "after",
            "payable_before",
            "payable_after",
        ]


class DoPaymentSerializer(serializers.ModelSerializer):
    delivery_order = Scoped(reads.delivery_orders_visible_to)
    recorded_by = UserNameField()

    class Meta:
        model = DoPayment
        fields = [
            "id",
            "delivery_order",
            "paid_on",
            "amount",
            "method",
            "reference",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"method": {"choices": PaymentMethod.choices}}


class DeliveryOrderSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season_name = serializers.CharField(source="season.name", read_only=True)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True)
    paid_amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    days_waited = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="draft, issued, partly_paid or paid")

    class Meta:
        model = DeliveryOrder
        fields = [
            "id",
            "number",
            "mill",
            "season",
            "season_name",
            "farmer",
            "farmer_name",
            "status",
            "scheme",
            "period_start",
            "period_end",
            "tma_by_mill",
            "harvested_area_ha",
            "delivery_count",
            "cane_kw",
            "rendemen_percent",
            "hablur_kw",
            "farmer_sugar_kw",
            "mill_sugar_kw",
            "auctioned_sugar_kw",
            "natura_kw",
            "natura_consumed_kw",
            "natura_sold_kw",
            "molasses_kg",
            "total_revenue",
            "total_deductions",
            "net",
            "payable",
            "carried_debt",
            "price_shortfall",
            "paid_amount",
            "issued_at",
            "expected_payment_on",
            "paid_at",
            "days_waited",
            "warnings",
        ]
        read_only_fields = fields

    def get_days_waited(self, order) -> int | None:
        return order.days_waited()


class TmaTrancheUseSerializer(serializers.Serializer):
    tranche = serializers.CharField(help_text="The loan's tranche paid to the mill, named.")
    unused_before = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="What it paid of this DO's cutting and haulage."
    )
    left = serializers.DecimalField(max_digits=16, decimal_places=2)


class TmaAccountSerializer(serializers.Serializer):
    """domain.md 5, "Never charge TMA twice": how the loan's TMA tranche paid this DO's cutting
    and haulage, and what the DO charged above it."""

    cutting_and_haulage = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid_from_loan = TmaTrancheUseSerializer(many=True)
    charged_on_do = serializers.DecimalField(max_digits=16, decimal_places=2)


def tma_account(order: DeliveryOrder) -> dict | None:
    """From the DO's settlement (unrounded there; rounded half-up to the cent here, as the DO's
    totals are). None when no tranche paid any of it."""
    computation = order.computation or {}
    uses = computation.get("tma_uses") or []
    if not uses:
        return None
    charges = Decimal(computation.get("tma_charges") or "0")
    paid = sum((Decimal(use["applied"]) for use in uses), Decimal(0))
    return {
        "cutting_and_haulage": round_half_up(charges, 2),
        "paid_from_loan": [
            {
                "tranche": use["label"],
                "unused_before": round_half_up(Decimal(use["available"]), 2),
                "paid": round_half_up(Decimal(use["applied"]), 2),
                "left": round_half_up(Decimal(use["left"]), 2),
            }
            for use in uses
        ],
        "charged_on_do": round_half_up(charges - paid, 2),
    }


class DeliveryOrderDetailSerializer(DeliveryOrderSerializer):
    inputs = serializers.JSONField(read_only=True)
    lines = DoLineSerializer(many=True, read_only=True)
    tma_account = serializers.SerializerMethodField()
    adjustments = DoAdjustmentSerializer(many=True, read_only=True)
    payments = DoPaymentSerializer(many=True, read_only=True)
    weighings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(DeliveryOrderSerializer.Meta):
        fields = [
            *DeliveryOrderSerializer.Meta.fields,
            "inputs",
            "lines",
            "tma_account",
            "weighings",
            "adjustments",
            "payments",
        ]
        read_only_fields = fields

    @extend_schema_field(TmaAccountSerializer(allow_null=True))
    def get_tma_account(self, order) -> dict | None:
        account = tma_account(order)
        return None if account is None else TmaAccountSerializer(account).data


class StreamCorrectionSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        validators=[PlausibleAmountValidator()],
    )
    reason = serializers.CharField(max_length=500)


class DoInputsSerializer(serializers.Serializer):
    natura_consumed_kw = serializers.DecimalField(
        max_digits=10, decimal_places=3, min_value=Decimal(0), required=False, allow_null=True
    )
    credit_deductions = deduction_lines(
        help_text="Credit instalments (label, amount): the hook for the credit module."
    )
    other_deductions = deduction_lines()
    stream_values = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=16,
            decimal_places=2,
            min_value=Decimal(0),
            validators=[PlausibleAmountValidator()],
        ),
        required=False,
        allow_null=True,
    )
    stream_corrections = serializers.DictField(
        child=StreamCorrectionSerializer(),
        required=False,
        allow_null=True,
        help_text="A stream fed from weighings or sales, corrected by hand: amount and reason.",
    )

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        for name in ("credit_deductions", "other_deductions"):
            if data.get(name) is not None:
                data[name] = [(entry["label"], entry["amount"]) for entry in data[name]]
        return data


class DoSettleSerializer(DoInputsSerializer):
    farmer = Scoped(selectors.farmers_visible_to)
    season = Scoped(selectors.seasons_visible_to)
    weighings = Scoped(reads.weighings_visible_to, many=True)


class DoAdjustSerializer(DoInputsSerializer):
    reason = serializers.CharField()
