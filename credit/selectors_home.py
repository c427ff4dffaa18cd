"""The farmer's credit at a glance, for his home card (issue 18).

The same figures as his ledger (``credit.selectors.ledger_for``: outstanding with interest to
today, approved, withheld for cutting and haulage, the step an application waits at), read with
the few queries the card needs. The ledger also loads every document, checklist, plot line,
collateral item and limit panel, which the home page never shows: 12 of its 17 queries were the
ledger's. The figures are checked against the ledger in tests/credit/test_home_card_glance.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Sum, prefetch_related_objects
from django.utils import timezone

from credit import calculations as calc
from credit.models import (
    CLOSED_STATUSES,
    Disbursement,
    RepaymentAllocation,
    StatusChange,
    TrancheUse,
)
from credit.selectors import Step, applications_visible_to, in_kind_advances_visible_to, steps_of
from partners.models import Farmer

ZERO = Decimal(0)


@dataclass(frozen=True)
class CreditGlance:
    outstanding: Decimal
    approved: Decimal
    withheld: Decimal
    waiting_step: Step | None


def credit_glance_for(user, farmer: Farmer, today: date | None = None) -> CreditGlance | None:
    """None when the farmer has neither a loan nor an in-kind advance that ``user`` may see."""
    today = today or timezone.localdate()
    applications = list(
        applications_visible_to(user)
        .filter(farmer=farmer)
        .prefetch_related(
            Prefetch(
                "disbursements",
                queryset=Disbursement.objects.prefetch_related(
                    Prefetch(
                        "uses", queryset=TrancheUse.objects.only("id", "disbursement_id", "amount")
                    )
                ).order_by("order", "id"),
            ),
            Prefetch(
                "allocations",
                queryset=RepaymentAllocation.objects.select_related("repayment").order_by(
                    "repayment__paid_on", "id"
                ),
            ),
        )
        .order_by("created_at", "id")
    )
    advances = list(
        in_kind_advances_visible_to(user)
        .filter(farmer=farmer)
        .annotate(recovered=Sum("allocations__principal"))
        .values_list("value", "recovered")
    )
    if not applications and not advances:
        return None
    outstanding = approved = withheld = ZERO
    for application in applications:
        tranches = list(application.disbursements.all())
        position = calc.loan_position(
            paid_tranches=[(t.paid_on, t.amount) for t in tranches if t.paid_on],
            repayments=[
                (a.repayment.paid_on, a.interest, a.principal)
                for a in application.allocations.all()
            ],
            annual_rate_percent=application.product.annual_rate_percent,
            on=today,
            basis=application.product.day_count_basis,
        )
        outstanding += position.principal_outstanding + calc.money(position.interest_due)
        approved += application.approved_amount or ZERO
        withheld += sum((t.left for t in tranches), ZERO)
    for value, recovered in advances:
        outstanding += max(value - (recovered or ZERO), ZERO)
    waiting = next(
        (
            application
            for application in reversed(applications)
            if application.status not in CLOSED_STATUSES and not application.approved_amount
        ),
        None,
    )
    steps = []
    if waiting is not None:
        # One query for its steps and who took them (steps_of names the person of each).
        prefetch_related_objects(
            [waiting],
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("by")),
        )
        steps = steps_of(waiting, today)
    return CreditGlance(
        outstanding=outstanding,
        approved=approved,
        withheld=withheld,
        waiting_step=steps[-1] if steps else None,
    )
