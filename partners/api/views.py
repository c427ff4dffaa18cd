"""Registry API: farmers, plots, contracts and documents, scoped like the pages, with the
registration workflow as actions. Every write calls partners.services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from partners import selectors
from partners.api.serializers import (
    ContractSerializer,
    DocumentSerializer,
    FarmerSerializer,
    LoginSerializer,
    NoteSerializer,
    PlotDetailSerializer,
    PlotSerializer,
    ReasonSerializer,
    ReleaseSerializer,
    RenewSerializer,
    SignSerializer,
    SurveySerializer,
)
from partners.filters import ContractFilter, DocumentFilter, FarmerFilter, PlotFilter
from partners.models import Season
from partners.selectors_approvals import plots_waiting_on
from partners.services import contracts as contract_services
from partners.services import documents as document_services
from partners.services import farmers as farmer_services
from partners.services import plots as plot_services
from partners.services import registration as workflow
from tebu_site.files import private_file_response


class RegistryPermission(permissions.IsAuthenticated):
    """Anyone logged in reads what scope_for lets them see; only mill staff write (each service
    then checks the role for its own step)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_mill_staff


class ServiceErrorsMixin:
    """A service's Django ValidationError becomes a DRF one: the project's error shape; a
    service's refusal (PermissionDenied) keeps its reason (e.g. separation of duties)."""

    permission_classes = [RegistryPermission]

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(detail=as_serializer_error(exc))
        elif isinstance(exc, DjangoPermissionDenied) and str(exc):
            exc = PermissionDenied(detail=str(exc))
        return super().handle_exception(exc)


