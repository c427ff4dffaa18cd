"""Telling people what happened: one call records a notice per channel and sends it after commit.

Callers name an event and pass a context; the words live in a template
``notices/messages/<event>.txt`` (first line the subject, the rest the body), rendered in the
recipient's language (Indonesian for farmers) so every message is translatable in one place.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notices.backends import DeliveryError, deliver
from notices.models import Channel, Notice, NoticeStatus


def render_message(event: str, context: dict, language: str | None = None) -> tuple[str, str]:
    with translation.override(language or settings.LANGUAGE_CODE):
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


def send_pending(notice_ids: list[int]) -> int:
    """Send the given notices that are still pending; safe to run twice."""
    sent = 0
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
                deliver(notice)
            except DeliveryError as exc:
                notice.status = NoticeStatus.FAILED
                notice.error = str(exc)
            else:
                notice.status = NoticeStatus.SENT
                notice.sent_at = timezone.now()
                notice.error = ""
                sent += 1
            notice.save(update_fields=["status", "sent_at", "error", "attempts", "updated_at"])
    return sent


def mark_read(user, notice_ids=None) -> int:
    from notices.selectors import inbox_for

    qs = inbox_for(user).filter(read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    return qs.update(read_at=timezone.now())
