"""Reads of notices, always through the access scope."""

from __future__ import annotations

from django.db.models import Q

from notices.models import Channel, Notice
from tebu_site.access import scope_for


def notices_visible_to(user):
    return scope_for(user, Notice.objects.all())


def inbox_for(user):
    """What the user reads in the app: a farmer's portal notices, a staff user's own notices."""
    if getattr(user, "is_farmer", False):
        return notices_visible_to(user).filter(channel=Channel.PORTAL)
    return Notice.objects.filter(Q(recipient=user) & Q(farmer__isnull=True))


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()
