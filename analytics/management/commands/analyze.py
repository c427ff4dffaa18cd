"""Command line for analysts; every call is stored as an AnalysisRun like a run from the pages."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analytics.messages import explain
from analytics.models import AnalysisKind, RunStatus
from analytics.presentation import plain_table
from analytics.services import execute_run, request_file_run
from partners.models import Mill


class Command(BaseCommand):
    help = "Run an analysis on a file and store it as an analysis run. Kinds: " + ", ".join(
        AnalysisKind.values
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=AnalysisKind.values)
        parser.add_argument("--input", required=True, help="CSV, XLSX or JSON file")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--mill", help="mill code the run belongs to (who may see it)")
        parser.add_argument("--value", help="ttest: the value column")
        parser.add_argument("--group", help="ttest: the group column")
        parser.add_argument("--groups", help="ttest: the two groups to compare, comma-separated")
        parser.add_argument("--confidence", type=float, default=0.95, help="ttest: CI level")
        parser.add_argument("--outcome", help="logit: the outcome column")
        parser.add_argument("--event", help="logit: the outcome value counted as the event")
        parser.add_argument("--predictors", help="logit: predictor columns, comma-separated")
        parser.add_argument("--ci", type=float, default=0.95, help="logit: CI level of Exp(B)")
        parser.add_argument("--cut", type=float, default=0.5, help="logit: classification cut")
        parser.add_argument("--scheme", help="do-settlement: the scheme JSON file")
        parser.add_argument(
            "--wage", help="farm-income: local daily wage, Rp per HKO (farms without their own)"
        )
        parser.add_argument(
            "--interest", help="farm-income: interest rate, %% for the season (farms without)"
        )
        parser.add_argument(
            "--rent", help="farm-income: local land rent, Rp per ha (farms without their own)"
        )

    def handle(self, *args, **options):
        kind = options["kind"]
        path = Path(options["input"])
        if not path.is_file():
            raise CommandError(f"input file not found: {path}")
        parameters = self._parameters(kind, options)
        mill = None
        if options["mill"]:
            mill = Mill.objects.filter(code=options["mill"]).first()
            if mill is None:
                raise CommandError(f"no mill with code {options['mill']!r}")
        run = request_file_run(
            kind=kind,
            data=path.read_bytes(),
            file_name=path.name,
            parameters=parameters,
            mill=mill,
            enqueue=False,
        )
        run = execute_run(run_id=run.pk)
        if run.status != RunStatus.SUCCEEDED:
            message = explain(run.error_code, run.error_params, run.error_message)
            raise CommandError(f"run #{run.pk} failed: {message} [{run.error_code}]")
        if options["json"]:
            self.stdout.write(json.dumps(run.result, indent=1, ensure_ascii=False))
        else:
            self.stdout.write(plain_table(kind, run.result, run.parameters))
            self.stdout.write(f"(stored as analysis run #{run.pk})")

    def _parameters(self, kind: str, options) -> dict:
        def need(*names):
            missing = [f"--{name}" for name in names if not options.get(name)]
            if missing:
                raise CommandError(f"{kind} needs {', '.join(missing)}")

        if kind == AnalysisKind.TTEST:
            need("value", "group")
            parameters = {
                "value": options["value"],
                "group": options["group"],
                "confidence": options["confidence"],
            }
            if options["groups"]:
                parameters["groups"] = [g.strip() for g in options["groups"].split(",")]
            return parameters
        if kind == AnalysisKind.LOGIT:
            need("outcome", "event", "predictors")
            return {
                "outcome": options["outcome"],
                "event": options["event"],
                "predictors": [p.strip() for p in options["predictors"].split(",") if p.strip()],
                "ci": options["ci"],
                "cut": options["cut"],
            }
        if kind == AnalysisKind.DO_SETTLEMENT:
            need("scheme")
            scheme_path = Path(options["scheme"])
            try:
                scheme = json.loads(scheme_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as error:
                raise CommandError(f"cannot read the scheme file: {error}") from None
            if isinstance(scheme, dict) and "scheme" in scheme:
                scheme = scheme["scheme"]  # the reference-case file shape
            return {"scheme": scheme}
        if kind == AnalysisKind.FARM_INCOME:
            given = {
                "local_wage_per_hko": options.get("wage"),
                "interest_rate_percent": options.get("interest"),
                "land_rent_per_ha": options.get("rent"),
            }
            comparisons = {key: value for key, value in given.items() if value}
            return {"comparisons": comparisons} if comparisons else {}
        return {}
