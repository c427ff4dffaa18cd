"""The one error type the methods raise for data a person must fix.

Methods cannot use Django's translation machinery, so an error carries a stable ``code`` and the
``params`` needed to word it; the Django layer (analytics.messages) turns the code into a translated
sentence. ``str(error)`` is a plain English fallback for logs and the command line.
"""

from __future__ import annotations

from typing import Any


class AnalysisInputError(ValueError):
    """Input data that cannot be analysed, with a reason a person understands.

    Known codes: missing_column, non_numeric, empty_input, too_few_groups, constant_outcome,
    perfect_separation, too_few_cases, singular_design, invalid_value.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
