"""Tranche-plan reads (domain.md 4: a loan's tranche plan must add up to its approved amount
whatever the crop class; approved money left unscheduled is an error to show, never silence).

``tranche_plan_for`` is what approving an amount would plan from the product's template;
``unplanned_amount`` and ``short_tranche_plans`` are what an existing loan's planned tranches
leave unscheduled. Kept apart from credit.selectors (the ledger and the pipeline) because plans
are their own sub-domain, read by approval, the loan page, the admin and a management command.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from credit import calculations as calc
from credit.models import (
    OPEN_LOAN_STATUSES,
    ApplicationStatus,
    CreditApplication,
    CreditProduct,
    TrancheTemplate,
)
from partners.models import CropClass

ZERO = Decimal(0)
LOAN_STATUSES = (*OPEN_LOAN_STATUSES, ApplicationStatus.REPAID)


def rates_of(product: CreditProduct) -> dict[str, Decimal | None]:
    """Ceiling per ha for every crop class (None: the product does not finance it)."""
    return {crop_class: product.rate_for(crop_class) for crop_class in CropClass.values}


def template_lines(lines) -> list[calc.TrancheLine]:
    return [
        calc.TrancheLine(order=order, crop_class=line.crop_class, amount_per_ha=line.amount_per_ha)
        for order, line in enumerate(lines, start=1)
    ]


def tranche_plan_for(
    application: CreditApplication, approved: Decimal
) -> tuple[list[TrancheTemplate], calc.TranchePlan | None]:
    """The template lines and the plan approving ``approved`` would give (from the financed
    plots' areas by crop class); no plan when the product has no template (approval then plans
    one tranche of the whole amount)."""
    template = list(application.product.tranche_templates.order_by("order", "id"))
    if not template:
        return [], None
    areas: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in application.plot_lines.all():
        areas[line.crop_class] += line.area_ha
    plan = calc.tranche_plan(
        template_lines(template), dict(areas), approved, rates_of(application.product)
    )
    return template, plan


def planned_total(application: CreditApplication) -> Decimal:
    """The tranches planned for the loan (uses the prefetched disbursements when present)."""
    return sum((t.planned_amount for t in application.disbursements.all()), ZERO)


def unplanned_amount(application: CreditApplication) -> Decimal:
    """Approved money no tranche pays out (0 when the plan adds up, or before approval)."""
    if application.approved_amount is None:
        return ZERO
    return max(application.approved_amount - planned_total(application), ZERO)


@dataclass(frozen=True)
class ShortPlan:
    application: CreditApplication
    approved: Decimal
    planned: Decimal

    @property
    def missing(self) -> Decimal:
        return self.approved - self.planned


def short_tranche_plans(mill=None) -> list[ShortPlan]:
    """Every loan (approved, being paid out, active, in default or repaid) whose planned
    tranches add up to less than its approved amount, oldest approval first. For the management
    command (no user: it reads every mill, or one)."""
    loans: QuerySet[CreditApplication] = CreditApplication.objects.filter(
        status__in=LOAN_STATUSES, approved_amount__isnull=False
    )
    if mill is not None:
        loans = loans.filter(product__mill=mill)
    money = DecimalField(max_digits=16, decimal_places=2)
    loans = (
        loans.annotate(
            planned=Coalesce(Sum("disbursements__planned_amount"), Value(ZERO, output_field=money))
        )
        .select_related("farmer", "product__mill", "season")
        .order_by("approved_on", "id")
    )
    return [
        ShortPlan(application=loan, approved=loan.approved_amount, planned=loan.planned)
        for loan in loans
        if calc.money(loan.approved_amount - loan.planned) > 0
    ]
