"""Harvest-to-payment API: SPTAs, weighings, rendemen analyses, settlement schemes, DOs and
payments. Every queryset goes through harvest.selectors (scope_for); every write calls
harvest.services, which check the caller's role."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from harvest import selectors as reads
from harvest.api.serializers import (
    DeliveryOrderDetailSerializer,
    DeliveryOrderSerializer,
    DoAdjustmentSerializer,
    DoAdjustSerializer,
    DoInputsSerializer,
    DoPaymentSerializer,
    DoSettleSerializer,
    HarvestReasonSerializer,
    RendemenAnalysisDetailSerializer,
    RendemenAnalysisSerializer,
    RendemenCorrectSerializer,
    RendemenCreateSerializer,
    SettlementSchemeSerializer,
    SptaDetailSerializer,
    SptaIssueSerializer,
    SptaSerializer,
    WeighingCreateSerializer,
    WeighingSerializer,
)
from harvest.filters import DeliveryOrderFilter, SptaFilter
from harvest.models import AdjustmentKind
from harvest.services.delivery_orders import adjust_do, issue_do, record_payment
from harvest.services.rendemen import correct_rendemen, record_rendemen
from harvest.services.schemes import create_scheme
from harvest.services.settlement import settle_do, update_draft
from harvest.services.spta import cancel_spta, issue_spta
from harvest.services.weighbridge import record_weighing, reject_load
from tebu_site.pagination import NoCountPagination


class HarvestPermission(permissions.IsAuthenticated):
    """Anyone logged in reads what scope_for lets them see; only mill staff write (each service
    then checks the role for its own step)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_mill_staff


class HarvestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Read, create, and named actions; nothing is edited in place or deleted through the API."""

    permission_classes = [HarvestPermission]
    # A mill's DOs, weighings and payments run to tens of thousands a season: no count per page.
    pagination_class = NoCountPagination
    http_method_names = ["get", "post", "head", "options"]
    input_serializer_class = None
    detail_serializer_class = None

    def handle_exception(self, exc):
        # A service's Django ValidationError becomes the project's API error shape.
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(detail=as_serializer_error(exc))
        return super().handle_exception(exc)

    def get_serializer_class(self):
        if self.action == "create" and self.input_serializer_class is not None:
            return self.input_serializer_class
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def _input(self, serializer_class, request):
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer

    def _answer(self, instance, status_code=status.HTTP_200_OK, serializer_class=None):
        serializer_class = serializer_class or self.detail_serializer_class or self.serializer_class
        instance = self.get_queryset().get(pk=instance.pk)
        data = serializer_class(instance, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self._input(self.get_serializer_class(), request)
        return self._answer(self.perform_service(serializer), status.HTTP_201_CREATED)

    def perform_service(self, serializer):  # pragma: no cover - each viewset defines it
        raise NotImplementedError


@extend_schema_view(
    list=extend_schema(summary="SPTAs (cut-and-haul orders) the caller may see"),
    create=extend_schema(
        summary="Issue an SPTA", request=SptaIssueSerializer, responses=SptaDetailSerializer
    ),
)
class SptaViewSet(HarvestViewSet):
    serializer_class = SptaSerializer
    detail_serializer_class = SptaDetailSerializer
    input_serializer_class = SptaIssueSerializer
    filterset_class = SptaFilter
    ordering_fields = ["cutting_date", "number"]

    def get_queryset(self):
        sptas = reads.sptas_visible_to(self.request.user).order_by("-cutting_date", "-id")
        return sptas if self.action == "list" else sptas.prefetch_related("events__by")

    def perform_service(self, serializer):
        return issue_spta(by=self.request.user, **serializer.validated_data)

    @extend_schema(request=HarvestReasonSerializer, responses=SptaDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = self._input(HarvestReasonSerializer, request).validated_data
        spta = cancel_spta(spta=self.get_object(), by=request.user, reason=data["reason"])
        return self._answer(spta)


@extend_schema_view(
    list=extend_schema(summary="Weighings the caller may see"),
    create=extend_schema(
        summary="Weigh a load against its SPTA (by id or number)",
        request=WeighingCreateSerializer,
        responses=WeighingSerializer,
    ),
)
class WeighingViewSet(HarvestViewSet):
    serializer_class = WeighingSerializer
    input_serializer_class = WeighingCreateSerializer
    ordering_fields = ["weighed_at"]

    def get_queryset(self):
        return reads.weighings_visible_to(self.request.user).order_by("-weighed_at", "-id")

    def perform_service(self, serializer):
        return record_weighing(by=self.request.user, **serializer.validated_data)

    @extend_schema(request=HarvestReasonSerializer, responses=WeighingSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = self._input(HarvestReasonSerializer, request).validated_data
        weighing = reject_load(weighing=self.get_object(), by=request.user, reason=data["reason"])
        return self._answer(weighing)


@extend_schema_view(
    list=extend_schema(summary="Rendemen analyses the caller may see"),
    create=extend_schema(
        summary="Record a rendemen from the readings, or directly with a reason",
        request=RendemenCreateSerializer,
        responses=RendemenAnalysisDetailSerializer,
    ),
)
class RendemenAnalysisViewSet(HarvestViewSet):
    serializer_class = RendemenAnalysisSerializer
    detail_serializer_class = RendemenAnalysisDetailSerializer
    input_serializer_class = RendemenCreateSerializer
    ordering_fields = ["measured_at", "rendemen_percent"]

    def get_queryset(self):
        return (
            reads.analyses_visible_to(self.request.user)
            .prefetch_related("weighings")
            .order_by("-measured_at", "-id")
        )

    def perform_service(self, serializer):
        data = serializer.validated_data
        return record_rendemen(
            by=self.request.user,
            weighings=data["weighings"],
            measured_at=data.get("measured_at"),
            sample_code=data.get("sample_code", ""),
            **serializer.service_arguments(),
        )

    @extend_schema(request=RendemenCorrectSerializer, responses=RendemenAnalysisDetailSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct the rendemen; the history keeps who, when, why and the values before."""
        serializer = self._input(RendemenCorrectSerializer, request)
        analysis = correct_rendemen(
            analysis=self.get_object(),
            by=request.user,
            reason=serializer.validated_data["reason"],
            **serializer.service_arguments(),
        )
        return self._answer(analysis)


