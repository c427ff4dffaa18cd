from django import template
from django.utils.translation import gettext as _

register = template.Library()

_BADGES = {
    "new": "badge badge-info",
    "answered": "badge badge-ok",
    "escalated": "badge badge-bad",
    "resolved": "badge badge-ok",
    "reopened": "badge badge-warn",
}


@register.filter
def complaint_badge(status: str) -> str:
    """{{ complaint.status|complaint_badge }} -> the badge class for the status."""
    return _BADGES.get(status, "badge")


@register.filter
def age_hours(hours) -> str:
    """Whole hours as days and hours: 53 -> "2 d 5 h"; under a day just hours."""
    try:
        hours = int(hours)
    except (TypeError, ValueError):
        return "–"
    days, rest = divmod(max(hours, 0), 24)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": rest}
    return _("%(hours)s h") % {"hours": rest}
