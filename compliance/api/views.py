"""Compliance API under /api/compliance/: events (list, detail, create), the status steps
(confirm, sanction, dismiss, close) and answers. Every queryset goes through
compliance.selectors (scope_for); every write calls compliance.services, which checks the role."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from compliance import selectors, services
from compliance.api.serializers import (
    EventAnswerCreateSerializer,
    EventAnswerSerializer,
    EventCreateSerializer,
    EventDetailSerializer,
    EventSanctionSerializer,
    EventSerializer,
    EventStepSerializer,
)
from compliance.models import EventType
from credit.models import CreditApplication
from harvest.models import DeliveryOrder, RendemenAnalysis, Spta, Weighing
from partners.models import Farmer, Plot, Season
from tebu_site.access import scope_for

LINKS = {
    "farmer": Farmer,
    "plot": Plot,
    "spta": Spta,
    "weighing": Weighing,
    "delivery_order": DeliveryOrder,
    "rendemen_analysis": RendemenAnalysis,
    "credit_application": CreditApplication,
}


def _visible(user, model, pk, field: str):
    if pk is None:
        return None
    record = scope_for(user, model.objects.all()).filter(pk=pk).first()
    if record is None:
        raise ValidationError({field: ["Not found."]})
    return record


@extend_schema_view(
    list=extend_schema(summary="Compliance events the caller may see"),
    retrieve=extend_schema(summary="One event with its answers, status log and evidence files"),
    create=extend_schema(
        summary="Record a compliance event",
        request=EventCreateSerializer,
        responses=EventDetailSerializer,
    ),
)
class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EventSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = [
        "party",
        "status",
        "season",
        "region",
        "farmer",
        "event_type",
        "credit_application",
        "delivery_order",
    ]
    ordering_fields = ["raised_at", "occurred_on"]

    def get_queryset(self):
        events = selectors.events_visible_to(self.request.user).order_by("-raised_at", "-id")
        if self.action != "list":
            events = events.prefetch_related(
                "answers__author", "status_changes__by", "evidence_files"
            )
        return events

    def get_serializer_class(self):
        if self.action == "create":
            return EventCreateSerializer
        if self.action == "list":
            return EventSerializer
        return EventDetailSerializer

    def handle_exception(self, exc):
        # A service's Django ValidationError becomes the project's API error shape.
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(detail=as_serializer_error(exc))
        return super().handle_exception(exc)

    def _answer(self, event, code=status.HTTP_200_OK):
        event = self.get_queryset().get(pk=event.pk)
        return Response(EventDetailSerializer(event, context={"request": self.request}).data, code)

    def create(self, request, *args, **kwargs):
        data = EventCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        event_type = _visible(user, EventType, values["event_type"], "event_type")
        season = _visible(user, Season, values["season"], "season")
        links = {name: _visible(user, model, values[name], name) for name, model in LINKS.items()}
        event = services.create_event(
            by=user,
            mill=event_type.mill,
            event_type=event_type,
            season=season,
            summary=values["summary"],
            evidence=values["evidence"],
            occurred_on=values["occurred_on"],
            **links,
        )
        return self._answer(event, status.HTTP_201_CREATED)

    def _step(self, request, step: str, serializer_class=EventStepSerializer):
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.change_status(
            event=self.get_object(), by=request.user, step=step, **data.validated_data
        )
        return self._answer(event)

    @extend_schema(request=EventStepSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._step(request, "confirm")

    @extend_schema(request=EventSanctionSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def sanction(self, request, pk=None):
        return self._step(request, "sanction", EventSanctionSerializer)

    @extend_schema(request=EventStepSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._step(request, "dismiss")

    @extend_schema(request=EventStepSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, "close")

    @extend_schema(request=EventAnswerCreateSerializer, responses=EventAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        data = EventAnswerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.answer_event(
            event=self.get_object(), by=request.user, text=data.validated_data["text"]
        )
        return Response(EventAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)
