"""After a load: a sample of the bench rows of every table the loader writes goes through the
models' own full_clean() (field ranges, choices, validators, check and unique constraints), so a
loader that drifts from the models fails here and not in a page."""

from __future__ import annotations

from django.apps import apps

# model label, how to find the bench rows
SAMPLED = [
    ("partners.Mill", {"code__startswith": "bench-"}),
    ("partners.Season", {"mill__code__startswith": "bench-"}),
    ("partners.Region", {"mill__code__startswith": "bench-"}),
    ("tebu_site.User", {"username__startswith": "bench-"}),
    ("partners.Farmer", {"mill__code__startswith": "bench-"}),
    ("partners.Plot", {"mill__code__startswith": "bench-"}),
    ("partners.SeasonContract", {"mill__code__startswith": "bench-"}),
    ("harvest.SettlementScheme", {"mill__code__startswith": "bench-"}),
    ("harvest.Spta", {"mill__code__startswith": "bench-"}),
    ("harvest.Weighing", {"spta__mill__code__startswith": "bench-"}),
    ("harvest.RendemenAnalysis", {"mill__code__startswith": "bench-"}),
    ("harvest.DeliveryOrder", {"mill__code__startswith": "bench-"}),
    ("harvest.DoPayment", {"delivery_order__mill__code__startswith": "bench-"}),
    ("compliance.ComplianceEvent", {"mill__code__startswith": "bench-"}),
    ("credit.CreditProduct", {"mill__code__startswith": "bench-"}),
    ("credit.CreditApplication", {"season__mill__code__startswith": "bench-"}),
    ("surveys.SurveyRound", {"mill__code__startswith": "bench-"}),
    ("surveys.SurveyResponse", {"round__mill__code__startswith": "bench-"}),
]


def check_sample(per_model: int = 5) -> list[str]:
    problems = []
    for label, where in SAMPLED:
        model = apps.get_model(label)
        rows = model.objects.filter(**where)
        picks = list(rows.order_by("pk")[:per_model]) + list(rows.order_by("-pk")[:per_model])
        for obj in picks:
            try:
                obj.full_clean()
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none hidden
                problems.append(f"{label} {obj.pk}: {exc}")
    return problems
