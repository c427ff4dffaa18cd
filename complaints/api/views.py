"""Complaints and forums API, scoped like the pages (complaints.selectors); every write calls
complaints.services, which checks who may do it."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from complaints import selectors, services
from complaints.api.serializers import (
    ActionItemSerializer,
    ComplaintCreateSerializer,
    ComplaintDetailSerializer,
    ComplaintSerializer,
    ForumSerializer,
    ReopenSerializer,
    TextSerializer,
    TransferSerializer,
)
from partners import selectors as partner_selectors


class ServiceErrors:
    """A service's Django ValidationError becomes the project's API error shape."""

    permission_classes = [permissions.IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(detail=as_serializer_error(exc))
        return super().handle_exception(exc)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="Complaints the caller may see (a farmer: their own)"),
    retrieve=extend_schema(summary="A complaint with its answers, transfers and escalations"),
    create=extend_schema(
        summary="File a complaint (a farmer for themselves, staff for a farmer)",
        request=ComplaintCreateSerializer,
        responses=ComplaintDetailSerializer,
    ),
)
class ComplaintViewSet(
    ServiceErrors,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["status", "category", "level"]
    ordering_fields = ["filed_at", "due_at"]

    def get_queryset(self):
        return selectors.complaints_visible_to(self.request.user).order_by("-filed_at", "-id")

    def get_serializer_class(self):
        if self.action == "list":
            return ComplaintSerializer
        if self.action == "create":
            return ComplaintCreateSerializer
        return ComplaintDetailSerializer

    def create(self, request, *args, **kwargs):
        data = self._input(ComplaintCreateSerializer)
        farmer = data.get("farmer")
        if request.user.is_farmer:
            farmer = partner_selectors.farmers_visible_to(request.user).first()
        if farmer is None:
            raise ValidationError({"farmer": [_("Choose the farmer who complains.")]})
        complaint = services.file_complaint(
            by=request.user,
            farmer=farmer,
            category=data["category"],
            text=data["text"],
            photo=data.get("photo"),
            delivery_order=data.get("delivery_order"),
            spta=data.get("spta"),
        )
        body = ComplaintDetailSerializer(complaint, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _detail(self, complaint):
        complaint = selectors.complaint_for(self.request.user, complaint.pk)
        return Response(
            ComplaintDetailSerializer(complaint, context=self.get_serializer_context()).data
        )

    @extend_schema(request=TextSerializer, responses=ComplaintDetailSerializer, summary="Answer")
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(TextSerializer)
        services.answer_complaint(complaint=complaint, by=request.user, text=data["text"])
        return self._detail(complaint)

    @extend_schema(
        request=TransferSerializer, responses=ComplaintDetailSerializer, summary="Transfer"
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(TransferSerializer)
        services.transfer_complaint(
            complaint=complaint, by=request.user, to=data["to"], note=data["note"]
        )
        return self._detail(complaint)

    @extend_schema(request=TextSerializer, responses=ComplaintDetailSerializer, summary="Resolve")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(TextSerializer)
        services.resolve_complaint(complaint=complaint, by=request.user, text=data["text"])
        return self._detail(complaint)

    @extend_schema(
        request=ReopenSerializer,
        responses=ComplaintDetailSerializer,
        summary="Reopen (the farmer is not satisfied)",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(ReopenSerializer)
        services.reopen_complaint(complaint=complaint, by=request.user, reason=data["reason"])
        return self._detail(complaint)


class StaffWrites(permissions.IsAuthenticated):
    """Farmers read their region's forums; only staff write (the services check the role)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_mill_staff


@extend_schema_view(
    list=extend_schema(summary="Forums (FTK, FTKW) the caller may see"),
    create=extend_schema(summary="Record a forum"),
    partial_update=extend_schema(summary="Change a forum (minutes, attendees...)"),
)
class ForumViewSet(
    ServiceErrors,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [StaffWrites]
    serializer_class = ForumSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["kind", "region"]

    def get_queryset(self):
        user = self.request.user
        return (
            selectors.with_visible_attendees(user, selectors.forums_visible_to(user))
            .prefetch_related("staff_attendees", "action_items__owner")
            .order_by("-held_on", "-id")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        staff = data.pop("staff_attendees", [])
        farmers = data.pop("farmer_attendees", [])
        mill = data.pop("mill")
        serializer.instance = services.create_forum(
            by=self.request.user,
            mill=mill,
            data=data,
            staff_attendees=staff,
            farmer_attendees=farmers,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        mill = data.pop("mill", None)
        if mill is not None and mill.pk != serializer.instance.mill_id:
            raise ValidationError({"mill": [_("A forum cannot move to another mill.")]})
        staff = data.pop("staff_attendees", None)
        farmers = data.pop("farmer_attendees", None)
        forum = services.update_forum(
            forum=serializer.instance,
            by=self.request.user,
            data=data,
            staff_attendees=staff,
            farmer_attendees=farmers,
        )
        # Read back through the scope: the attendees the caller may see, as they are now.
        serializer.instance = self.get_queryset().get(pk=forum.pk)


@extend_schema_view(
    list=extend_schema(summary="Forum action items the caller may see"),
    create=extend_schema(summary="Add an action item to a forum"),
    partial_update=extend_schema(summary="Change an action item or mark it done"),
)
class ActionItemViewSet(
    ServiceErrors,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [StaffWrites]
    serializer_class = ActionItemSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["forum", "done", "owner"]

    def get_queryset(self):
        return selectors.action_items_visible_to(self.request.user).order_by("due_on", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_action_item(
            forum=data["forum"],
            by=self.request.user,
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )

    def perform_update(self, serializer):
        changes = dict(serializer.validated_data)
        if changes.pop("forum", serializer.instance.forum).pk != serializer.instance.forum_id:
            raise PermissionDenied(_("An action item stays with its forum."))
        services.update_action_item(item=serializer.instance, by=self.request.user, changes=changes)
