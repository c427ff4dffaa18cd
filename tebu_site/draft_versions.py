"""A draft knows the version of the record it was made from (issue 15, offline field entry).

A field officer edits a plot on his phone without a signal; by the time the edit arrives somebody
may have changed the plot on the server. The form carries the record's version as the officer saw
it (hidden field ``seen_version``); if the record changed since, the view answers 409 with both
versions side by side (templates/tebu_site/conflict.html) and the officer chooses. Nothing is
overwritten silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils import formats

SEEN_VERSION_FIELD = "seen_version"
# Fields the "keep mine" form must not carry over: they are set again for the new attempt.
_NOT_CARRIED = {"csrfmiddlewaretoken", SEEN_VERSION_FIELD}


def version_of(record: Model) -> str:
    """The record's version: its last change time (TimeStampedModel.updated_at, to the µs)."""
    return record.updated_at.isoformat()


def changed_since_seen(request, record: Model) -> bool:
    """Whether a posted draft was made from an older version of ``record``. A form without the
    field (a page from before this existed, an API client) is not held back."""
    seen = request.POST.get(SEEN_VERSION_FIELD, "").strip()
    return bool(seen) and seen != version_of(record)


@dataclass(frozen=True)
class DifferingField:
    label: str
    mine: str
    on_server: str


def _shown(field, value: Any) -> str:
    if value in (None, ""):
        return "–"
    choices = getattr(field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    if isinstance(value, bool):
        return formats.localize(value)
    return str(formats.localize(value, use_l10n=True))


def differing_fields(form, record: Model, names) -> list[DifferingField]:
    """Each field (of ``names``) whose value in the valid ``form`` is not the record's now."""
    rows = []
    for name in names:
        if name not in form.cleaned_data or name not in form.fields:
            continue
        mine, on_server = form.cleaned_data[name], getattr(record, name)
        if mine != on_server:
            field = form.fields[name]
            rows.append(
                DifferingField(str(field.label), _shown(field, mine), _shown(field, on_server))
            )
    return rows


def carried_fields(request) -> list[tuple[str, str]]:
    """The posted fields, for the "keep mine" form to send again."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
