"""The scorecard's credit figure (issue 8 point 5, "credit disbursement delay"): how long the
money of an approved loan takes to reach the farmer (domain.md 4: "disbursement 4–5 months
late" while farmers pre-finance fertiliser and ratoon work themselves).

Counted per tranche paid, from the loan's approval date (``approved_on``) to the tranche's paid
date, in calendar days. Tranches paid to the farmer's account and to the cooperative count: a
KUR loan reaches the farmer through the cooperative, and that payment is the one date recorded.
Tranches paid to the mill for cutting and haulage are left out: they are due at harvest by
design, months after approval, and would read as delay when nothing was late.

Here and not in the credit app because credit never imports compliance; registered from
ComplianceConfig.ready. Reads through scope_for, as the rest of the scorecard does.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from compliance.scorecard.calc import percentile
from compliance.scorecard.metrics import MetricValue, ScorecardScope
from credit.models import Disbursement, Payee
from tebu_site.access import scope_for

# The payees whose tranches are the farmer's working money (see the module's docstring).
WORKING_MONEY_PAYEES = (Payee.FARMER, Payee.COOPERATIVE)


def approval_to_payment_days(user, *, mill, season, region=None) -> list[int]:
    """Days from approval to payment of each tranche paid to the farmer or the cooperative, for
    the loans of ``mill``'s farmers in ``season`` (and ``region``) that ``user`` may see."""
    tranches = scope_for(
        user,
        Disbursement.objects.filter(
            application__farmer__mill=mill,
            application__season=season,
            application__approved_on__isnull=False,
            paid_on__isnull=False,
            payee__in=WORKING_MONEY_PAYEES,
        ),
    )
    if region is not None:
        tranches = tranches.filter(application__farmer__region=region)
    return [
        # Never negative: record_tranche_paid refuses a payment dated before the approval, but
        # an approval date corrected later must not turn into a negative delay.
        max((paid_on - approved_on).days, 0)
        for paid_on, approved_on in tranches.values_list("paid_on", "application__approved_on")
    ]


def credit_disbursement_delay(scope: ScorecardScope) -> MetricValue | None:
    days = approval_to_payment_days(
        scope.user, mill=scope.mill, season=scope.season, region=scope.region
    )
    if not days:
        return None
    # The scorecard's percentile (linear interpolation), so it reads like the DO payment days.
    return MetricValue(
        value=percentile(days, 50),
        unit=_("days"),
        count=len(days),
        note=_("Tranches paid to the farmer or the cooperative; not those paid to the mill."),
    )
