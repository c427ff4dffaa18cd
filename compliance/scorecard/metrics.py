"""Pluggable scorecard metrics: figures that other apps own (the credit app's disbursement delay,
the complaints app's answer time). The scorecard lists every expected metric; one that no app has
registered yet reads "not available".

Registering, from the other app's ``AppConfig.ready``::

    from compliance.scorecard.metrics import MetricValue, register_metric

    def complaint_answer_hours(scope):          # scope: ScorecardScope (user, mill, season, region)
        hours = [...]                           # read through your own scoped selectors
        return MetricValue(value=median_of(hours), unit="hours", count=len(hours))

    register_metric("complaint_answer_time", complaint_answer_hours)

``compute`` returns a MetricValue, or None when the figure cannot be computed for that scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ScorecardScope:
    user: object
    mill: object
    season: object
    region: object = None


@dataclass(frozen=True)
class MetricValue:
    value: Decimal | None
    unit: str = ""  # "days", "hours", "%", "Rp"
    count: int | None = None  # how many cases the figure is computed from
    note: str = ""


@dataclass(frozen=True)
class MetricSlot:
    key: str
    label: str
    description: str


# The metrics the scorecard expects from other apps, in the order it shows them.
SLOTS: tuple[MetricSlot, ...] = (
    MetricSlot(
        "credit_disbursement_delay",
        _("Credit disbursement delay"),
        _(
            "Median days from a loan's approval to each tranche paid to the farmer or the "
            "cooperative; tranches paid to the mill for cutting and haulage are left out, as "
            "they are due at harvest."
        ),
    ),
    MetricSlot(
        "complaint_answer_time",
        _("Complaint answer time"),
        _("Median time from a complaint to its first answer (complaints app)."),
    ),
)

_PROVIDERS: dict[str, Callable[[ScorecardScope], MetricValue | None]] = {}


def register_metric(key: str, compute: Callable[[ScorecardScope], MetricValue | None]) -> None:
    if key not in {slot.key for slot in SLOTS}:
        raise KeyError(f"unknown scorecard metric {key!r}; add a MetricSlot for it first")
    _PROVIDERS[key] = compute


def unregister_metric(key: str) -> None:
    _PROVIDERS.pop(key, None)


@dataclass(frozen=True)
class PluggedMetric:
    slot: MetricSlot
    available: bool
    value: MetricValue | None


def evaluate(scope: ScorecardScope) -> list[PluggedMetric]:
    results = []
    for slot in SLOTS:
        compute = _PROVIDERS.get(slot.key)
        value = compute(scope) if compute is not None else None
        results.append(PluggedMetric(slot=slot, available=compute is not None, value=value))
    return results
