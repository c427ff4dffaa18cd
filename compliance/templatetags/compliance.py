from django import template

register = template.Library()

STATUS_CLASS = {
    "open": "badge badge-warn",
    "confirmed": "badge badge-info",
    "sanctioned": "badge badge-bad",
    "dismissed": "badge",
    "closed": "badge badge-ok",
}


@register.filter
def event_status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "badge")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0
