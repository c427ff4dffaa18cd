"""Money moving: tranches paid out, in-kind advances handed out, and repayments (from a DO or
manual) with how each was split between interest and principal, loan by loan."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from credit.models.applications import FARMER_SCOPING, VIA_APPLICATION, CreditApplication
from credit.models.products import InKindPackageBand, Payee, TranchePurpose
from harvest.models import DeliveryOrder
from partners.models import Farmer, Season
from tebu_site.access import Scoping
from tebu_site.fields import MoneyField, RangedPositiveSmallIntegerField
from tebu_site.models import TimeStampedModel


class Disbursement(TimeStampedModel):
    """One tranche of a loan: planned (date, amount) and, once paid, the actual date and
    reference. A tranche paid to the mill for cutting and haulage is *withheld* from the farmer
    until DOs charge the cutting and haulage: it pays them (its ``uses``) and is *used* when
    nothing of it is left."""

    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.PROTECT, related_name="disbursements"
    )
    order = RangedPositiveSmallIntegerField(_("order"), maximum=1000)
    purpose = models.CharField(_("purpose"), max_length=20, choices=TranchePurpose.choices)
    payee = models.CharField(_("paid to"), max_length=12, choices=Payee.choices)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    planned_amount = MoneyField(_("planned amount"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    amount = MoneyField(_("amount paid"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Set when its uses (TrancheUse) reach its amount: the day and the DO that used the last of it.
    used_on = models.DateField(_("used for cutting and haulage on"), null=True, blank=True)
    used_by_delivery_order = models.ForeignKey(
        DeliveryOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used in DO"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["application", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "order"], name="credit_disbursement_order_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_amount__gt=0),
                name="credit_disbursement_planned_gt_0",
                violation_error_message=_(
                    "The planned amount of a tranche must be more than Rp 0."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True, amount__isnull=True)
                | models.Q(paid_on__isnull=False, amount__gt=0),
                name="credit_disbursement_paid_has_date_and_amount",
                violation_error_message=_(
                    "A paid tranche needs both its amount (more than Rp 0) and the payment date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} #{self.order} {self.get_purpose_display()}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def is_withheld(self) -> bool:
        """Paid to the mill on the farmer's behalf and not yet used for cutting and haulage."""
        return self.is_paid and self.payee == Payee.MILL and self.used_on is None

    @property
    def used_amount(self):
        """What DOs used of it for cutting and haulage (its ``uses``; prefetch them for lists)."""
        return sum((use.amount for use in self.uses.all()), Decimal(0))

    @property
    def left(self):
        """Paid to the mill and not used yet by any DO (0 for a tranche paid to the farmer)."""
        if not self.is_paid or self.payee != Payee.MILL:
            return Decimal(0)
        return self.amount - self.used_amount

    @property
    def state(self) -> str:
        """What the farmer's ledger says of it: planned, paid, or, when paid to the mill for
        cutting and haulage, withheld until DOs charge that work, partly used, then used."""
        if not self.is_paid:
            return "planned"
        if self.payee == Payee.MILL:
            if self.used_on:
                return "used"
            return "partly_used" if self.used_amount > 0 else "withheld"
        return "paid"


