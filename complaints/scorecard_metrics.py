"""The complaints app's figure on the partnership scorecard: how long farmers wait for a first
answer (domain.md 9: slow answers are themselves a grievance)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from complaints.selectors import complaint_answer_times
from compliance.scorecard.calc import percentile
from compliance.scorecard.metrics import MetricValue, ScorecardScope


def complaint_answer_time(scope: ScorecardScope) -> MetricValue | None:
    hours = complaint_answer_times(scope.mill, scope.season, region=scope.region)
    if not hours:
        return None
    # Same percentile method as the scorecard's payment days, so the two read alike.
    median = percentile([Decimal(str(h)) for h in hours], 50)
    return MetricValue(value=median, unit=_("hours"), count=len(hours))
