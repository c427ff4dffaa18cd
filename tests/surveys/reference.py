"""The PG Semboro 2019 reference case (Larasati 2020, ../shared/reference) as a closed round."""

from __future__ import annotations

import json
from pathlib import Path

from surveys import services
from tests.factories import SurveyRoundFactory

DATA = Path(__file__).parent / "data"
RESPONSES = DATA / "csi_ipa_semboro_responses.csv"
EXPECTED = json.loads((DATA / "csi_ipa_semboro_expected.json").read_text())["expected"]


def import_reference(survey_round, by) -> None:
    services.import_responses(
        survey_round=survey_round,
        data=RESPONSES.read_bytes(),
        file_name=RESPONSES.name,
        anonymous=True,
        by=by,
    )


def closed_reference_round(manager, capture, **round_fields):
    """Open a round, import the 24 paper questionnaires, close it; the run executes on commit
    (``capture`` is pytest-django's django_capture_on_commit_callbacks). The manager joins the
    round's mill."""
    survey_round = SurveyRoundFactory(**round_fields)
    manager.mills.add(survey_round.mill)
    services.open_round(survey_round=survey_round, by=manager)
    import_reference(survey_round, manager)
    with capture(execute=True):
        services.close_round(survey_round=survey_round, by=manager)
    survey_round.refresh_from_db()
    return survey_round
