"""Telling people what happened: one call records a notice per channel and sends it after commit.

Callers name an event and pass a context; the words live in a template
``notices/messages/<event>.txt`` (first line the subject, the rest the body), rendered in the
recipient's language (Indonesian for farmers) so every message is translatable in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from notices.backends import DeliveryError, TransientDeliveryError, deliver
from notices.models import Channel, DeliveryStatus, Notice, NoticeStatus


def render_message(
    event: str, context: dict, language: str | None = None, template=None
) -> tuple[str, str]:
    """Subject and body of ``event``; ``template`` is the event's, already loaded (many at once)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        if template is not None:
            text = template.render(context).strip()
        else:
            text = render_to_string(f"notices/messages/{event}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip()[:200], body.strip()


def _channels_for(farmer, user) -> list[tuple[str, str]]:
    channels: list[tuple[str, str]] = [(Channel.PORTAL, "")]
    if farmer is not None:
        if farmer.phone:
            channels.append((Channel.SMS, farmer.phone))
        user = user or farmer.user
    if user is not None and user.email:
        channels.append((Channel.EMAIL, user.email))
    return channels


def notify(
    event: str,
    context: dict,
    *,
    farmer=None,
    user=None,
    related=None,
    dedupe_key: str = "",
    link: str = "",
    mill=None,
) -> list[Notice]:
    """Record and send ``event`` to a farmer (portal, SMS, email) or a staff user (email).

    With a ``dedupe_key`` the same notice is never recorded twice on a channel, so a retried
    task or a re-run rule does not text the farmer again.
    """
    if farmer is None and user is None:
        raise ValueError("notify needs a farmer or a user")
    subject, body = render_message(event, {**context, "farmer": farmer})
    mill = mill or getattr(farmer, "mill", None)
    region = getattr(farmer, "region", None)
    related_type = ContentType.objects.get_for_model(related) if related is not None else None
    created: list[Notice] = []
    for channel, address in _channels_for(farmer, user):
        if dedupe_key and Notice.objects.filter(dedupe_key=dedupe_key, channel=channel).exists():
            continue
        notice = Notice(
            mill=mill,
            region=region,
            farmer=farmer,
            recipient=user or getattr(farmer, "user", None),
            channel=channel,
            address=address,
            event=event,
            subject=subject,
            body=body,
            dedupe_key=dedupe_key,
            related_type=related_type,
            related_id=related.pk if related is not None else None,
            link=link,
        )
        if channel == Channel.PORTAL:
            notice.status = NoticeStatus.SENT
            notice.sent_at = timezone.now()
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue  # a concurrent caller recorded the same key first
        created.append(notice)
    outgoing = [n.pk for n in created if n.status == NoticeStatus.PENDING]
    if outgoing:
        from notices.tasks import send_notices

        transaction.on_commit(lambda: send_notices.delay(outgoing))
    return created


@dataclass(frozen=True)
class Message:
    """One ``notify`` call, for ``notify_many``."""

    event: str
    context: dict = field(default_factory=dict)
    farmer: object = None
    user: object = None
    related: object = None
    dedupe_key: str = ""
    link: str = ""
    mill: object = None


def notify_many(messages: Iterable[Message]) -> list[Notice]:
    """``notify`` for many messages in a fixed number of queries (a rule run telling thousands of
    farmers): one look-up of the dedupe keys already used, one insert, one task for the outgoing
    notices. Farmers must come with their user, mill and region loaded. Should a concurrent caller
    record one of the keys meanwhile, the messages fall back to ``notify`` one by one, which skips
    what is already there."""
    messages = list(messages)
    if not messages:
        return []
    keys = {m.dedupe_key for m in messages if m.dedupe_key}
    taken = (
        set(Notice.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", "channel"))
        if keys
        else set()
    )
    notices: list[Notice] = []
    now = timezone.now()
    templates: dict[str, object] = {}  # each event's template parsed once, not once a message
    for message in messages:
        if message.farmer is None and message.user is None:
            raise ValueError("notify needs a farmer or a user")
        farmer = message.farmer
        channels = [
            (channel, address)
            for channel, address in _channels_for(farmer, message.user)
            if not (message.dedupe_key and (message.dedupe_key, channel) in taken)
        ]
        if not channels:
            continue
        if message.event not in templates:
            templates[message.event] = get_template(f"notices/messages/{message.event}.txt")
        subject, body = render_message(
            message.event,
            {**message.context, "farmer": farmer},
            template=templates[message.event],
        )
        mill = message.mill or getattr(farmer, "mill", None)
        related = message.related
        related_type = ContentType.objects.get_for_model(related) if related is not None else None
        for channel, address in channels:
            notice = Notice(
                mill=mill,
                region=getattr(farmer, "region", None),
                farmer=farmer,
                recipient=message.user or getattr(farmer, "user", None),
                channel=channel,
                address=address,
                event=message.event,
                subject=subject,
                body=body,
                dedupe_key=message.dedupe_key,
                related_type=related_type,
                related_id=related.pk if related is not None else None,
                link=message.link,
            )
            if channel == Channel.PORTAL:
                notice.status = NoticeStatus.SENT
                notice.sent_at = now
            notices.append(notice)
    if not notices:
        return []
    try:
        with transaction.atomic():
            created = Notice.objects.bulk_create(notices)
    except IntegrityError:
        created = []
        for m in messages:
            created += notify(
                m.event,
                m.context,
                farmer=m.farmer,
                user=m.user,
                related=m.related,
                dedupe_key=m.dedupe_key,
                link=m.link,
                mill=m.mill,
            )
        return created
    outgoing = [n.pk for n in created if n.status == NoticeStatus.PENDING]
    if outgoing:
        from notices.tasks import send_notices

        transaction.on_commit(lambda: send_notices.delay(outgoing))
    return created


@dataclass(frozen=True)
class SendOutcome:
    sent: int
    retry: list[int]  # notices that failed for now and are worth another try later


def send_pending(notice_ids: list[int]) -> SendOutcome:
    """Send the given notices that are still pending; safe to run twice.

    Only a pending notice is sent, under a row lock held while it goes out, so two workers never
    send it both and a sent one (status SENT, the gateway's id kept) is never sent again. A
    transient failure keeps it pending for a retry until settings.SMS_SEND_ATTEMPTS tries; a
    permanent one, or the last try, records it FAILED with the reason.
    """
    sent = 0
    retry: list[int] = []
    for notice_id in notice_ids:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update()
                .filter(pk=notice_id, status=NoticeStatus.PENDING)
                .first()
            )
            if notice is None:
                continue
            notice.attempts += 1
            try:
                gateway_id = deliver(notice)
            except TransientDeliveryError as exc:
                notice.error = str(exc)
                if notice.attempts >= settings.SMS_SEND_ATTEMPTS:
                    notice.status = NoticeStatus.FAILED
                else:
                    retry.append(notice.pk)
            except DeliveryError as exc:
                notice.status = NoticeStatus.FAILED
                notice.error = str(exc)
            else:
                notice.status = NoticeStatus.SENT
                notice.sent_at = timezone.now()
                notice.error = ""
                if notice.channel == Channel.SMS:
                    notice.gateway_id = (gateway_id or "")[:100]
                    notice.delivery_status = DeliveryStatus.SUBMITTED
                sent += 1
            notice.save(
                update_fields=[
                    "status",
                    "sent_at",
                    "error",
                    "attempts",
                    "gateway_id",
                    "delivery_status",
                    "updated_at",
                ]
            )
    return SendOutcome(sent=sent, retry=retry)


def retry_countdown(retries: int) -> int:
    """Seconds before the next try: the backoff setting, doubled each time (30 s, 1, 2, 4 min)."""
    return settings.SMS_RETRY_BACKOFF * 2**retries


def mark_read(user, notice_ids=None) -> int:
    from notices.selectors import inbox_for

    qs = inbox_for(user).filter(read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    return qs.update(read_at=timezone.now())
