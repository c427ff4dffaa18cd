"""Telling the farmer each step of his harvest (SPTA issued, load weighed, rendemen set or
corrected, DO issued, DO paid) through notices.notify: portal, SMS (verified number, his choice,
his quiet hours) and email, recorded in the caller's transaction and sent after commit.

One notice per event: each key names the row (and the rendemen's version, so a correction is told
again but a retried task or a rerun is not). The words are in
harvest/templates/notices/messages/<event>.txt, short enough for one or two SMS.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder, DoPayment, RendemenAnalysis, Spta, Weighing
from notices.services import Message, notify, notify_many


def spta_issued(spta: Spta) -> None:
    notify(
        "spta_issued",
        {"spta": spta, "short": spta.short_number, "until": timezone.localtime(spta.expires_at)},
        farmer=spta.farmer,
        related=spta,
        dedupe_key=f"spta-issued:{spta.pk}",
    )


def weighing_recorded(weighing: Weighing) -> None:
    spta = weighing.spta
    notify(
        "weighing_recorded",
        {
            "weighing": weighing,
            "short": spta.short_number,
            "at": timezone.localtime(weighing.weighed_at),
        },
        farmer=spta.farmer,
        related=weighing,
        dedupe_key=f"weighing:{weighing.pk}",
    )


def rendemen_set(analysis: RendemenAnalysis, weighings: Sequence[Weighing], *, corrected: bool):
    """The rendemen recorded, or corrected: each version of the analysis told once."""
    # Its history keeps one row a correction: the recording is version 1 (tebu_site.history).
    version = analysis.history.count() + 1
    shorts = sorted((w.spta.short_number for w in weighings), key=lambda s: (len(s), s))
    notify(
        "rendemen_corrected" if corrected else "rendemen_recorded",
        {
            "analysis": analysis,
            # A batch of many loads names the first few: the SMS has 160 characters.
            "sptas": ", ".join(shorts[:5]) + (" +" if len(shorts) > 5 else ""),
        },
        farmer=analysis.farmer,
        related=analysis,
        dedupe_key=f"rendemen:{analysis.pk}:{version}",
    )


def _do_issued_message(do: DeliveryOrder) -> Message:
    return Message(
        "do_issued",
        {"order": do},
        farmer=do.farmer,
        related=do,
        dedupe_key=f"do-issued:{do.pk}",
        link=reverse("my-do", args=[do.pk]),
    )


def do_issued(do: DeliveryOrder) -> None:
    message = _do_issued_message(do)
    notify(
        message.event,
        message.context,
        farmer=message.farmer,
        related=message.related,
        dedupe_key=message.dedupe_key,
        link=message.link,
    )


def dos_issued(orders: Sequence[DeliveryOrder]) -> None:
    """``do_issued`` for many DOs at once (a batch's issue), in a fixed number of queries."""
    notify_many(_do_issued_message(do) for do in orders)


def do_payment_recorded(do: DeliveryOrder, payment: DoPayment, paid: object) -> None:
    notify(
        "do_paid",
        {"order": do, "payment": payment, "owed": max(do.payable - paid, 0)},
        farmer=do.farmer,
        related=do,
        dedupe_key=f"do-paid:{payment.pk}",
        link=reverse("my-do", args=[do.pk]),
    )
