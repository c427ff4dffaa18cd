"""Signals other apps answer. Surveys never imports analytics (apps depend one way): closing a round
or asking for results sends ``analysis_requested`` and analytics creates the analysis run.

``analysis_requested`` is sent with ``survey_round``, ``requested_by``, ``region_ids`` (list of
Region ids, empty for all) and ``partner_types`` (list of partner type codes, empty for all). A
receiver returns what it started (analytics returns the AnalysisRun).
"""

from django.dispatch import Signal

analysis_requested = Signal()
