"""API conventions shared by every app: one error shape."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


def _is_message(value) -> bool:
    return not isinstance(value, (dict, list))


def flatten_errors(detail) -> dict[str, list[str]]:
    """DRF's error detail as ``{"path": ["message", ...]}``: nested serializers become
    ``field.sub``, items of a list ``field.0.sub``, so a client reads every message as JSON text
    at the place it concerns (``answers.1.importance``), never a Python repr of a dict."""
    errors: dict[str, list[str]] = {}

    def add(path: str, message) -> None:
        errors.setdefault(path or NON_FIELD, []).append(str(message))

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if not path:
                    walk(sub, str(key))
                elif key == NON_FIELD:  # a nested serializer's own errors: the field holding it
                    walk(sub, path)
                else:
                    walk(sub, f"{path}.{key}")
        elif isinstance(value, list):
            if all(_is_message(item) for item in value):
                for item in value:
                    add(path, item)
            else:  # a list serializer: one entry per item, empty for the items that are fine
                for index, item in enumerate(value):
                    walk(item, f"{path}.{index}" if path else str(index))
        else:
            add(path, value)

    walk(detail, "")
    return errors


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
        errors = flatten_errors(exc.detail)
        response.data = {"detail": _("The data sent is not valid."), "errors": errors}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": {}}
    return response
