"""Seeded generators for the benchmark data sets (written as CSV, the way analysts upload them).

Each data set is simulated from a known model, so a run's result can be checked against the truth
as well as against the bare library call:

- ``logit.csv``: 100,000 farmers; ``partner`` (1 = joined the partnership) drawn from a logistic
  model in six predictors with the coefficients in ``LOGIT_TRUE``.
- ``ttest.csv``: 1,000,000 farms; ``income_juta_ha`` (income per ha, million Rp, 3 decimals) for
  ``mitra`` (partners) and ``non-mitra`` farms with different means and spreads.
- ``csi.csv``: 1,000,000 answers in long form (respondent, attribute, importance, performance) on
  the 13 attributes of the PG Semboro survey; about 1 % of scores are blank (skipped).

Usage: ``python bench/generate.py DIR [--seed N]`` writes the three files into DIR.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20260101

LOGIT_ROWS = 100_000
TTEST_ROWS = 1_000_000
CSI_ROWS = 1_000_000

LOGIT_PREDICTORS = [
    "age",
    "area_ha",
    "experience_years",
    "family_size",
    "income_juta",
    "distance_km",
]
#: The true model: logit P(partner) = constant + sum(b * predictor).
LOGIT_TRUE = {
    "constant": -1.5,
    "age": -0.02,
    "area_ha": 0.45,
    "experience_years": 0.03,
    "family_size": 0.08,
    "income_juta": 0.012,
    "distance_km": -0.06,
}

TTEST_GROUPS = {"mitra": (32.5, 9.0, 0.55), "non-mitra": (26.8, 11.5, 0.45)}  # mean, sd, share

CSI_ATTRIBUTES = [
    "Persyaratan pengajuan kredit",
    "Pemetaan luas areal lahan",
    "Prosedur pengajuan kredit",
    "Jumlah dana kredit yang diberikan",
    "Pencairan dana kredit",
    "Komunikasi dengan pihak PG",
    "Respon terhadap keluhan",
    "Frekuensi bimbingan teknis",
    "Pengaturan waktu giling",
    "Penentuan kualitas tebu",
    "Informasi rendemen",
    "Profit sharing gula",
    "Waktu pembayaran DO",
]
CSI_BLANK_SHARE = 0.01


def logit_frame(rng: np.random.Generator, rows: int = LOGIT_ROWS) -> pd.DataFrame:
    age = rng.integers(22, 75, rows)
    area = np.round(rng.gamma(2.0, 0.6, rows) + 0.1, 2)
    experience = np.minimum(rng.integers(0, 40, rows), age - 18)
    family = rng.integers(1, 9, rows)
    income = np.round(rng.lognormal(3.6, 0.5, rows), 1)
    distance = np.round(rng.uniform(0.5, 30.0, rows), 1)
    columns = dict(
        zip(LOGIT_PREDICTORS, [age, area, experience, family, income, distance], strict=True)
    )
    eta = LOGIT_TRUE["constant"] + sum(LOGIT_TRUE[name] * columns[name] for name in columns)
    partner = (rng.random(rows) < 1.0 / (1.0 + np.exp(-eta))).astype(int)
    ids = np.char.add("F", np.char.zfill(np.arange(1, rows + 1).astype(str), 6))
    return pd.DataFrame({"farmer": ids, "partner": partner, **columns})


def ttest_frame(rng: np.random.Generator, rows: int = TTEST_ROWS) -> pd.DataFrame:
    names = list(TTEST_GROUPS)
    shares = [TTEST_GROUPS[name][2] for name in names]
    which = rng.choice(len(names), size=rows, p=shares)
    means = np.array([TTEST_GROUPS[name][0] for name in names])[which]
    sds = np.array([TTEST_GROUPS[name][1] for name in names])[which]
    income = np.round(rng.normal(means, sds), 3)
    return pd.DataFrame({"group": np.array(names, dtype=object)[which], "income_juta_ha": income})


def csi_frame(rng: np.random.Generator, rows: int = CSI_ROWS) -> pd.DataFrame:
    p = len(CSI_ATTRIBUTES)
    respondents = -(-rows // p)  # ceiling: every respondent answers every attribute...
    total = respondents * p
    # ...except a few (respondent, attribute) rows dropped at random to hit exactly ``rows``.
    keep = np.ones(total, dtype=bool)
    keep[rng.choice(total, size=total - rows, replace=False)] = False
    respondent = np.repeat(np.arange(1, respondents + 1), p)[keep]
    attribute = np.tile(np.arange(p), respondents)[keep]
    # Each attribute has its own typical importance and performance; answers scatter around them.
    centre_imp = rng.uniform(2.5, 4.7, p)[attribute]
    centre_perf = rng.uniform(2.8, 4.8, p)[attribute]
    importance = np.clip(np.rint(rng.normal(centre_imp, 0.8)), 1, 5)
    performance = np.clip(np.rint(rng.normal(centre_perf, 0.8)), 1, 5)
    importance[rng.random(rows) < CSI_BLANK_SHARE] = np.nan
    performance[rng.random(rows) < CSI_BLANK_SHARE] = np.nan
    return pd.DataFrame(
        {
            "respondent": np.char.add("R", np.char.zfill(respondent.astype(str), 6)),
            "attribute": np.array(CSI_ATTRIBUTES, dtype=object)[attribute],
            "importance": pd.array(importance, dtype="Int64"),  # blank in the CSV when skipped
            "performance": pd.array(performance, dtype="Int64"),
        }
    )


GENERATORS = {"logit": logit_frame, "ttest": ttest_frame, "csi": csi_frame}


def generate(directory: Path, seed: int = SEED) -> dict[str, Path]:
    """Write ``<case>.csv`` for every case into ``directory``; one seed, the same bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for offset, (case, make) in enumerate(GENERATORS.items()):
        frame = make(np.random.default_rng([seed, offset]))
        path = directory / f"{case}.csv"
        frame.to_csv(path, index=False)
        paths[case] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for case, path in generate(args.directory, args.seed).items():
        print(f"{case}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
