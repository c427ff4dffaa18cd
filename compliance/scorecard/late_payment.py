"""The scorecard's late-payment figure (issue 16): what the mill owes its farmers in
compensation for DOs paid after their date, in a season, from the amount kept on each DO
(counted at every payment and each night: harvest.services.late_payment). One SUM over the
season's DOs that the user may see; here because harvest never imports compliance.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from compliance.scorecard.metrics import MetricValue, ScorecardScope
from harvest.models import DeliveryOrder
from tebu_site.access import scope_for
from tebu_site.formatting import format_rupiah


def late_payment_compensation(scope: ScorecardScope) -> MetricValue | None:
    orders = scope_for(
        scope.user,
        DeliveryOrder.objects.filter(mill=scope.mill, season=scope.season, late_compensation__gt=0),
    )
    if scope.region is not None:
        orders = orders.filter(farmer__region=scope.region)
    totals = orders.aggregate(
        owed=Sum("late_compensation"),
        count=Count("id"),
        unpaid=Sum("late_compensation", filter=Q(late_compensation_paid_on__isnull=True)),
    )
    if not totals["count"]:
        return None
    return MetricValue(
        value=totals["owed"],
        unit="Rp",
        count=totals["count"],
        note=_("%(unpaid)s of it not yet paid to the farmers.")
        % {"unpaid": format_rupiah(totals["unpaid"] or Decimal(0))},
    )
