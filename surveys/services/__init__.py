"""Writes for surveys: templates and their frozen versions, rounds, responses and imports.

Every view, serializer, admin action and command goes through these functions, so each rule
(one response per farmer and round, answers only while a round is open, Likert 1..5, who may do
what) lives here once; the database constraints back up the ones that can be declared.

Modules, by what they write: templates (questionnaires and their frozen versions), rounds (a
round's life and its analysis request), responses (one farmer's answers) and file_import (a
paper-survey file). Callers keep using ``surveys.services.<name>``: the names are re-exported here.
"""

from __future__ import annotations

from surveys.services.file_import import ImportOutcome, import_responses
from surveys.services.responses import Answers, save_response
from surveys.services.rounds import (
    CloseOutcome,
    close_round,
    create_round,
    open_round,
    request_analysis,
    update_round,
)
from surveys.services.templates import (
    ATTRIBUTE_FIELDS,
    create_template,
    delete_attribute,
    ensure_default_template,
    freeze_template,
    save_attribute,
    update_template,
)

__all__ = [
    "ATTRIBUTE_FIELDS",
    "Answers",
    "CloseOutcome",
    "ImportOutcome",
    "close_round",
    "create_round",
    "create_template",
    "delete_attribute",
    "ensure_default_template",
    "freeze_template",
    "import_responses",
    "open_round",
    "request_analysis",
    "save_attribute",
    "save_response",
    "update_round",
    "update_template",
]
