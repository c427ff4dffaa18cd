"""The rule registry: rules that raise compliance events from the data already held.

A rule is a key, the code of the event type it raises, and a ``find`` function that yields one
``Finding`` per subject (a DO, a rendemen analysis, a plot in a season...). ``run_rules`` raises an
event per finding through services.raise_from_rule, whose unique (rule, subject) constraint makes
every run idempotent. A rule with ``still_applies`` also closes its own events once the condition
is over (the DO-unpaid rule closes when the DO is paid in full).

Adding a rule (e.g. the credit app's "tranche paid late") is one function and one call, made from
the other app's ``AppConfig.ready``::

    from compliance.rules import Rule, register

    def late_tranches(ctx):
        for tranche in Tranche.objects.filter(application__mill=ctx.mill, ...):
            yield Finding(subject_key=f"tranche:{tranche.pk}", season=..., farmer=...,
                          summary=..., evidence=...)

    register(Rule(key="credit_tranche_late", event_type="credit_tranche_late",
                  label=_("Credit tranche paid late"), find=late_tranches))

The event type code must be one of the mill's catalogue (compliance.defaults seeds
"credit_tranche_late" already). A manager who switches the type off silences the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from compliance.services import Finding

__all__ = ["Finding", "Rule", "RuleContext", "RunResult", "register", "registered", "run_rules"]


@dataclass
class RuleContext:
    """What a rule looks at: one mill, its thresholds, today (WIB), and optionally ``only`` one
    record (a trigger's DO, analysis or SPTA) to narrow the search to."""

    mill: object
    settings: object
    today: date
    now: datetime
    only: object = None

    def narrow(self, queryset, model, lookup: str = "pk"):
        """Narrow ``queryset`` to the trigger's record when it is a ``model``."""
        if self.only is not None and isinstance(self.only, model):
            return queryset.filter(**{lookup: self.only.pk})
        return queryset


@dataclass(frozen=True)
class Rule:
    key: str
    event_type: str
    label: str
    find: Callable[[RuleContext], Iterable[Finding]]
    # Given one of the rule's open events, False when its condition is over: the rule closes it.
    still_applies: Callable[[object], bool] | None = None
    # Models whose records narrow this rule when run by a trigger (run_rules(only=...)).
    triggers: tuple[type, ...] = ()
    # What the log says when the rule closes one of its events.
    closed_note: str = ""


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add (or replace, by key) a rule; returns it so it can be used as a value."""
    _REGISTRY[rule.key] = rule
    return rule


def registered() -> list[Rule]:
    return list(_REGISTRY.values())


def get(key: str) -> Rule:
    return _REGISTRY[key]


@dataclass
class RunResult:
    raised: list = field(default_factory=list)
    closed: list = field(default_factory=list)

    def merge(self, other: RunResult) -> None:
        self.raised += other.raised
        self.closed += other.closed


def run_rules(
    *,
    mill=None,
    keys: Iterable[str] | None = None,
    only=None,
    now: datetime | None = None,
) -> RunResult:
    """Run the registered rules (or ``keys``) over one mill or all; safe to run any number of
    times. With ``only`` (a record from a trigger) just the rules that know its model run, over
    that record alone."""
    from compliance import services
    from compliance.models import EventStatus, EventType
    from partners.models import Mill

    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = [_REGISTRY[key] for key in keys] if keys is not None else registered()
    if only is not None:
        rules = [rule for rule in rules if any(isinstance(only, m) for m in rule.triggers)]
    mills = [mill] if mill is not None else list(Mill.objects.order_by("pk"))
    result = RunResult()
    for each_mill in mills:
        if not rules:
            break
        services.ensure_default_types(each_mill)
        types = {t.code: t for t in EventType.objects.filter(mill=each_mill, is_active=True)}
        ctx = RuleContext(
            mill=each_mill,
            settings=services.settings_for(each_mill),
            today=today,
            now=now,
            only=only,
        )
        for rule in rules:
            event_type = types.get(rule.event_type)
            if event_type is None:
                continue  # the manager switched the type off: the rule stays silent
            for finding in rule.find(ctx):
                event, created = services.raise_from_rule(
                    rule_key=rule.key, event_type=event_type, finding=finding
                )
                if created:
                    result.raised.append(event)
            if rule.still_applies is None or only is not None:
                continue
            from compliance.models import ComplianceEvent

            open_events = ComplianceEvent.objects.filter(mill=each_mill, rule_key=rule.key).exclude(
                status=EventStatus.CLOSED
            )
            for event in open_events.select_related("delivery_order"):
                if rule.still_applies(event):
                    continue
                note = str(rule.closed_note or rule.label)
                if services.close_by_rule(event=event, rule_key=rule.key, note=note):
                    result.closed.append(event)
    return result