class WriteViewSet(
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema_view(
    list=extend_schema(summary="Farmers the caller may see"),
    create=extend_schema(summary="Register a farmer"),
    partial_update=extend_schema(summary="Change a farmer's facts"),
)
class FarmerViewSet(WriteViewSet):
    """Farmers the caller may see (own record for a farmer; region or mill for staff)."""

    serializer_class = FarmerSerializer
    search_fields = ["name", "nik"]
    ordering_fields = ["name", "nik", "created_at"]

    filterset_class = FarmerFilter

    def get_queryset(self):
        return selectors.farmer_list(self.request.user).order_by("name", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        region = data.pop("region")
        serializer.instance = farmer_services.register_farmer(
            by=self.request.user, mill=region.mill, region=region, **data
        )

    def perform_update(self, serializer):
        changes = {
            k: v
            for k, v in serializer.validated_data.items()
            if k in farmer_services.EDITABLE_FIELDS
        }
        farmer_services.update_farmer(
            farmer=serializer.instance, by=self.request.user, changes=changes
        )

    @extend_schema(request=None, responses=LoginSerializer, summary="Create or reset the login")
    @action(detail=True, methods=["post"])
    def login(self, request, pk=None):
        """Create the farmer's login (or a new first password). The password is in this answer
        only; the farmer must change it at the first login."""
        user, password = farmer_services.create_farmer_login(
            farmer=self.get_object(), by=request.user
        )
        return Response({"username": user.username, "first_password": password})


@extend_schema_view(
    list=extend_schema(summary="Plots the caller may see"),
    create=extend_schema(summary="Register a plot (status submitted)"),
    partial_update=extend_schema(summary="Change a plot's facts (not geometry or status)"),
)
class PlotViewSet(WriteViewSet):
    search_fields = ["code", "farmer__name"]
    ordering_fields = ["code", "area_ha", "registration_status"]

    filterset_class = PlotFilter

    def get_serializer_class(self):
        return PlotSerializer if self.action in {"list", "create"} else PlotDetailSerializer

    def get_queryset(self):
        plots = selectors.plots_visible_to(self.request.user).order_by("code", "id")
        if self.action != "list":
            plots = plots.prefetch_related("registration_steps__by", "overlaps__other_plot__mill")
        return plots

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("is_active", None)
        serializer.instance = plot_services.add_plot(by=self.request.user, **data)

    def perform_update(self, serializer):
        changes = {
            k: v for k, v in serializer.validated_data.items() if k in plot_services.EDITABLE_FIELDS
        }
        plot_services.update_plot(plot=serializer.instance, by=self.request.user, changes=changes)

    def _done(self, plot):
        plot = self.get_queryset().get(pk=plot.pk)
        return Response(PlotDetailSerializer(plot, context=self.get_serializer_context()).data)

    def _note(self, request) -> str:
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["note"]

    @extend_schema(request=SurveySerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"])
    def survey(self, request, pk=None):
        """Upload the GPS-measured polygon (→ surveyed)."""
        plot = self.get_object()
        serializer = SurveySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.record_survey(plot=plot, by=request.user, **serializer.validated_data)
        return self._done(plot)

    @extend_schema(request=None, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"], url_path="check-overlap")
    def check_overlap(self, request, pk=None):
        """Check overlaps with every active plot of any mill (→ overlap checked)."""
        plot = self.get_object()
        workflow.check_overlaps(plot=plot, by=request.user)
        return self._done(plot)

    @extend_schema(request=NoteSerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"])
    def validate(self, request, pk=None):
        """The KKW validates the data (→ validated)."""
        plot = self.get_object()
        workflow.validate_plot(plot=plot, by=request.user, note=self._note(request))
        return self._done(plot)

    @extend_schema(request=NoteSerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Take the step the plot waits on in its mill's approval chain (the last one → approved).
        403 for whoever drew the plot, took a step already or does not hold the step; blocked by
        an overlap without a release."""
        plot = self.get_object()
        workflow.approve_plot(plot=plot, by=request.user, note=self._note(request))
        return self._done(plot)

    @extend_schema(request=ReasonSerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """The holder of the waiting step sends the drawing back with a reason (→ surveyed)."""
        plot = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.send_back_plot(
            plot=plot, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._done(plot)

    @extend_schema(
        summary="Validated plots whose waiting approval step the caller may take",
        responses=PlotDetailSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="waiting-on-me")
    def waiting_on_me(self, request):
        plots = [plot for plot, _state in plots_waiting_on(request.user)]
        page = self.paginate_queryset(plots)
        serializer = PlotDetailSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=ReasonSerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        plot = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.reject_plot(plot=plot, by=request.user, reason=serializer.validated_data["reason"])
        return self._done(plot)

    @extend_schema(request=NoteSerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        plot = self.get_object()
        workflow.reopen_plot(plot=plot, by=request.user, note=self._note(request))
        return self._done(plot)

    @extend_schema(request=ReleaseSerializer, responses=PlotDetailSerializer)
    @action(detail=True, methods=["post"], url_path="release-overlap")
    def release_overlap(self, request, pk=None):
        """Record that the other mill or farmer released an overlap."""
        plot = self.get_object()
        serializer = ReleaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        overlap = get_object_or_404(plot.overlaps, pk=serializer.validated_data["overlap"])
        workflow.release_overlap(
            overlap=overlap, by=request.user, note=serializer.validated_data["note"]
        )
        return self._done(plot)


@extend_schema_view(
    list=extend_schema(summary="Season contracts the caller may see"),
    create=extend_schema(summary="Draft a season contract"),
    partial_update=extend_schema(summary="Change a draft contract"),
)
class ContractViewSet(WriteViewSet):
    serializer_class = ContractSerializer
    ordering_fields = ["number", "signed_on"]

    filterset_class = ContractFilter

    def get_queryset(self):
        return selectors.contracts_visible_to(self.request.user).order_by("-season__name", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = contract_services.create_contract(
            by=self.request.user,
            farmer=data["farmer"],
            season=data["season"],
            plots=data["plots"],
            partner_type=data["partner_type"],
            partnership_pattern=data.get("partnership_pattern"),
            clauses=data.get("clauses"),
            notes=data.get("notes", ""),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        plots = data.pop("plots", None)
        contract_services.update_contract(
            contract=serializer.instance, by=self.request.user, changes=data, plots=plots
        )

    def _done(self, contract):
        contract = self.get_queryset().get(pk=contract.pk)
        return Response(ContractSerializer(contract, context=self.get_serializer_context()).data)

    @extend_schema(request=SignSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Record the farmer's signature; the plots become contracted."""
        contract = self.get_object()
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract_services.sign_contract(
            contract=contract, by=request.user, signed_on=serializer.validated_data["signed_on"]
        )
        return self._done(contract)

    @extend_schema(request=RenewSerializer, responses={201: ContractSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Draft next season's contract as a copy of this one."""
        contract = self.get_object()
        serializer = RenewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        season = None
        if serializer.validated_data.get("season"):
            season = get_object_or_404(
                Season.objects.filter(mill=contract.mill), pk=serializer.validated_data["season"]
            )
        renewal = contract_services.renew_contract(
            contract=contract, by=request.user, season=season
        )
        data = ContractSerializer(
            self.get_queryset().get(pk=renewal.pk), context=self.get_serializer_context()
        ).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        contract = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contract_services.cancel_contract(
            contract=contract, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._done(contract)


@extend_schema_view(
    list=extend_schema(summary="Documents the caller may see"),
    create=extend_schema(summary="Upload a document (multipart)"),
)
class DocumentViewSet(
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DocumentSerializer

    filterset_class = DocumentFilter

    def get_queryset(self):
        return selectors.documents_visible_to(self.request.user).order_by("-created_at", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = document_services.upload_document(
            by=self.request.user,
            farmer=data["farmer"],
            plot=data.get("plot"),
            doc_type=data["doc_type"],
            file=data["file"],
            note=data.get("note", ""),
        )

    @extend_schema(request=None, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        document = document_services.verify_document(document=self.get_object(), by=request.user)
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself, only for users who may see the farmer."""
        document = self.get_object()
        return private_file_response(
            document.file, filename=document.original_name, content_type=document.content_type
        )
