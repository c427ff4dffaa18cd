"""The farmer's credit position for his KREDIT SMS command (sms app): what he owes now, from the
same debts the DO deductions pay (credit.selectors.debts_of), and his next tranche still to
come. Loans here have no instalment schedule of their own: they are repaid from the DOs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from credit.calculations import money
from credit.models import OPEN_LOAN_STATUSES, Disbursement
from credit.selectors import debts_of
from partners.models import Farmer


@dataclass(frozen=True)
class CreditPosition:
    outstanding: Decimal  # principal and interest due, rounded to the Rupiah
    next_tranche: Disbursement | None  # the next planned, not yet paid tranche of an open loan


def credit_position_of(farmer: Farmer, on: date) -> CreditPosition:
    debts = debts_of(farmer, on)
    outstanding = money(sum((d.principal_due + d.interest_due for d in debts), Decimal(0)))
    next_tranche = (
        Disbursement.objects.filter(
            application__farmer=farmer,
            application__status__in=OPEN_LOAN_STATUSES,
            paid_on__isnull=True,
            planned_on__gte=on,
        )
        .order_by("planned_on", "order", "id")
        .first()
    )
    return CreditPosition(outstanding=outstanding, next_tranche=next_tranche)
