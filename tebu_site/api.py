"""API conventions shared by every app: one error shape."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _as_list(value) -> list:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def exception_handler(exc, context):
    """Every API error reads ``{"detail": "...", "errors": {"field": ["..."]}}``.

    ``errors`` is empty for errors that concern no field (403, 404...); field-less validation
    messages go under ``non_field_errors``, as DRF names them.
    """
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail
        if isinstance(data, dict):
            errors = {field: _as_list(messages) for field, messages in data.items()}
        else:
            errors = {"non_field_errors": _as_list(data)}
        response.data = {"detail": _("The data sent is not valid."), "errors": errors}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": {}}
    return response
