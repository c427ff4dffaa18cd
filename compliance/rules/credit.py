"""The credit rule of issue 8 point 2: a credit tranche paid later than planned by more than the
mill's threshold (domain.md 4: "disbursement 4–5 months late" is the farmers' first grievance).

Lives here, not in the credit app, because the dependency runs compliance -> credit: credit
never imports compliance. Registered on import, from ComplianceConfig.ready.

Only tranches with a planned date are judged: without one there is nothing to be late against
(a cutting-and-haulage tranche is often planned "at cutting", with no date).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings as django_settings
from django.db.models import F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from compliance.rules import Rule, RuleContext, register
from compliance.services import Finding
from credit.models import Disbursement
from credit.services.disbursements import PAYABLE_STATUSES
from tebu_site.formatting import format_rupiah

RULE_KEY = "credit_tranche_late"


def subject_key(tranche: Disbursement) -> str:
    return f"tranche:{tranche.pk}"


def _day(value: date) -> str:
    return formats.date_format(value, "j M Y")


def days_late(tranche: Disbursement, today: date) -> int:
    """Days from the planned date to the payment, or to today while unpaid."""
    return ((tranche.paid_on or today) - tranche.planned_on).days


def _texts(tranche: Disbursement, *, days: int, threshold: int, today: date) -> tuple[str, str]:
    """Summary and evidence in plain words, written in the product's language whoever triggered
    the rule (a `%` on a lazy string is evaluated at once, in the active language)."""
    application = tranche.application
    with translation.override(django_settings.LANGUAGE_CODE):
        values = {
            "order": tranche.order,
            "number": application.number,
            "days": days,
            "planned": _day(tranche.planned_on),
            "threshold": threshold,
            "purpose": tranche.get_purpose_display(),
            "payee": tranche.get_payee_display(),
        }
        if tranche.is_paid:
            summary = (
                _(
                    "Tranche %(order)s of credit %(number)s paid %(days)s days after its "
                    "planned date"
                )
                % values
            )
            evidence = _(
                "Planned for %(planned)s, paid on %(paid)s: %(days)s days late. "
                "Amount: %(amount)s. Paid to: %(payee)s. Purpose: %(purpose)s. "
                "The mill counts a tranche as late more than %(threshold)s days after its "
                "planned date."
            ) % {**values, "paid": _day(tranche.paid_on), "amount": format_rupiah(tranche.amount)}
        else:
            summary = (
                _(
                    "Tranche %(order)s of credit %(number)s not paid %(days)s days after its "
                    "planned date"
                )
                % values
            )
            evidence = _(
                "Planned for %(planned)s, not paid yet: %(days)s days late on %(today)s. "
                "Amount: %(amount)s. To be paid to: %(payee)s. Purpose: %(purpose)s. "
                "The mill counts a tranche as late more than %(threshold)s days after its "
                "planned date."
            ) % {**values, "today": _day(today), "amount": format_rupiah(tranche.planned_amount)}
    return str(summary), str(evidence)


def late_tranches(ctx: RuleContext):
    threshold = ctx.settings.tranche_late_days
    tranches = Disbursement.objects.filter(
        application__farmer__mill=ctx.mill, planned_on__isnull=False
    ).filter(
        # Paid after the planned date (the exact threshold is checked below, in days), or unpaid
        # past it on a loan that can still pay: a tranche of a loan no longer paying out (repaid,
        # in default) was dropped from the plan, not delayed.
        Q(paid_on__gt=F("planned_on"))
        | Q(
            paid_on__isnull=True,
            planned_on__lt=ctx.today - timedelta(days=threshold),
            application__status__in=PAYABLE_STATUSES,
        )
    )
    tranches = ctx.narrow(tranches, Disbursement).select_related(
        "application__farmer__region", "application__season"
    )
    for tranche in tranches:
        days = days_late(tranche, ctx.today)
        if days <= threshold:
            continue
        application = tranche.application
        summary, evidence = _texts(tranche, days=days, threshold=threshold, today=ctx.today)
        yield Finding(
            subject_key=subject_key(tranche),
            season=application.season,
            farmer=application.farmer,
            credit_application=application,
            # The first day past the threshold: when the tranche became late.
            occurred_on=tranche.planned_on + timedelta(days=threshold + 1),
            summary=summary,
            evidence=evidence,
        )


def _unpaid_when_raised(event, tranche: Disbursement) -> bool:
    """Whether the tranche was still unpaid when the rule raised ``event``, from the tranche's
    history: a payment can be recorded with an earlier date, so comparing dates would mislead."""
    record = (
        tranche.history.filter(history_date__lte=event.raised_at)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is not None:
        return record.paid_on is None
    return tranche.paid_on is None or timezone.localdate(event.raised_at) < tranche.paid_on


def tranche_of(event) -> Disbursement | None:
    prefix, _sep, pk = event.subject_key.partition(":")
    if prefix != "tranche" or not pk.isdigit():
        return None
    return Disbursement.objects.filter(pk=int(pk)).first()


def tranche_still_late(event) -> bool:
    """An event raised while the tranche was unpaid lasts until it is paid. One raised for a
    tranche already paid late stays: it records a breach that happened, for staff to decide."""
    tranche = tranche_of(event)
    if tranche is None or not tranche.is_paid:
        return True
    return not _unpaid_when_raised(event, tranche)


def _tranche_pk(subject: str) -> int | None:
    prefix, _sep, pk = subject.partition(":")
    return int(pk) if prefix == "tranche" and pk.isdigit() else None


def late_events_resolved(ctx: RuleContext) -> list[int]:
    """tranche_still_late for every open event of the mill in three queries: the events, their
    tranches paid since, and those tranches' history."""
    from compliance.models import ComplianceEvent, EventStatus

    events = list(
        ComplianceEvent.objects.filter(mill=ctx.mill, rule_key=RULE_KEY)
        .exclude(status=EventStatus.CLOSED)
        .values_list("pk", "subject_key", "raised_at")
    )
    wanted = {_tranche_pk(subject) for _pk, subject, _at in events} - {None}
    paid = {t.pk: t for t in Disbursement.objects.filter(pk__in=wanted, paid_on__isnull=False)}
    records: dict[int, list] = {}
    for record in Disbursement.history.filter(id__in=list(paid)).order_by(
        "-history_date", "-history_id"
    ):
        records.setdefault(record.id, []).append(record)
    over = []
    for pk, subject, raised_at in events:
        tranche = paid.get(_tranche_pk(subject))
        if tranche is None:
            continue  # unpaid (or unknown): still late
        record = next((r for r in records.get(tranche.pk, []) if r.history_date <= raised_at), None)
        if record is not None:
            unpaid_then = record.paid_on is None
        else:
            unpaid_then = timezone.localdate(raised_at) < tranche.paid_on
        if unpaid_then:
            over.append(pk)
    return over


CREDIT_TRANCHE_LATE = register(
    Rule(
        key=RULE_KEY,
        event_type="credit_tranche_late",
        label=_("Credit tranche paid late"),
        closed_note=_("The tranche is paid."),
        find=late_tranches,
        still_applies=tranche_still_late,
        resolved=late_events_resolved,
        triggers=(Disbursement,),
    )
)


def close_paid(tranche: Disbursement) -> list:
    """Close the open events raised while ``tranche`` was unpaid, now that it is paid; the note
    says when and how late. Returns the events closed."""
    from compliance import services
    from compliance.models import ComplianceEvent, EventStatus

    closed = []
    events = ComplianceEvent.objects.filter(
        rule_key=RULE_KEY, subject_key=subject_key(tranche)
    ).exclude(status=EventStatus.CLOSED)
    for event in events:
        if tranche_still_late(event):
            continue
        with translation.override(django_settings.LANGUAGE_CODE):
            note = str(
                _("Paid on %(paid)s, %(days)s days after its planned date.")
                % {"paid": _day(tranche.paid_on), "days": days_late(tranche, tranche.paid_on)}
            )
        if services.close_by_rule(event=event, rule_key=RULE_KEY, note=note):
            closed.append(event)
    return closed
