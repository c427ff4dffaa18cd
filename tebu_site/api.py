"""API conventions shared by every app: one error shape."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
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
    if isinstance(exc, DjangoValidationError):
        # A model's own checks (a number out of its declared range, tebu_site.fields) or a
        # service's refusal reaching the API: the caller's error, answered as one.
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
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
