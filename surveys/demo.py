"""Demo surveys for `make run` (after partners' load_demo): each mill gets the standard
questionnaire; PG Semboro a closed round last season and an open round this season (so the demo
farmer can answer it), PG Djatiroto a closed round this season. Answers are generated around the
means PG Semboro's farmers gave in 2019 (the reference case), deterministically.

Idempotent: a round that exists is left as it is (with its answers and results); only a round
created now is filled, closed and analysed, so running the demo twice adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partners.models import Farmer, Mill, Season
from surveys import selectors, services
from surveys.models import RoundTarget, SurveyRound
from tebu_site.models import Role

# Mean importance and performance per attribute at PG Semboro in 2019 (csi_ipa_semboro_expected).
REFERENCE_MEANS = [
    (3.96, 4.38),
    (2.63, 4.79),
    (4.17, 4.79),
    (4.54, 4.71),
    (4.46, 4.00),
    (4.00, 4.29),
    (4.13, 4.46),
    (2.83, 3.92),
    (4.38, 4.54),
    (3.17, 4.08),
    (4.63, 3.04),
    (3.46, 4.63),
    (4.67, 3.54),
]


@dataclass(frozen=True)
class DemoRound:
    mill_code: str
    season: str
    name: str
    opens_on: date
    closes_on: date
    close: bool
    performance_shift: float  # last season the mill served a little worse
    answer_share: float  # share of the targets that answer
    # Leave farmers with a portal login (the `petani` demo account) to answer themselves.
    leave_portal_farmers: bool = False


DEMO_ROUNDS = [
    DemoRound(
        "semboro",
        "2024/2025",
        "Survei kepuasan mitra 2024/2025",
        date(2025, 11, 3),
        date(2025, 12, 12),
        close=True,
        performance_shift=-0.35,
        answer_share=1.0,
    ),
    DemoRound(
        "semboro",
        "2025/2026",
        "Survei kepuasan mitra 2025/2026",
        date(2026, 7, 6),
        date(2026, 8, 28),
        close=False,
        performance_shift=0.0,
        answer_share=0.6,
        leave_portal_farmers=True,
    ),
    DemoRound(
        "djatiroto",
        "2025/2026",
        "Survei kepuasan mitra 2025/2026",
        date(2026, 7, 6),
        date(2026, 8, 28),
        close=True,
        performance_shift=-0.1,
        answer_share=1.0,
    ),
]


def _score(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.03:
        return None  # a question the farmer could not answer
    return max(1, min(5, round(rng.gauss(mean, 0.65))))


@transaction.atomic
def load_demo_surveys() -> list[str]:
    """Create the demo rounds that do not exist yet; return a line per round for the console."""
    admin = get_user_model().objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    if admin is None:
        raise RuntimeError("Load the partner demo data first (manage.py load_demo).")
    lines = []
    for mill in Mill.objects.order_by("name"):
        services.ensure_default_template(mill=mill)
    for demo in DEMO_ROUNDS:
        mill = Mill.objects.filter(code=demo.mill_code).first()
        season = Season.objects.filter(mill=mill, name=demo.season).first()
        if mill is None or season is None:
            continue
        existing = SurveyRound.objects.filter(mill=mill, name=demo.name).first()
        if existing is not None:
            lines.append(f"{mill.name}: {demo.name} ({existing.get_status_display()}, kept)")
            continue
        survey_round = services.create_round(
            season=season,
            name=demo.name,
            opens_on=demo.opens_on,
            # A round the demo leaves open closes some weeks from the day the demo is loaded,
            # so the farmer never reads "open until" a date long gone.
            closes_on=demo.closes_on
            if demo.close
            else max(demo.closes_on, timezone.localdate() + timedelta(days=21)),
            by=admin,
        )
        survey_round = services.open_round(survey_round=survey_round, by=admin)
        answered = _fill(survey_round, demo, admin)
        if demo.close:
            services.close_round(survey_round=survey_round, by=admin)
        else:
            services.request_analysis(survey_round=survey_round, by=admin)  # interim results
        survey_round.refresh_from_db()
        lines.append(
            f"{mill.name}: {demo.name} ({survey_round.get_status_display()}, {answered} answers)"
        )
    return lines


def _fill(survey_round: SurveyRound, demo: DemoRound, by) -> int:
    attributes = list(selectors.version_attributes(survey_round.template_version))
    targets = RoundTarget.objects.filter(round=survey_round).select_related("farmer")
    count = 0
    for target in targets.order_by("farmer__nik"):
        farmer: Farmer = target.farmer
        if demo.leave_portal_farmers and farmer.user_id is not None:
            continue
        rng = random.Random(f"{survey_round.name}-{farmer.nik}")  # noqa: S311 - demo data
        if rng.random() > demo.answer_share:
            continue
        answers = {
            attribute.code: (
                _score(rng, importance),
                _score(rng, performance + demo.performance_shift),
            )
            for attribute, (importance, performance) in zip(
                attributes, REFERENCE_MEANS, strict=False
            )
        }
        services.save_response(survey_round=survey_round, by=by, farmer=farmer, answers=answers)
        count += 1
    return count
