"""Telling people what happened: one call records a notice per channel and sends it after commit.

Callers name an event and pass a context; the words live in a template
``notices/messages/<event>.txt`` (first line the subject, the rest the body), rendered in the
recipient's language (Indonesian for farmers) so every message is translatable in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from notices.backends import DeliveryError, TransientDeliveryError, deliver
from notices.models import Channel, DeliveryStatus, Notice, NoticeStatus
from notices.reach import Reach, reach_of
from tebu_site.farmer_pages import farmer_pages_changed


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


def _channels_for(farmer, user, reach: Reach | None = None) -> list[tuple[str, str, object]]:
    """(channel, address, not before) for each channel the notice goes by: a farmer's portal and
    SMS as he chose them, SMS only to a verified number and held through his quiet hours; email
    to the login's address."""
    channels: list[tuple[str, str, object]] = []
    if farmer is None:
        channels.append((Channel.PORTAL, "", None))
    else:
        reach = reach or reach_of([farmer]).get(farmer.pk) or Reach()
        if reach.portal:
            channels.append((Channel.PORTAL, "", None))
        if farmer.phone and reach.sms:
            channels.append((Channel.SMS, farmer.phone, reach.sms_not_before()))
        user = user or farmer.user
    if user is not None and user.email:
        channels.append((Channel.EMAIL, user.email, None))
    return channels


def _enqueue(created: list[Notice]) -> None:
    """Send the outgoing notices after commit: at once, or at the end of the quiet hours (the
    beat's sweep, send_due_notices, sends any whose scheduled task was lost)."""
    from notices.tasks import send_notices

    now = [n.pk for n in created if n.status == NoticeStatus.PENDING and n.not_before is None]
    if now:
        transaction.on_commit(lambda: send_notices.delay(now))
    later: dict[object, list[int]] = {}
    for n in created:
        if n.status == NoticeStatus.PENDING and n.not_before is not None:
            later.setdefault(n.not_before, []).append(n.pk)
    for eta, ids in later.items():
        transaction.on_commit(
            lambda eta=eta, ids=ids: send_notices.apply_async(args=[ids], eta=eta)
        )


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
    for channel, address, not_before in _channels_for(farmer, user):
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
            not_before=not_before,
            language=settings.LANGUAGE_CODE,
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
    _enqueue(created)
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
    farmers): one look-up of the dedupe keys already used, three of the farmers' choices and
    verified numbers (notices.reach), one insert, one task for the outgoing notices (and one per
    end of quiet hours). Farmers must come with their user, mill and region loaded. Should a
    concurrent caller record one of the keys meanwhile, the messages fall back to ``notify`` one
    by one, which skips what is already there."""
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
    reaches = reach_of({m.farmer.pk: m.farmer for m in messages if m.farmer is not None}.values())
    for message in messages:
        if message.farmer is None and message.user is None:
            raise ValueError("notify needs a farmer or a user")
        farmer = message.farmer
        reach = reaches.get(farmer.pk) if farmer is not None else None
        channels = [
            (channel, address, not_before)
            for channel, address, not_before in _channels_for(farmer, message.user, reach)
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
        for channel, address, not_before in channels:
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
                not_before=not_before,
                language=settings.LANGUAGE_CODE,
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
            farmer_pages_changed(notice.farmer_id for notice in created)
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
    _enqueue(created)
    return created


@dataclass(frozen=True)
class SendOutcome:
    sent: int
    retry: list[int]  # notices that failed for now and are worth another try later
    # Seconds the gateway asked us to wait (Retry-After, bounded by SMS_RETRY_AFTER_MAX), if any.
    wait: int | None = None


def _due() -> Q:
    return Q(not_before__isnull=True) | Q(not_before__lte=timezone.now())


def send_pending(notice_ids: list[int]) -> SendOutcome:
    """Send the given notices that are still pending and due; safe to run twice.

    Only a pending notice is sent, under a row lock held while it goes out, so two workers never
    send it both and a sent one (status SENT, the gateway's id kept) is never sent again. One
    held until later (quiet hours, the gateway's Retry-After) is left for then. A transient
    failure keeps it pending for a retry until settings.SMS_SEND_ATTEMPTS tries; a permanent one,
    or the last try, records it FAILED with the reason.
    """
    sent = 0
    retry: list[int] = []
    wait: int | None = None
    for notice_id in notice_ids:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update()
                .filter(_due(), pk=notice_id, status=NoticeStatus.PENDING)
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
                    if exc.retry_after is not None:
                        # The gateway said when: not before then, whoever sends it next.
                        asked = min(exc.retry_after, settings.SMS_RETRY_AFTER_MAX)
                        notice.not_before = timezone.now() + timedelta(seconds=asked)
                        wait = max(wait or 0, asked)
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
                    "not_before",
                    "updated_at",
                ]
            )
    return SendOutcome(sent=sent, retry=retry, wait=wait)


def due_notices() -> list[int]:
    """Pending notices held until a moment now past (quiet hours over, Retry-After waited)."""
    return list(
        Notice.objects.filter(
            status=NoticeStatus.PENDING,
            not_before__isnull=False,
            not_before__lte=timezone.now(),
        )
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:1000]
    )


def retry_countdown(retries: int, wait: int | None = None) -> int:
    """Seconds before the next try: what the gateway asked (Retry-After, already bounded), else
    the backoff setting, doubled each time (30 s, 1, 2, 4 min)."""
    if wait is not None:
        return wait
    return settings.SMS_RETRY_BACKOFF * 2**retries


def mark_read(user, notice_ids=None) -> int:
    from notices.selectors import inbox_for

    qs = inbox_for(user).filter(read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    farmer_pages_changed(qs.values_list("farmer_id", flat=True))  # read only when kept
    return qs.update(read_at=timezone.now())
