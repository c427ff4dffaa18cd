"""What each kind of analysis reads and computes.

A runner turns a run's stored input (an uploaded file or the system's own data, read through the
other apps' selectors) into the argument of one pure method, and the method's result into JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from analytics.inputs import read_json, read_table
from analytics.methods.csi_ipa import csi_ipa
from analytics.methods.errors import AnalysisInputError
from analytics.methods.farm_income import (
    benchmarks_from_dict,
    farm_from_dict,
    farm_income,
    group_summary,
)
from analytics.methods.logit import logistic_regression
from analytics.methods.ttest import independent_ttest
from analytics.models import AnalysisKind
from harvest.calculations.errors import SettlementInputError
from harvest.calculations.settlement import DeliveryInput, scheme_from_dict, settle


@dataclass(frozen=True)
class Runner:
    read: Callable[[bytes, str], object]  # file bytes and name -> the method's input
    compute: Callable[[object, dict], dict]  # input and run parameters -> JSON result
    count_rows: Callable[[object], int]
    # The system's own data for a run's parameters, read through the owning app's selectors.
    load_system: Callable[[dict], object] | None = None
    # Columns of an uploaded table the method parses as numbers (read as float64 directly).
    numeric_columns: Callable[[dict], list[str]] | None = None

    def read_file(self, data: bytes, name: str, parameters: dict):
        if self.numeric_columns is None:
            return self.read(data, name)
        return self.read(data, name, numeric=self.numeric_columns(parameters))


def _rows(frame) -> int:
    return len(frame)


def _survey_responses(parameters: dict) -> pd.DataFrame:
    from surveys import selectors as survey_selectors

    return survey_selectors.responses_frame(
        round_id=parameters["round_id"],
        region_ids=parameters.get("region_ids") or None,
        partner_types=parameters.get("partner_types") or None,
    )


def _csi_ipa(frame: pd.DataFrame, parameters: dict) -> dict:
    return csi_ipa(
        frame,
        attribute_order=parameters.get("attribute_order"),
        dimensions=parameters.get("dimensions"),
    ).to_dict()


def _farms(payload) -> list:
    if isinstance(payload, dict) and "inputs" in payload and "fixed_costs" not in payload:
        payload = payload["inputs"]  # the reference-case file shape
    farms = payload if isinstance(payload, list) else [payload]
    if not farms:
        raise AnalysisInputError("empty_input", "no farm in the file")
    return farms


def _farm_income(payload, parameters: dict) -> dict:
    # The run's local wage, interest rate and land rent, for every farm without its own.
    benchmarks = benchmarks_from_dict(parameters.get("comparisons"))
    results = [
        farm_income(farm_from_dict(d, index=i), benchmarks) for i, d in enumerate(_farms(payload))
    ]
    body: dict = {"farms": [result.to_dict() for result in results]}
    if len(results) > 1 and all(result.area_ha for result in results):
        groups: dict[str, list] = {}
        for raw, result in zip(_farms(payload), results, strict=True):
            groups.setdefault(str(raw.get("group") or ""), []).append(result)
        body["groups"] = [
            group_summary(members, name or None).to_dict() for name, members in groups.items()
        ]
    return body


def _ttest(frame: pd.DataFrame, parameters: dict) -> dict:
    groups = parameters.get("groups")
    return independent_ttest(
        frame,
        value=parameters["value"],
        group=parameters["group"],
        groups=tuple(groups) if groups else None,
        confidence=float(parameters.get("confidence", 0.95)),
    ).to_dict()


def _logit(frame: pd.DataFrame, parameters: dict) -> dict:
    return logistic_regression(
        frame,
        outcome=parameters["outcome"],
        event=parameters["event"],
        predictors=list(parameters["predictors"]),
        ci_level=float(parameters.get("ci", 0.95)),
        cut=float(parameters.get("cut", 0.5)),
    ).to_dict()


DELIVERY_COLUMNS = ["name", "area_ha", "cane_kw", "rendemen_percent"]


def _do_settlement(frame: pd.DataFrame, parameters: dict) -> dict:
    for column in DELIVERY_COLUMNS:
        if column not in frame.columns:
            raise AnalysisInputError("missing_column", f"missing column {column}", column=column)
    try:
        scheme = scheme_from_dict(parameters["scheme"])
        farmers = []
        for position, row in enumerate(frame.to_dict("records"), start=2):
            try:
                delivery = DeliveryInput(
                    name=row["name"],
                    area_ha=Decimal(str(row["area_ha"]).strip()),
                    cane_kw=Decimal(str(row["cane_kw"]).strip()),
                    rendemen_percent=Decimal(str(row["rendemen_percent"]).strip()),
                    natura_consumed_kw=Decimal(str(row.get("natura_consumed_kw") or "0").strip()),
                )
            except ArithmeticError:
                raise AnalysisInputError(
                    "non_numeric", f"row {position}: a number is not valid", row=position
                ) from None
            farmers.append(settle(delivery, scheme).to_dict())
    except SettlementInputError as error:
        raise AnalysisInputError(error.code, str(error), **error.params) from None
    return {"farmers": farmers}


def _farms_in_system(parameters: dict) -> list[dict]:
    from analytics.farm_records import farms_payload

    return farms_payload(parameters)


def _farmers_in_system(parameters: dict) -> pd.DataFrame:
    from analytics.farm_records import farmer_frame

    return farmer_frame(parameters)


RUNNERS: dict[str, Runner] = {
    AnalysisKind.CSI_IPA: Runner(
        read_table,
        _csi_ipa,
        _rows,
        load_system=_survey_responses,
        numeric_columns=lambda parameters: ["importance", "performance"],
    ),
    AnalysisKind.FARM_INCOME: Runner(
        read_json, _farm_income, lambda p: len(_farms(p)), load_system=_farms_in_system
    ),
    AnalysisKind.TTEST: Runner(
        read_table,
        _ttest,
        _rows,
        load_system=_farmers_in_system,
        numeric_columns=lambda parameters: [parameters["value"]],
    ),
    AnalysisKind.LOGIT: Runner(
        read_table,
        _logit,
        _rows,
        load_system=_farmers_in_system,
        numeric_columns=lambda parameters: list(parameters["predictors"]),
    ),
    AnalysisKind.DO_SETTLEMENT: Runner(read_table, _do_settlement, _rows),
}
