"""Small presentation helpers for the credit pages: badge colours by status and tranche state."""

from django import template

register = template.Library()

STATUS_CLASSES = {
    "draft": "badge",
    "submitted": "badge badge-info",
    "documents_complete": "badge badge-info",
    "verified": "badge badge-info",
    "approved": "badge badge-ok",
    "disbursing": "badge badge-ok",
    "active": "badge badge-ok",
    "repaid": "badge badge-ok",
    "rejected": "badge badge-bad",
    "in_default": "badge badge-bad",
}
DOCUMENT_CLASSES = {
    "missing": "badge",
    "uploaded": "badge badge-warn",
    "verified": "badge badge-ok",
    "rejected": "badge badge-bad",
}
TRANCHE_CLASSES = {
    "planned": "badge",
    "paid": "badge badge-ok",
    "withheld": "badge badge-warn",
    "partly_used": "badge badge-info",
    "used": "badge badge-info",
}


@register.filter
def credit_status_class(status) -> str:
    return STATUS_CLASSES.get(str(status), "badge")


@register.filter
def document_status_class(status) -> str:
    return DOCUMENT_CLASSES.get(str(status), "badge")


@register.filter
def tranche_state_class(state) -> str:
    return TRANCHE_CLASSES.get(str(state), "badge")
