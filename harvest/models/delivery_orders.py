"""The DO (delivery order) that walks a farmer from cane to rupiah for one period (domain.md 5):
its inputs and outputs, its lines, the payments, and every adjustment made after it was issued.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from harvest.models.lines import DoLine, DoLinesField, pack_lines, unpack_lines
from harvest.models.schemes import SettlementScheme
from partners.models.farmers import Farmer
from partners.models.org import Mill, Season
from tebu_site.access import Scoping
from tebu_site.fields import (
    MoneyField,
    RangedDecimalField,
    RangedPositiveIntegerField,
)
from tebu_site.history import ChangeHistory
from tebu_site.models import TimeStampedModel

# Quintals of cane or sugar on one DO: a farmer's period is thousands of kw at most; ten million
# (a million tonnes, several mills' whole season) is beyond anything real.
KW = {"max_digits": 14, "decimal_places": 3, "minimum": Decimal(0), "maximum": Decimal(10_000_000)}


class DoStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued, waiting for payment")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", pgettext_lazy("DO status: paid in full", "Paid")


# Issued and not fully paid: what lists, summaries and the late-payment count call unpaid.
UNPAID_STATUSES = (DoStatus.ISSUED, DoStatus.PARTLY_PAID)


class DeliveryOrder(TimeStampedModel):
    """DO: one farmer's sugar and money statement for one settlement period.

    Figures are stored rounded half-up at the edge (kw to 3 decimals, Rupiah to 2); ``computation``
    keeps the unrounded figures something reads (settlement.COMPUTATION_KEPT; a DO stored before
    issue 18 keeps them all). Once issued, a DO changes only through a DoAdjustment.
    """

    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    mill = models.ForeignKey(Mill, on_delete=models.PROTECT, related_name="delivery_orders")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="delivery_orders")
    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="delivery_orders")
    number = models.CharField(_("DO number"), max_length=40)
    status = models.CharField(
        _("status"), max_length=12, choices=DoStatus.choices, default=DoStatus.DRAFT
    )
    scheme = models.ForeignKey(
        SettlementScheme,
        on_delete=models.PROTECT,
        related_name="delivery_orders",
        verbose_name=_("settlement scheme"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    tma_by_mill = models.BooleanField(_("cut and hauled by the mill's crews"), default=False)
    inputs = models.JSONField(
        _("settlement inputs"),
        default=dict,
        blank=True,
        help_text=_("Natura kept, credit and other deductions, stream values."),
    )
    harvested_area_ha = RangedDecimalField(
        _("harvested area (ha)"),
        max_digits=12,
        decimal_places=4,
        default=0,
        minimum=Decimal(0),
        maximum=Decimal(100_000),
    )
    delivery_count = RangedPositiveIntegerField(_("deliveries"), default=0, maximum=1_000_000)
    cane_kw = RangedDecimalField(_("cane (kw)"), default=0, **KW)
    rendemen_percent = RangedDecimalField(
        _("rendemen weighted by cane (%)"),
        max_digits=7,
        decimal_places=4,
        default=0,
        minimum=Decimal(0),
        maximum=Decimal(20),
    )
    hablur_kw = RangedDecimalField(_("hablur (kw)"), default=0, **KW)
    farmer_sugar_kw = RangedDecimalField(_("farmer's sugar (kw)"), default=0, **KW)
    mill_sugar_kw = RangedDecimalField(_("mill's sugar (kw)"), default=0, **KW)
    auctioned_sugar_kw = RangedDecimalField(_("auctioned sugar (kw)"), default=0, **KW)
    natura_kw = RangedDecimalField(_("natura (kw)"), default=0, **KW)
    natura_consumed_kw = RangedDecimalField(_("natura kept (kw)"), default=0, **KW)
    natura_sold_kw = RangedDecimalField(_("natura sold (kw)"), default=0, **KW)
    molasses_kg = RangedDecimalField(
        _("molasses (kg)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        minimum=Decimal(0),
        maximum=Decimal(1_000_000_000),
    )
    total_revenue = MoneyField(_("proceeds"), default=0)
    total_deductions = MoneyField(_("deductions"), default=0)
    net = MoneyField(_("net"), default=0, minimum=None)  # negative: the debt carried
    payable = MoneyField(_("payable"), default=0)
    carried_debt = MoneyField(_("debt carried forward"), default=0)
    price_shortfall = MoneyField(_("paid below the contract price"), default=0)
    computation = models.JSONField(_("computation (unrounded)"), default=dict, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # The statement lines, stored once on the DO (harvest.models.lines); read them as ``lines``.
    lines_packed = DoLinesField(_("statement lines"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("settled by"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    expected_payment_on = models.DateField(_("expected payment date"), null=True, blank=True)
    paid_at = models.DateTimeField(_("fully paid at"), null=True, blank=True)
    # A DO past its date: the mill's new promised date, why, and who promised (issue 14.2). The
    # compensation still runs from the contract's date (expected_payment_on).
    promised_payment_on = models.DateField(_("new promised payment date"), null=True, blank=True)
    promise_reason = models.CharField(_("why it is paid later"), max_length=300, blank=True)
    promised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promised by"),
    )
    # Late-payment compensation (issue 16): the rate is the contract's when the DO was issued;
    # the amount is counted to ``late_compensation_as_of`` (daily while unpaid, fixed at the
    # full payment) and paid by the mill apart from the DO (harvest.services.late_payment).
    late_rate_percent = RangedDecimalField(
        _("late payment compensation (% a year)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        minimum=Decimal(0),
        maximum=Decimal(100),
    )
    late_compensation = MoneyField(_("late payment compensation"), default=Decimal(0))
    late_compensation_as_of = models.DateField(_("compensation counted to"), null=True, blank=True)
    late_compensation_paid_on = models.DateField(_("compensation paid on"), null=True, blank=True)
    late_compensation_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compensation paid by"),
    )

    # The season close's DO (issue 16): what the season's final rendemen and prices add to the
    # period DOs paid on provisional figures; its lines explain each DO's difference.
    final_settlement = models.BooleanField(_("final settlement of the season"), default=False)

    # The lines follow from the inputs and the deliveries, which history keeps; an issued DO's
    # change is recorded with its figures before and after (DoAdjustment).
    # History is read by the DO's id, never by these keys: their copies are not indexed (issue
    # 18: nine indexes of a table with a row or three for every DO of the nation).
    history = ChangeHistory(
        excluded_fields=["computation", "lines_packed"],
        no_db_index=[
            "mill", "season", "farmer", "scheme", "created_by", "issued_by", "promised_by",
            "late_compensation_paid_by",
        ],
    )  # fmt: skip

    class Meta:
        verbose_name = _("delivery order (DO)")
        verbose_name_plural = _("delivery orders (DO)")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill", "season", "number"], name="do_number_unique_per_season"
            ),
            # A season is closed once per farmer: running the close again adds nothing.
            models.UniqueConstraint(
                fields=["season", "farmer"],
                condition=models.Q(final_settlement=True),
                name="do_one_final_settlement_per_season",
                violation_error_message=_("This farmer's season already has its final DO."),
            ),
            models.CheckConstraint(
                condition=models.Q(payable__gte=0),
                name="do_payable_ge_0",
                violation_error_message=_("The payable amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(carried_debt__gte=0),
                name="do_carried_debt_ge_0",
                violation_error_message=_("The debt carried forward cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(rendemen_percent__gte=0) & models.Q(rendemen_percent__lte=20),
                name="do_rendemen_between_0_and_20",
                violation_error_message=_("The rendemen must be between 0 and 20 %%."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(issued_at__isnull=False),
                name="do_issued_has_time",
                violation_error_message=_("An issued DO needs the time it was issued."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="do_period_end_after_start",
                violation_error_message=_("The end of the period must not be before its start."),
            ),
        ]
        indexes = [
            models.Index(fields=["farmer", "status"], name="do_farmer_status_idx"),
            models.Index(fields=["mill", "status", "issued_at"], name="do_mill_status_idx"),
            # The register's order, the farmer's list and the overdue page (issue 18).
            models.Index(fields=["mill", "-period_end", "-id"], name="do_mill_register_idx"),
            models.Index(fields=["farmer", "-issued_at", "-id"], name="do_farmer_list_idx"),
            models.Index(
                fields=["mill", "status", "expected_payment_on"], name="do_mill_overdue_idx"
            ),
            # The overdue page's order over a mill's unpaid DOs only (a quarter of a season's
            # DOs): it reads the oldest 26 from the index instead of sorting every unpaid DO.
            models.Index(
                fields=["mill", "issued_at", "id"],
                condition=models.Q(status__in=UNPAID_STATUSES),
                name="do_mill_unpaid_oldest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def lines(self) -> tuple[DoLine, ...]:
        """The statement lines in order, from cane to what is payable."""
        return unpack_lines(self.lines_packed)

    @lines.setter
    def lines(self, lines) -> None:
        self.lines_packed = pack_lines(lines)

    def line(self, code: str) -> DoLine:
        """The one line with ``code`` (LookupError when there is none or more than one)."""
        found = [line for line in self.lines if line.code == code]
        if len(found) != 1:
            raise LookupError(f"{self.number}: {len(found)} lines {code!r}")
        return found[0]

    @property
    def is_draft(self) -> bool:
        return self.status == DoStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status != DoStatus.DRAFT

    def days_waited(self, today=None) -> int | None:
        """Days from issue to full payment, or to today while unpaid (the farmers' grievance)."""
        if self.issued_at is None:
            return None
        issued = timezone.localdate(self.issued_at)
        end = timezone.localdate(self.paid_at) if self.paid_at else (today or timezone.localdate())
        return max((end - issued).days, 0)

    def days_overdue(self, today=None) -> int:
        """Days an unpaid DO is past its expected payment date (0 when not late)."""
        if self.paid_at or not self.expected_payment_on or self.status == DoStatus.DRAFT:
            return 0
        return max(((today or timezone.localdate()) - self.expected_payment_on).days, 0)


class AdjustmentKind(models.TextChoices):
    RENDEMEN_CORRECTION = "rendemen", _("Rendemen corrected")
    WEIGHING_CORRECTION = "weighing", _("Weighing corrected")
    DEDUCTIONS = "deductions", _("Deductions changed")
    NATURA = "natura", _("Natura kept changed")
    OTHER = "other", _("Other correction")


class DoAdjustment(models.Model):
    """An audited change to an issued DO: who, when, why, and the figures before and after."""

    scoping = Scoping(
        mill="delivery_order__mill",
        region="delivery_order__farmer__region",
        farmer="delivery_order__farmer",
    )

    delivery_order = models.ForeignKey(
        DeliveryOrder, on_delete=models.PROTECT, related_name="adjustments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AdjustmentKind.choices)
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    payable_before = MoneyField(_("payable before"))
    payable_after = MoneyField(_("payable after"))

    class Meta:
        verbose_name = _("DO adjustment")
        verbose_name_plural = _("DO adjustments")
        ordering = ["delivery_order", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="do_adjustment_has_reason",
                violation_error_message=_("Give the reason for the adjustment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery_order} {self.get_kind_display()}"

    @property
    def payable_change(self):
        return self.payable_after - self.payable_before


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque")
    OTHER = "other", _("Other")


class DoPayment(TimeStampedModel):
    """One payment (often one of several instalments) of a DO."""

    scoping = Scoping(
        mill="delivery_order__mill",
        region="delivery_order__farmer__region",
        farmer="delivery_order__farmer",
    )

    delivery_order = models.ForeignKey(
        DeliveryOrder, on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = MoneyField(_("amount"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = ChangeHistory(no_db_index=["delivery_order", "recorded_by"])  # read by id

    class Meta:
        verbose_name = _("DO payment")
        verbose_name_plural = _("DO payments")
        ordering = ["delivery_order", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="do_payment_positive",
                violation_error_message=_("A payment must be more than Rp 0."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery_order} {self.paid_on} {self.amount}"