class TrancheUse(TimeStampedModel):
    """Part of a tranche paid to the mill that paid one DO's cutting and haulage (domain.md 5,
    "Never charge TMA twice"): the DO charged those fees only above it. A tranche's uses never add
    up to more than it; what they leave is still held by the mill for the farmer. Recorded when
    the DO is issued and kept in step with its adjustments."""

    scoping = Scoping(
        mill="disbursement__application__farmer__mill",
        region="disbursement__application__farmer__region",
        farmer="disbursement__application__farmer",
    )

    disbursement = models.ForeignKey(
        Disbursement, on_delete=models.PROTECT, related_name="uses", verbose_name=_("tranche")
    )
    delivery_order = models.ForeignKey(
        DeliveryOrder,
        on_delete=models.PROTECT,
        related_name="tma_tranche_uses",
        verbose_name=_("DO"),
    )
    amount = MoneyField(_("amount used"))
    used_on = models.DateField(_("used on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("use of a cutting-and-haulage tranche")
        verbose_name_plural = _("uses of cutting-and-haulage tranches")
        ordering = ["disbursement", "used_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["disbursement", "delivery_order"], name="credit_tranche_use_once_per_do"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="credit_tranche_use_gt_0",
                violation_error_message=_("The amount used from a tranche must be more than Rp 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disbursement} → {self.delivery_order}: {self.amount}"


class InKindKind(models.TextChoices):
    PACKAGE = "package", _("Seed and fertiliser package")
    TRACTOR_HIRE = "tractor_hire", _("Tractor hire")
    HAULAGE = "haulage", _("Haulage advance")
    SUBSIDISED_FERTILISER = "fertiliser_quota", _("Subsidised fertiliser (quota)")
    OTHER = "other", _("Other advance")


class InKindAdvance(TimeStampedModel):
    """Something the mill gave a farmer in a season, to be recovered from the harvest proceeds
    (inti-plasma, domain.md 5b). A free package is recorded with value 0."""

    scoping = FARMER_SCOPING

    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="in_kind_advances")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="in_kind_advances")
    kind = models.CharField(_("kind"), max_length=20, choices=InKindKind.choices)
    band = models.ForeignKey(
        InKindPackageBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advances",
        verbose_name=_("package band"),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    items = models.JSONField(
        _("items"),
        default=dict,
        blank=True,
        help_text=_("Quantities handed out, e.g. seed stalks and kg of each fertiliser."),
    )
    value = MoneyField(_("value to recover"))
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("in-kind advance")
        verbose_name_plural = _("in-kind advances")
        ordering = ["farmer", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.farmer}"


class RepaymentSource(models.TextChoices):
    DELIVERY_ORDER = "do", _("Deducted from a DO")
    MANUAL = "manual", _("Paid directly")


class Repayment(TimeStampedModel):
    """Money a farmer paid back, from a DO's proceeds or directly; its allocations say which
    advance or loan it went to, and how much to interest and to principal."""

    scoping = FARMER_SCOPING

    farmer = models.ForeignKey(Farmer, on_delete=models.PROTECT, related_name="credit_repayments")
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="credit_repayments")
    paid_on = models.DateField(_("paid on"))
    amount = MoneyField(_("amount"))
    source = models.CharField(_("source"), max_length=10, choices=RepaymentSource.choices)
    delivery_order = models.ForeignKey(
        DeliveryOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_repayments",
        verbose_name=_("DO"),
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["farmer", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="credit_repayment_gt_0",
                violation_error_message=_("A repayment must be more than Rp 0."),
            ),
            # A DO's credit deductions are posted once, however often the issue signal arrives.
            models.UniqueConstraint(
                fields=["delivery_order"],
                condition=models.Q(delivery_order__isnull=False),
                name="credit_repayment_once_per_do",
            ),
            models.CheckConstraint(
                condition=models.Q(source="manual", delivery_order__isnull=True)
                | models.Q(source="do", delivery_order__isnull=False),
                name="credit_repayment_do_source_has_do",
                violation_error_message=_(
                    "A repayment from a DO names its DO; a manual repayment names none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.farmer} {self.paid_on} {self.amount}"


class RepaymentAllocation(models.Model):
    """The part of a repayment that went to one loan (interest and principal) or to one in-kind
    advance (principal only)."""

    scoping = Scoping(
        mill="repayment__farmer__mill",
        region="repayment__farmer__region",
        farmer="repayment__farmer",
    )

    repayment = models.ForeignKey(Repayment, on_delete=models.CASCADE, related_name="allocations")
    application = models.ForeignKey(
        CreditApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    in_kind_advance = models.ForeignKey(
        InKindAdvance,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    interest = MoneyField(_("to interest"), default=0)
    principal = MoneyField(_("to principal"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repayment allocation")
        verbose_name_plural = _("repayment allocations")
        ordering = ["repayment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, in_kind_advance__isnull=True)
                | models.Q(application__isnull=True, in_kind_advance__isnull=False),
                name="credit_allocation_one_target",
                violation_error_message=_(
                    "A repayment share goes either to a loan or to an in-kind advance, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.repayment}: {self.interest} + {self.principal}"

    @property
    def total(self):
        return self.interest + self.principal
