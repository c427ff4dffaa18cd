"""Credit API: products, applications (with the workflow as actions), their documents,
disbursements, repayments and the farmer's ledger. Every queryset goes through credit.selectors
(scope_for); every write calls credit.services, which check the caller's role."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from credit import selectors
from credit.api.limits import limit_data, quota_data
from credit.api.serializers import (
    ApplicationDocumentSerializer,
    CreditApplicationDetailSerializer,
    CreditApplicationSerializer,
    CreditApproveSerializer,
    CreditInterviewSerializer,
    CreditNoteSerializer,
    CreditPlotVisitSerializer,
    CreditProductSerializer,
    CreditReasonSerializer,
    CreditUploadSerializer,
    DisbursementSerializer,
    RepaymentSerializer,
    TranchePaidSerializer,
    WindowExceptionSerializer,
)
from credit.selectors_approvals import applications_waiting_on
from credit.services import applications as application_services
from credit.services import approvals, workflow
from credit.services import disbursements as disbursement_services
from credit.services import documents as document_services
from credit.services import products as product_services
from credit.services import repayments as repayment_services
from credit.services import windows as window_services
from credit.services.applications import Collateral, PlotLine, RdkkItem
from partners.api.views import RegistryPermission, ServiceErrorsMixin
from tebu_site.files import private_file_response


class CreditViewSet(ServiceErrorsMixin, viewsets.GenericViewSet):
    """Anyone logged in reads what scope_for lets them see; only mill staff write (each service
    checks the role for its own step). A service's ValidationError is the API's error shape."""

    permission_classes = [RegistryPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _input(self, serializer_class, request):
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="Credit products the caller may see (staff of the mill)"),
    create=extend_schema(summary="Create a credit product (managers)"),
    partial_update=extend_schema(summary="Change a product's terms (managers; audited)"),
)
class CreditProductViewSet(
    CreditViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    serializer_class = CreditProductSerializer
    filterset_fields = ["season", "kind", "is_active"]

    def get_queryset(self):
        return selectors.products_visible_to(self.request.user).order_by("-season__name", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        season = data.pop("season")
        serializer.instance = product_services.create_product(
            by=self.request.user, mill=season.mill, season=season, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("season", None)
        product_services.update_product(
            product=serializer.instance, by=self.request.user, changes=data
        )


def _plot_lines(data) -> list[PlotLine]:
    return [
        PlotLine(
            plot=line["plot"], crop_class=line.get("crop_class", ""), area_ha=line.get("area_ha")
        )
        for line in data
    ]


def _rdkk(data):
    return [RdkkItem(d["item"], d["quantity"], d.get("unit", ""), d["amount"]) for d in data]


def _collateral(data):
    return [
        Collateral(d["kind"], d["owner_name"], d["value"], d.get("description", "")) for d in data
    ]


@extend_schema_view(
    list=extend_schema(summary="Credit applications the caller may see"),
    create=extend_schema(summary="Enter an application (draft); refused above the ceiling"),
    partial_update=extend_schema(summary="Change a draft or submitted application"),
)
class CreditApplicationViewSet(
    CreditViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    filterset_fields = ["status", "season", "product", "farmer"]
    search_fields = ["number", "farmer__name"]
    ordering_fields = ["status_changed_at", "created_at", "requested_amount"]

    def get_serializer_class(self):
        if self.action in ("list", "create", "partial_update"):
            return CreditApplicationSerializer
        return CreditApplicationDetailSerializer

    def get_queryset(self):
        if self.action == "list":
            applications = selectors.applications_visible_to(self.request.user).prefetch_related(
                "plot_lines__plot", "rdkk_lines", "collateral_items"
            )
        else:
            applications = selectors.application_detail_queryset(self.request.user)
        return applications.order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = application_services.create_application(
            by=self.request.user,
            farmer=data["farmer"],
            product=data["product"],
            plots=_plot_lines(data["plot_lines"]),
            requested_amount=data["requested_amount"],
            declares_no_bank_loan=data.get("declares_no_bank_loan", False),
            rdkk_lines=_rdkk(data.get("rdkk_lines", [])),
            collateral=_collateral(data.get("collateral_items", [])),
            notes=data.get("notes", ""),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        application_services.update_application(
            application=serializer.instance,
            by=self.request.user,
            plots=_plot_lines(data["plot_lines"]) if "plot_lines" in data else None,
            requested_amount=data.get("requested_amount"),
            declares_no_bank_loan=data.get("declares_no_bank_loan"),
            rdkk_lines=_rdkk(data["rdkk_lines"]) if "rdkk_lines" in data else None,
            collateral=(
                _collateral(data["collateral_items"]) if "collateral_items" in data else None
            ),
            notes=data.get("notes"),
        )
        serializer.instance.refresh_from_db()

    def _done(self, application):
        application = selectors.application_detail_queryset(self.request.user).get(
            pk=application.pk
        )
        return Response(
            CreditApplicationDetailSerializer(
                application, context=self.get_serializer_context()
            ).data
        )

    def _note(self, request) -> str:
        return self._input(CreditNoteSerializer, request)["note"]

    @extend_schema(request=CreditNoteSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        workflow.submit_application(
            application=application, by=request.user, note=self._note(request)
        )
        return self._done(application)

    @extend_schema(request=CreditNoteSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="documents-complete")
    def documents_complete(self, request, pk=None):
        application = self.get_object()
        workflow.mark_documents_complete(
            application=application, by=request.user, note=self._note(request)
        )
        return self._done(application)

    @extend_schema(request=CreditNoteSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        application = self.get_object()
        workflow.verify_application(
            application=application, by=request.user, note=self._note(request)
        )
        return self._done(application)

    @extend_schema(request=CreditApproveSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Take the step the application waits on in its product's approval chain; the last
        step is the decision and needs the amount. 403 for whoever entered the application,
        took a step already or does not hold the step's role or position."""
        application = self.get_object()
        data = self._input(CreditApproveSerializer, request)
        state = approvals.application_chain_state(application)
        if state.is_last_waiting and data.get("amount") is not None:
            workflow.approve_application(application=application, by=request.user, **data)
        else:
            approvals.approve_step(application=application, by=request.user, note=data["note"])
        return self._done(application)

    @extend_schema(request=CreditReasonSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """The holder of the waiting step sends the application back (→ submitted)."""
        application = self.get_object()
        approvals.send_back(
            application=application,
            by=request.user,
            reason=self._input(CreditReasonSerializer, request)["reason"],
        )
        return self._done(application)

    @extend_schema(
        summary="Verified applications whose waiting approval step the caller may take",
        responses=CreditApplicationDetailSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="waiting-on-me")
    def waiting_on_me(self, request):
        waiting = [application for application, _ in applications_waiting_on(request.user)]
        page = self.paginate_queryset(waiting)
        serializer = CreditApplicationDetailSerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=CreditReasonSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        application = self.get_object()
        workflow.reject_application(
            application=application,
            by=request.user,
            reason=self._input(CreditReasonSerializer, request)["reason"],
        )
        return self._done(application)

    @extend_schema(request=CreditReasonSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def default(self, request, pk=None):
        application = self.get_object()
        workflow.declare_default(
            application=application,
            by=request.user,
            reason=self._input(CreditReasonSerializer, request)["reason"],
        )
        return self._done(application)

    @extend_schema(request=CreditInterviewSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        application = self.get_object()
        application_services.record_interview(
            application=application,
            by=request.user,
            **self._input(CreditInterviewSerializer, request),
        )
        return self._done(application)

    @extend_schema(request=CreditPlotVisitSerializer, responses=CreditApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="plot-visit")
    def plot_visit(self, request, pk=None):
        application = self.get_object()
        application_services.record_plot_visit(
            application=application,
            by=request.user,
            **self._input(CreditPlotVisitSerializer, request),
        )
        return self._done(application)


@extend_schema_view(
    list=extend_schema(summary="Exceptions to products' application windows the caller may see"),
    create=extend_schema(
        summary="Let one application in outside the product's windows, with a reason (managers)"
    ),
)
class WindowExceptionViewSet(
    CreditViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    serializer_class = WindowExceptionSerializer
    filterset_fields = ["product", "farmer", "application"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.window_exceptions_visible_to(self.request.user).order_by(
            "-recorded_at", "-id"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = window_services.record_window_exception(
            by=self.request.user,
            reason=data["reason"],
            application=data.get("application"),
            product=data.get("product"),
            farmer=data.get("farmer"),
        )


@extend_schema_view(list=extend_schema(summary="Checklist documents the caller may see"))
class ApplicationDocumentViewSet(CreditViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = ApplicationDocumentSerializer
    filterset_fields = ["application", "status"]

    def get_queryset(self):
        return selectors.application_documents_visible_to(self.request.user).order_by(
            "application", "order", "id"
        )

    def _done(self, document):
        return Response(
            ApplicationDocumentSerializer(document, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request={"multipart/form-data": CreditUploadSerializer},
        responses=ApplicationDocumentSerializer,
    )
    @action(detail=True, methods=["post"])
    def upload(self, request, pk=None):
        document = document_services.upload_application_document(
            document=self.get_object(),
            by=request.user,
            file=self._input(CreditUploadSerializer, request)["file"],
        )
        return self._done(document)

    @extend_schema(request=None, responses=ApplicationDocumentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        document = document_services.verify_application_document(
            document=self.get_object(), by=request.user
        )
        return self._done(document)

    @extend_schema(request=CreditReasonSerializer, responses=ApplicationDocumentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        document = document_services.reject_application_document(
            document=self.get_object(),
            by=request.user,
            reason=self._input(CreditReasonSerializer, request)["reason"],
        )
        return self._done(document)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself, only for users who may see the application's farmer."""
        document = self.get_object()
        return private_file_response(
            document.file, filename=document.original_name, content_type=document.content_type
        )


@extend_schema_view(list=extend_schema(summary="Tranches the caller may see"))
class DisbursementViewSet(CreditViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = DisbursementSerializer
    filterset_fields = ["application", "payee", "purpose"]

    def get_queryset(self):
        return selectors.disbursements_visible_to(self.request.user).order_by(
            "application", "order", "id"
        )

    @extend_schema(request=TranchePaidSerializer, responses=DisbursementSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        """Record that the tranche was paid (the planned amount unless another is given)."""
        tranche = disbursement_services.record_tranche_paid(
            disbursement=self.get_object(),
            by=request.user,
            **self._input(TranchePaidSerializer, request),
        )
        return Response(DisbursementSerializer(tranche, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(summary="Repayments the caller may see"),
    create=extend_schema(summary="Record a repayment paid directly (not through a DO)"),
)
class RepaymentViewSet(
    CreditViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    serializer_class = RepaymentSerializer
    filterset_fields = ["farmer", "season", "source"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.repayments_visible_to(self.request.user).order_by("-paid_on", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = repayment_services.record_repayment(
            by=self.request.user,
            farmer=data["farmer"],
            season=data["season"],
            paid_on=data["paid_on"],
            amount=data["amount"],
            reference=data.get("reference", ""),
            note=data.get("note", ""),
        )


def _money(value) -> str | None:
    return None if value is None else str(value)


def ledger_data(ledger) -> dict:
    """The ledger as JSON: amounts as strings, interest exact (round it where it is shown)."""
    return {
        "farmer": ledger.farmer.pk,
        "farmer_name": ledger.farmer.name,
        "on": ledger.on.isoformat(),
        "total_outstanding": _money(ledger.total_outstanding),
        "loans": [
            {
                "application": loan.application.pk,
                "number": loan.application.number,
                "product": loan.application.product.name,
                "status": loan.application.status,
                "requested_amount": _money(loan.application.requested_amount),
                "approved_amount": _money(loan.approved_amount),
                "steps": [
                    {"status": s.status, "entered_at": s.entered_at.isoformat(), "days": s.days}
                    for s in loan.steps
                ],
                "documents": [{"name": d.name, "status": d.status} for d in loan.documents],
                "tranches": [
                    {
                        "purpose": t.disbursement.purpose,
                        "payee": t.disbursement.payee,
                        "state": t.state,
                        "planned_on": t.disbursement.planned_on,
                        "planned_amount": _money(t.disbursement.planned_amount),
                        "paid_on": t.disbursement.paid_on,
                        "amount": _money(t.disbursement.amount),
                        "used_on": t.disbursement.used_on,
                        # What each DO used of it for cutting and haulage, and what is left.
                        "uses": [
                            {
                                "delivery_order": u.delivery_order.number,
                                "used_on": u.use.used_on,
                                "cutting_and_haulage": _money(u.charges),
                                "paid_from_tranche": _money(u.amount),
                                "charged_on_do": _money(u.charged_on_do),
                            }
                            for u in t.uses
                        ],
                        "left": _money(t.left),
                    }
                    for t in loan.tranches
                ],
                "repayments": [
                    {
                        "paid_on": r.repayment.paid_on,
                        "interest": _money(r.interest),
                        "principal": _money(r.principal),
                        "delivery_order": r.delivery_order.number if r.delivery_order else None,
                    }
                    for r in loan.repayments
                ],
                "disbursed": _money(loan.disbursed),
                "withheld": _money(loan.withheld),
                "interest_to_date": _money(loan.interest_to_date),
                "interest_paid": _money(loan.interest_paid),
                "principal_outstanding": _money(loan.principal_outstanding),
                "outstanding": _money(loan.outstanding),
                "limit": limit_data(loan.limit),
            }
            for loan in ledger.loans
        ],
        "fertiliser_quotas": [quota_data(quota) for quota in ledger.quotas],
        "advances": [
            {
                "kind": a.advance.kind,
                "description": a.advance.description,
                "given_on": a.advance.given_on,
                "value": _money(a.advance.value),
                "recovered": _money(a.recovered),
                "outstanding": _money(a.outstanding),
            }
            for a in ledger.advances
        ],
    }


class LedgerView(APIView):
    """The farmer's credit ledger: a farmer reads their own (no id); staff give a farmer id."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="credit_ledger_own",
        responses={200: OpenApiResponse(description="The ledger")},
    )
    def get(self, request, farmer_id: int | None = None):
        if farmer_id is None:
            farmer = getattr(request.user, "farmer", None)
            if farmer is None:
                raise Http404
        else:
            farmer = get_object_or_404(selectors.farmers_for_credit(request.user), pk=farmer_id)
        ledger = selectors.ledger_for(request.user, farmer)
        if ledger is None:
            raise Http404
        return Response(ledger_data(ledger), status=status.HTTP_200_OK)


class FarmerLedgerView(LedgerView):
    """A farmer's ledger by id, for staff who may see the farmer (404 otherwise)."""

    @extend_schema(
        operation_id="credit_ledger_of_farmer",
        responses={200: OpenApiResponse(description="The ledger")},
    )
    def get(self, request, farmer_id: int | None = None):
        return super().get(request, farmer_id)
