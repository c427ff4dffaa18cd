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
    # Set-based closing: the ids of the rule's open events of ctx.mill whose condition is over,
    # selected in a fixed number of queries (or a mapping id -> note). Preferred to
    # still_applies, which the run falls back to (one event at a time) for rules without it.
    resolved: Callable[[RuleContext], Iterable[int] | dict[int, str]] | None = None
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


# Findings are written this many at a time: a fixed number of queries per batch, whatever the
# size of the mill.
BATCH_SIZE = 2000


def batches(items: Iterable, size: int = BATCH_SIZE):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def unraised(queryset, rule_key: str, prefix: str):
    """``queryset`` less the records the rule ``rule_key`` already raised an event about (its
    subject ``prefix`` + the record's pk, e.g. "do:42"), in the same SQL through the unique
    (rule, subject) index: a re-run reads only what is new instead of walking every subject it
    has seen before."""
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    from compliance.models import ComplianceEvent

    subject = Concat(Value(prefix), Cast(OuterRef("pk"), CharField()), output_field=CharField())
    raised = ComplianceEvent.objects.filter(rule_key=rule_key, subject_key=subject)
    return queryset.filter(~Exists(raised))


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
    from compliance import rule_events, services
    from compliance.models import EventType
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
            for batch in batches(rule.find(ctx)):
                result.raised += rule_events.raise_many(
                    rule_key=rule.key, event_type=event_type, mill=each_mill, findings=batch
                )
            if only is None:
                result.closed += _close_resolved(rule, ctx)
    if result.raised or result.closed:
        # Bulk writes send no post_save: tell the stored scorecard of each mill touched.
        from compliance.scorecard.summary import schedule_refresh

        for mill_id in {event.mill_id for event in result.raised + result.closed}:
            schedule_refresh(mill_id)
    return result


def _close_resolved(rule: Rule, ctx: RuleContext) -> list:
    """Close the rule's open events of ``ctx.mill`` whose condition is over."""
    from compliance import rule_events, services
    from compliance.models import ComplianceEvent, EventStatus

    note = str(rule.closed_note or rule.label)
    if rule.resolved is not None:
        over = rule.resolved(ctx)
        notes = dict(over) if isinstance(over, dict) else dict.fromkeys(over, note)
        closed = []
        for batch in batches(sorted(notes)):
            closed += rule_events.close_many(
                rule_key=rule.key, event_ids=batch, note={pk: notes[pk] for pk in batch}
            )
        return closed
    if rule.still_applies is None:
        return []
    closed = []
    open_events = ComplianceEvent.objects.filter(mill=ctx.mill, rule_key=rule.key).exclude(
        status=EventStatus.CLOSED
    )
    for event in open_events.select_related("delivery_order"):
        if rule.still_applies(event):
            continue
        if services.close_by_rule(event=event, rule_key=rule.key, note=note):
            closed.append(event)
    return closed
