"""`manage.py analyze`: the reference cases through the command line, and bad input messages."""

import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from analytics.methods.rounding import round_half_up
from analytics.models import AnalysisRun, RunStatus

pytestmark = pytest.mark.django_db


def analyze(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("analyze", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_csi_ipa_reference_case(tmp_path, semboro_csv):
    # Larasati (2020), PG Semboro 2018/2019: CSI 84.36, WAT 421.81, cut lines 4.24 / 3.92.
    path = tmp_path / "responses.csv"
    path.write_bytes(semboro_csv)
    result = analyze("csi-ipa", "--input", str(path))
    assert round_half_up(result["csi"]) == Decimal("84.36")
    assert round_half_up(result["wat"]) == Decimal("421.81")
    assert round_half_up(result["performance_mean"]) == Decimal("4.24")
    assert round_half_up(result["importance_mean"]) == Decimal("3.92")
    assert result["csi_band"] and result["n_respondents"] == 24
    quadrant_a = [i + 1 for i, a in enumerate(result["attributes"]) if a["quadrant"] == "A"]
    assert quadrant_a == [5, 11, 13]
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED and run.input_name == "responses.csv"


def test_farm_income_reference_case(data_dir):
    # Nurjayanti and Naim, PG Pakis Baru: the arithmetic from the printed lines.
    result = analyze("farm-income", "--input", str(data_dir / "farm_feasibility_pakis_baru.json"))
    farm = result["farms"][0]
    assert round_half_up(Decimal(farm["total_cost"])) == Decimal("25621111.00")
    assert round_half_up(Decimal(farm["total_revenue"])) == Decimal("40601262.82")
    assert round_half_up(Decimal(farm["income"])) == Decimal("14980151.82")
    assert round_half_up(Decimal(farm["rc_ratio"])) == Decimal("1.58")
    assert round_half_up(Decimal(farm["vc_per_unit"])) == Decimal("161.84")
    assert round_half_up(Decimal(farm["price_per_unit"])) == Decimal("382.04")
    assert abs(Decimal(farm["bep_units"]) / Decimal("44455.33") - 1) < Decimal("0.0001")
    assert abs(Decimal(farm["bep_rupiah"]) / Decimal("16983515.46") - 1) < Decimal("0.0001")
    assert farm["feasible_by_rc"] and farm["feasible_by_bep"]


def test_do_settlement_reference_case(tmp_path, data_dir):
    # Valentine (2017), PG Djatiroto 2016: sugar within 0.001 kw, money within Rp 100.
    reference = json.loads((data_dir / "do_settlement_djatiroto.json").read_text())
    rows = [{"name": f["name"], **f["inputs"]} for f in reference["farmers"]]
    deliveries = tmp_path / "deliveries.csv"
    pd.DataFrame(rows).to_csv(deliveries, index=False)
    result = analyze(
        "do-settlement",
        "--input",
        str(deliveries),
        "--scheme",
        str(data_dir / "do_settlement_djatiroto.json"),
    )
    for got, farmer in zip(result["farmers"], reference["farmers"], strict=True):
        expected = farmer["expected"]
        for key in ("farmer_sugar_kw", "auctioned_sugar_kw"):
            assert abs(Decimal(got[key]) - Decimal(expected[key])) <= Decimal("0.001"), key
        for key in (
            "revenue_sugar",
            "revenue_molasses",
            "revenue_natura",
            "revenue_profit_sharing",
            "total_revenue",
        ):
            assert abs(Decimal(got[key]) - Decimal(expected[key])) <= 100, key
        assert Decimal(got["molasses_kg"]) == Decimal(expected["molasses_kg"])


def test_ttest_and_logit_from_files(tmp_path):
    rng = np.random.default_rng(7)
    n = 120
    partner = rng.random(n) < 0.5
    income = np.where(partner, rng.normal(30, 5, n), rng.normal(25, 6, n))
    experience = rng.integers(1, 40, n)
    logit_p = 1 / (1 + np.exp(-(-2 + 0.08 * experience)))
    joined = np.where(rng.random(n) < logit_p, "mitra", "non")
    frame = pd.DataFrame(
        {
            "income": income,
            "status": np.where(partner, "mitra", "non"),
            "experience": experience,
            "joined": joined,
        }
    )
    path = tmp_path / "farmers.csv"
    frame.to_csv(path, index=False)
    ttest = analyze("ttest", "--input", str(path), "--value", "income", "--group", "status")
    assert [g["name"] for g in ttest["groups"]] == ["mitra", "non"]
    assert ttest["equal_variances"]["df"] == n - 2
    logit = analyze(
        "logit",
        "--input",
        str(path),
        "--outcome",
        "joined",
        "--event",
        "mitra",
        "--predictors",
        "experience",
        "--ci",
        "0.90",
    )
    assert [c["name"] for c in logit["coefficients"]] == ["experience", "constant"]
    assert logit["n"] == n


def write_csv(tmp_path, frame: pd.DataFrame) -> str:
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize(
    ("frame", "arguments", "message"),
    [
        (
            pd.DataFrame({"x": [1, 2], "g": ["a", "b"]}),
            ["--value", "income", "--group", "g"],
            "“income”",
        ),
        (
            pd.DataFrame({"income": ["satu", "2", "3"], "g": ["a", "a", "b"]}),
            ["--value", "income", "--group", "g"],
            "bukan angka",
        ),
        (
            pd.DataFrame({"income": [1, 2, 3], "g": ["a", "a", "a"]}),
            ["--value", "income", "--group", "g"],
            "dua kelompok",
        ),
    ],
)
def test_ttest_bad_input_messages(tmp_path, frame, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("analyze", "ttest", "--input", write_csv(tmp_path, frame), *arguments)
    assert message in str(error.value)
    assert AnalysisRun.objects.get().status == RunStatus.FAILED


def logit_frame(n=60, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = np.where(rng.random(n) < 1 / (1 + np.exp(-x)), 1, 0)
    return pd.DataFrame({"x": x, "y": y, "z": rng.normal(size=n)})


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda f: f.assign(y=1), "constant_outcome"),
        (lambda f: f.assign(y=(f.x > 0).astype(int)), "perfect_separation"),
        (lambda f: f.assign(z=f.x * 2), "singular_design"),
        (lambda f: f.head(2), "too_few_cases"),
    ],
)
def test_logit_bad_input_messages(tmp_path, change, code):
    path = write_csv(tmp_path, change(logit_frame()))
    with pytest.raises(CommandError) as error:
        call_command(
            "analyze",
            "logit",
            "--input",
            path,
            "--outcome",
            "y",
            "--event",
            "1",
            "--predictors",
            "x,z",
        )
    assert f"[{code}]" in str(error.value)


def test_missing_file_and_missing_options_are_refused(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("analyze", "csi-ipa", "--input", str(tmp_path / "nothing.csv"))
    path = write_csv(tmp_path, logit_frame())
    with pytest.raises(CommandError, match="--value"):
        call_command("analyze", "ttest", "--input", path, "--group", "y")
