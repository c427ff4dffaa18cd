"""A farmer's choice of channels and quiet hours: one service for the portal page and the admin."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from notices.models import ChannelChoice, NoticePreference


def quiet_hours_errors(quiet_from: time | None, quiet_until: time | None) -> dict[str, list[str]]:
    """Quiet hours need both ends, and different ones (the form shows these beside the field)."""
    if (quiet_from is None) != (quiet_until is None):
        return {
            "quiet_until": [_("Give both the start and the end of the quiet hours, or neither.")]
        }
    if quiet_from is not None and quiet_from == quiet_until:
        return {"quiet_until": [_("The quiet hours must end at another time than they start.")]}
    return {}


def set_preference(
    *, farmer, channels: str, quiet_from: time | None = None, quiet_until: time | None = None
) -> NoticePreference:
    """Store how the farmer wants his notices. Quiet hours need both ends, and different ones."""
    errors = quiet_hours_errors(quiet_from, quiet_until)
    if channels not in ChannelChoice.values:
        errors["channels"] = [_("Choose how you want your notices.")]
    if errors:
        raise ValidationError(errors)
    preference, _created = NoticePreference.objects.update_or_create(
        farmer=farmer,
        defaults={"channels": channels, "quiet_from": quiet_from, "quiet_until": quiet_until},
    )
    return preference