@extend_schema_view(
    list=extend_schema(summary="Settlement schemes the caller may see"),
    create=extend_schema(summary="Add a settlement scheme for a mill and season"),
)
class SettlementSchemeViewSet(HarvestViewSet):
    serializer_class = SettlementSchemeSerializer
    ordering_fields = ["effective_from"]

    def get_queryset(self):
        return reads.schemes_visible_to(self.request.user).order_by(
            "mill__name", "-season__name", "-effective_from"
        )

    def perform_service(self, serializer):
        data = dict(serializer.validated_data)
        season = data.pop("season")
        return create_scheme(by=self.request.user, mill=season.mill, season=season, **data)


@extend_schema_view(
    list=extend_schema(summary="DOs the caller may see (a farmer: their issued DOs)"),
    create=extend_schema(
        summary="Settle a draft DO from deliveries",
        request=DoSettleSerializer,
        responses=DeliveryOrderDetailSerializer,
    ),
)
class DeliveryOrderViewSet(HarvestViewSet):
    serializer_class = DeliveryOrderSerializer
    detail_serializer_class = DeliveryOrderDetailSerializer
    input_serializer_class = DoSettleSerializer
    filterset_class = DeliveryOrderFilter
    ordering_fields = ["period_end", "issued_at", "payable"]

    def get_queryset(self):
        orders = reads.do_register(self.request.user)
        if self.action != "list":
            # One DO whole: its inputs, computation and lines are what the detail shows.
            orders = orders.defer(None).prefetch_related(
                "weighings", "adjustments__by", "payments__recorded_by"
            )
        return orders

    def perform_service(self, serializer):
        data = serializer.service_arguments()
        return settle_do(
            by=self.request.user,
            farmer=data.pop("farmer"),
            season=data.pop("season"),
            weighings=data.pop("weighings"),
            **{k: v for k, v in data.items() if v is not None},
        )

    @extend_schema(request=DoInputsSerializer, responses=DeliveryOrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        """Change a draft's natura kept and deductions, and settle it again."""
        serializer = self._input(DoInputsSerializer, request)
        order = update_draft(
            do=self.get_object(), by=request.user, **serializer.service_arguments()
        )
        return self._answer(order)

    @extend_schema(request=None, responses=DeliveryOrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        order = issue_do(do=self.get_object(), by=request.user)
        return self._answer(order)

    @extend_schema(request=DoAdjustSerializer, responses={201: DoAdjustmentSerializer})
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        """Change an issued DO through an audited adjustment."""
        serializer = self._input(DoAdjustSerializer, request)
        arguments = serializer.service_arguments()
        adjustment = adjust_do(
            do=self.get_object(),
            by=request.user,
            reason=arguments.pop("reason"),
            kind=AdjustmentKind.DEDUCTIONS,
            **arguments,
        )
        return Response(
            DoAdjustmentSerializer(adjustment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary="DO payments the caller may see"),
    create=extend_schema(summary="Record a payment (instalment) of an issued DO"),
)
class DoPaymentViewSet(HarvestViewSet):
    serializer_class = DoPaymentSerializer
    ordering_fields = ["paid_on"]

    def get_queryset(self):
        return reads.payments_visible_to(self.request.user).order_by("paid_on", "id")

    def perform_service(self, serializer):
        data = dict(serializer.validated_data)
        return record_payment(do=data.pop("delivery_order"), by=self.request.user, **data)
