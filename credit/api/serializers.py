"""API representations of credit. Writes go through credit.services (called from the viewsets),
so the API follows the same rules as the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from credit import selectors
from credit.calculations import money
from credit.models import (
    ApplicationDocument,
    ApplicationPlot,
    ApplicationStatus,
    ApplicationWindow,
    CollateralItem,
    CollateralKind,
    CreditApplication,
    CreditProduct,
    Disbursement,
    DocumentStatus,
    RdkkLine,
    Repayment,
    RepaymentAllocation,
    StatusChange,
    TrancheTemplate,
    WindowException,
)
from credit.selectors_plans import unplanned_amount
from partners.api.approvals import ChainSerializer
from partners.api.serializers import ScopedPrimaryKeyRelatedField, inline_choices
from partners.models import CropClass
from partners.selectors import plots_visible_to, seasons_visible_to


class TrancheTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrancheTemplate
        fields = ["order", "purpose", "crop_class", "amount_per_ha", "payee", "when"]


class ApplicationWindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationWindow
        fields = ["opens_on", "closes_on", "paid_from", "paid_until"]


class CreditProductSerializer(serializers.ModelSerializer):
    tranche_templates = TrancheTemplateSerializer(many=True, read_only=True)
    application_windows = ApplicationWindowSerializer(many=True, read_only=True)
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    season_name = serializers.CharField(source="season.name", read_only=True)

    class Meta:
        model = CreditProduct
        exclude = ["created_at", "updated_at"]
        read_only_fields = ["mill"]


class PlotLineSerializer(serializers.ModelSerializer):
    plot = ScopedPrimaryKeyRelatedField(plots_visible_to)
    plot_code = serializers.CharField(source="plot.code", read_only=True)
    crop_class = inline_choices(CropClass.choices, required=False, allow_blank=True)
    area_ha = serializers.DecimalField(max_digits=10, decimal_places=4, required=False)

    class Meta:
        model = ApplicationPlot
        fields = ["plot", "plot_code", "crop_class", "area_ha"]


class RdkkLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RdkkLine
        fields = ["item", "quantity", "unit", "amount"]


class CollateralSerializer(serializers.ModelSerializer):
    kind = inline_choices(CollateralKind.choices)

    class Meta:
        model = CollateralItem
        fields = ["kind", "owner_name", "description", "value"]


class StatusChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", read_only=True)
    from_status = inline_choices(ApplicationStatus.choices, read_only=True)
    to_status = inline_choices(ApplicationStatus.choices, read_only=True)

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "at", "by", "note"]


class ApplicationDocumentSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(read_only=True)
    status = inline_choices(DocumentStatus.choices, read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationDocument
        fields = [
            "id",
            "application",
            "name",
            "order",
            "status",
            "has_file",
            "original_name",
            "uploaded_at",
            "checked_at",
            "rejection_reason",
        ]

    def get_has_file(self, document) -> bool:
        return bool(document.file)


class DisbursementSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "application",
            "order",
            "purpose",
            "payee",
            "planned_on",
            "planned_amount",
            "paid_on",
            "amount",
            "reference",
            "used_on",
            "used_by_delivery_order",
            "used_amount",
            "left",
            "state",
        ]
        read_only_fields = fields

    used_amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="What DOs used of it for cutting and haulage.",
    )
    left = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="Paid to the mill and not yet used by a DO.",
    )

    def get_state(self, tranche) -> str:
        return tranche.state


class CreditApplicationSerializer(serializers.ModelSerializer):
    farmer = ScopedPrimaryKeyRelatedField(selectors.farmers_for_credit)
    product = ScopedPrimaryKeyRelatedField(selectors.products_visible_to)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True)
    status = inline_choices(ApplicationStatus.choices, read_only=True)
    plots = PlotLineSerializer(source="plot_lines", many=True)
    rdkk_lines = RdkkLineSerializer(many=True, required=False)
    collateral = CollateralSerializer(source="collateral_items", many=True, required=False)

    class Meta:
        model = CreditApplication
        fields = [
            "id",
            "number",
            "farmer",
            "farmer_name",
            "season",
            "product",
            "status",
            "status_changed_at",
            "requested_amount",
            "ceiling_amount",
            "approved_amount",
            "approved_on",
            "rejection_reason",
            "declares_no_bank_loan",
            "interview_on",
            "interview_skipped",
            "interview_notes",
            "plot_visit_on",
            "plot_visit_report",
            "notes",
            "plots",
            "rdkk_lines",
            "collateral",
        ]
        read_only_fields = [
            "number",
            "season",
            "status",
            "status_changed_at",
            "ceiling_amount",
            "approved_amount",
            "approved_on",
            "rejection_reason",
            "interview_on",
            "interview_skipped",
            "interview_notes",
            "plot_visit_on",
            "plot_visit_report",
        ]


class CreditApplicationDetailSerializer(CreditApplicationSerializer):
    documents = ApplicationDocumentSerializer(many=True, read_only=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    disbursements = DisbursementSerializer(many=True, read_only=True)
    days_by_step = serializers.SerializerMethodField()
    unplanned_amount = serializers.SerializerMethodField(
        help_text="Approved money no tranche pays out (0 when the plan adds up)."
    )
    approval_chain = serializers.SerializerMethodField()

    class Meta(CreditApplicationSerializer.Meta):
        fields = [
            *CreditApplicationSerializer.Meta.fields,
            "documents",
            "status_changes",
            "disbursements",
            "days_by_step",
            "unplanned_amount",
            "approval_chain",
        ]

    @extend_schema_field(ChainSerializer)
    def get_approval_chain(self, application) -> dict:
        from credit.services.approvals import application_chain_state

        request = self.context.get("request")
        plain = bool(request and request.user.is_farmer)
        state = application_chain_state(application)
        return ChainSerializer(state, context={"plain": plain}).data

    def get_days_by_step(self, application) -> dict[str, int]:
        return selectors.days_by_step(application)

    def get_unplanned_amount(self, application) -> str:
        return str(money(unplanned_amount(application)))


class CreditNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CreditReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CreditApproveSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="The approved amount: required at the chain's last step (the decision).",
    )
    approved_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CreditInterviewSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    skipped = serializers.BooleanField(required=False, default=False)


class CreditPlotVisitSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    report = serializers.CharField()


class CreditUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class TranchePaidSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class AllocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RepaymentAllocation
        fields = ["application", "in_kind_advance", "interest", "principal"]


class RepaymentSerializer(serializers.ModelSerializer):
    farmer = ScopedPrimaryKeyRelatedField(selectors.farmers_for_credit)
    season = ScopedPrimaryKeyRelatedField(seasons_visible_to)
    allocations = AllocationSerializer(many=True, read_only=True)
    delivery_order_number = serializers.CharField(
        source="delivery_order.number", read_only=True, default=None
    )

    class Meta:
        model = Repayment
        fields = [
            "id",
            "farmer",
            "season",
            "paid_on",
            "amount",
            "source",
            "delivery_order",
            "delivery_order_number",
            "reference",
            "note",
            "allocations",
        ]
        read_only_fields = ["source", "delivery_order"]


class WindowExceptionSerializer(serializers.ModelSerializer):
    """An exception to a product's application windows: for an existing draft (``application``)
    or for the farmer's next application to ``product``."""

    product = ScopedPrimaryKeyRelatedField(selectors.products_visible_to, required=False)
    farmer = ScopedPrimaryKeyRelatedField(selectors.farmers_for_credit, required=False)
    application = ScopedPrimaryKeyRelatedField(
        selectors.applications_visible_to, required=False, allow_null=True
    )
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)

    class Meta:
        model = WindowException
        fields = ["id", "product", "farmer", "application", "reason", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_at"]

    def validate(self, attrs):
        if not attrs.get("application") and not (attrs.get("product") and attrs.get("farmer")):
            raise serializers.ValidationError(
                _("Give the application, or the product and the farmer.")
            )
        return attrs
