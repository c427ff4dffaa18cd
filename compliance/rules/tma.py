"""The mill-side breach "TMA money withheld without account" (domain.md 9), as the one account of
TMA money (domain.md 5, "Never charge TMA twice") sees it: a loan's tranche paid to the mill for a
farmer's cutting and haulage still holds money while an issued DO of that farmer and season
charged the farmer for cutting and haulage by the mill's crews. Settlement pays those fees from
the tranche first, so this happens when the tranche was paid after the DO was issued, or on DOs
settled before the account existed. Adjusting the DO settles it again from the tranche, and the
rule closes its event.

Lives here because the dependency runs compliance -> credit, harvest. Registered on import, from
ComplianceConfig.ready.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings as django_settings
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from compliance.rules import Rule, RuleContext, register
from compliance.services import Finding
from credit.models import Disbursement, Payee
from harvest.models import DeliveryOrder, DoStatus
from tebu_site.formatting import format_rupiah

RULE_KEY = "tma_money_withheld"
ZERO = Decimal(0)
# The DO lines that together are what the farmer paid for the mill's cutting and haulage: the
# fees, less what a tranche paid of them (a negative line).
CHARGED_CODES = ("deduction_cutting", "deduction_haulage", "deduction_tma_paid")


def subject_key(tranche: Disbursement) -> str:
    return f"tma_tranche:{tranche.pk}"


def _day(value) -> str:
    return formats.date_format(value, "j M Y")


def _charging_dos(tranche: Disbursement) -> list[DeliveryOrder]:
    """The farmer's issued DOs of the tranche's season, cut by the mill's crews, that charged the
    farmer some of the cutting and haulage (``charged`` annotated), in issue order."""
    application = tranche.application
    orders = (
        DeliveryOrder.objects.filter(
            farmer_id=application.farmer_id, season_id=application.season_id, tma_by_mill=True
        )
        .exclude(status=DoStatus.DRAFT)
        .order_by("issued_at", "id")
    )
    return _charging(orders)


def _charging(orders) -> list[DeliveryOrder]:
    """Those of ``orders`` whose lines charged the farmer some of the cutting and haulage, with
    ``charged`` set to what they add up to (the lines live on the DO: harvest.models.lines)."""
    found = []
    for order in orders:
        amounts = [line.amount or ZERO for line in order.lines if line.code in CHARGED_CODES]
        order.charged = sum(amounts, ZERO)
        if amounts and order.charged > 0:
            found.append(order)
    return found


def _texts(tranche: Disbursement, order: DeliveryOrder, left: Decimal) -> tuple[str, str]:
    application = tranche.application
    with translation.override(django_settings.LANGUAGE_CODE):
        values = {
            "order": tranche.order,
            "number": application.number,
            "left": format_rupiah(left),
            "do": order.number,
            "charged": format_rupiah(order.charged),
            "paid": _day(tranche.paid_on),
            "amount": format_rupiah(tranche.amount),
            "issued": _day(timezone.localdate(order.issued_at)),
        }
        summary = (
            _(
                "Tranche %(order)s of credit %(number)s: %(left)s held by the mill for cutting "
                "and haulage while DO %(do)s charged the farmer %(charged)s for it"
            )
            % values
        )
        evidence = (
            _(
                "Paid to the mill on %(paid)s: %(amount)s, of which %(left)s is not used by any "
                "DO. DO %(do)s, issued %(issued)s, charged the farmer %(charged)s for cutting and "
                "haulage by the mill's crews. An adjustment of the DO settles it again and pays "
                "the fees from the tranche first."
            )
            % values
        )
    return str(summary), str(evidence)


def _unused_tranches(ctx: RuleContext):
    tranches = Disbursement.objects.filter(
        application__farmer__mill=ctx.mill,
        payee=Payee.MILL,
        paid_on__isnull=False,
        used_on__isnull=True,
    )
    return (
        ctx.narrow(tranches, Disbursement)
        .select_related("application__farmer__region", "application__season")
        .prefetch_related(Prefetch("uses"))
    )


def _charging_by_pair(tranches) -> dict[tuple[int, int], list[DeliveryOrder]]:
    """``_charging_dos`` for many tranches in one query: per (farmer, season) of their loans."""
    pairs = {(t.application.farmer_id, t.application.season_id) for t in tranches}
    found: dict[tuple[int, int], list[DeliveryOrder]] = {}
    if not pairs:
        return found
    orders = (
        DeliveryOrder.objects.filter(
            farmer_id__in={farmer for farmer, _season in pairs},
            season_id__in={season for _farmer, season in pairs},
            tma_by_mill=True,
        )
        .exclude(status=DoStatus.DRAFT)
        .only("number", "issued_at", "farmer_id", "season_id", "lines_packed")
        .order_by("issued_at", "id")
    )
    for order in _charging(orders):
        pair = (order.farmer_id, order.season_id)
        if pair in pairs:
            found.setdefault(pair, []).append(order)
    return found


def withheld_tranches(ctx: RuleContext):
    tranches = [tranche for tranche in _unused_tranches(ctx) if tranche.left > 0]
    charging = _charging_by_pair(tranches)
    for tranche in tranches:
        application = tranche.application
        orders = charging.get((application.farmer_id, application.season_id))
        if not orders:
            continue
        order = orders[0]
        summary, evidence = _texts(tranche, order, tranche.left)
        yield Finding(
            subject_key=subject_key(tranche),
            season=tranche.application.season,
            farmer=tranche.application.farmer,
            credit_application=tranche.application,
            delivery_order=order,
            occurred_on=max(tranche.paid_on, timezone.localdate(order.issued_at)),
            summary=summary,
            evidence=evidence,
        )


def still_withheld(event) -> bool:
    """Until the tranche is used up or no issued DO charges the farmer for the cutting and
    haulage while it holds money."""
    prefix, _sep, pk = event.subject_key.partition(":")
    tranche = (
        Disbursement.objects.filter(pk=int(pk)).select_related("application").first()
        if prefix == "tma_tranche" and pk.isdigit()
        else None
    )
    if tranche is None:
        return False
    return tranche.left > 0 and bool(_charging_dos(tranche))


def withheld_events_resolved(ctx: RuleContext) -> list[int]:
    """still_withheld for every open event of the mill in a fixed number of queries."""
    from compliance.models import ComplianceEvent, EventStatus

    events = list(
        ComplianceEvent.objects.filter(mill=ctx.mill, rule_key=RULE_KEY)
        .exclude(status=EventStatus.CLOSED)
        .values_list("pk", "subject_key")
    )
    keys = {}
    for pk, subject in events:
        prefix, _sep, tranche_pk = subject.partition(":")
        keys[pk] = int(tranche_pk) if prefix == "tma_tranche" and tranche_pk.isdigit() else None
    tranches = (
        Disbursement.objects.filter(pk__in={k for k in keys.values() if k is not None})
        .select_related("application")
        .prefetch_related(Prefetch("uses"))
        .in_bulk()
    )
    charging = _charging_by_pair(t for t in tranches.values() if t.left > 0)
    over = []
    for pk, tranche_pk in keys.items():
        tranche = tranches.get(tranche_pk)
        holding = (
            tranche is not None
            and tranche.left > 0
            and bool(charging.get((tranche.application.farmer_id, tranche.application.season_id)))
        )
        if not holding:
            over.append(pk)
    return over


TMA_MONEY_WITHHELD = register(
    Rule(
        key=RULE_KEY,
        event_type="tma_money_withheld",
        label=_("Cutting-and-haulage money withheld without account"),
        closed_note=_("The tranche now pays the DO's cutting and haulage, or is used up."),
        find=withheld_tranches,
        still_applies=still_withheld,
        resolved=withheld_events_resolved,
        triggers=(Disbursement,),
    )
)
