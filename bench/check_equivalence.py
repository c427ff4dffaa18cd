"""Proof that the speed-ups of the analysis methods did not change a single result.

The methods csi_ipa, ttest and logit were made faster for the benchmark (see bench/RESULTS.md).
This script loads the versions of those modules from a git revision before the speed-ups
(``git show``, read-only) beside the current ones and runs both on

1. the benchmark data sets, read as the run path reads them (every cell text) and as numbers;
2. thousands of small random frames built from awkward cells (blanks, padded numbers, "3.0",
   "True", "nan", "inf", huge integers, non-breaking spaces, None, NaN, bools, ints), so that
   every error path is taken as well as the happy path;
3. random predicted probabilities with ties for the Hosmer-Lemeshow grouping walk.

Each pair must agree exactly: the same ``to_dict()`` (floats equal bit for bit, same types), or the
same error (type, code, params, message).

    .venv/bin/python bench/check_equivalence.py [--against REV] [--cases N] [--data DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from measure import PARAMETERS  # noqa: E402

from analytics.methods import csi_ipa, logit, ttest  # noqa: E402

#: The last commit that changed the three methods before the speed-ups.
REFERENCE = "2d7500156f28572cd0822a15c1cdb3a4cb66cb14"
MODULES = {"csi_ipa": csi_ipa, "ttest": ttest, "logit": logit}


def load_reference(revision: str, directory: Path) -> dict:
    modules = {}
    for name in MODULES:
        source = subprocess.run(
            ["git", "show", f"{revision}:analytics/methods/{name}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        path = directory / f"reference_{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(f"reference_{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        modules[name] = module
    return modules


# --------------------------------------------------------------------------------------------
# Comparing outcomes
# --------------------------------------------------------------------------------------------


def outcome(function, *args, **kwargs):
    """("ok", to_dict()) or ("error", type name, code, params, message)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # every error must match too, not only AnalysisInputError
            return (
                "error",
                type(error).__name__,
                getattr(error, "code", None),
                getattr(error, "params", None),
                str(error),
            )
    return ("ok", result.to_dict() if hasattr(result, "to_dict") else result)


def same(a, b) -> bool:
    """Exact equality: floats bit for bit (NaN equals NaN), same types, same structure."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    return a == b


class Tally:
    def __init__(self) -> None:
        self.compared = 0
        self.errors = 0
        self.failures: list[str] = []
        self.by_kind: dict[str, list[int]] = {}  # kind -> [results, errors]

    def check(self, label: str, old, new) -> None:
        self.compared += 1
        self.errors += old[0] == "error"
        counts = self.by_kind.setdefault(label.split()[0], [0, 0])
        counts[old[0] == "error"] += 1
        if not same(old, new):
            self.failures.append(f"{label}:\n  before: {old!r:.600}\n  after:  {new!r:.600}")


# --------------------------------------------------------------------------------------------
# Awkward cells
# --------------------------------------------------------------------------------------------

SCORE_TEXT = [
    "1", "2", "3", "4", "5", " 4 ", "3.0", "4.", "+2", "", "  ", "\xa0", "\u3000", "3.5", "0",
    "6", "-1", "abc", "True", "nan", "NaN", "inf", "-inf", "1e0", "2E0", "18446744073709551616",
    "9223372036854775808", "-9223372036854775809", "4_0", "0x3", "５",
]  # fmt: skip
SCORE_OBJECTS = [1, 2, 5, 3.0, 4.5, True, False, None, np.nan, np.int64(4), "3", " ", 7]
NUMBER_TEXT = [
    "1", "2.5", "10", "-3.25", "0", "1e3", " 7 ", "", " ", "\xa0", "abc", "nan", "inf",
    "18446744073709551615", "-1", "9223372036854775808", "3.000", "1_000", "0.1", "1e-300",
]  # fmt: skip
NUMBER_OBJECTS = [1, 2.5, None, np.nan, True, "4", " 5 ", "", "x", np.float64(3.5)]
# Scores as read_table's float64 columns give them (blank is NaN), valid ones first.
SCORE_FLOATS = [1.0, 2.0, 3.0, 4.0, 5.0, np.nan, 0.0, 6.0, 2.5, np.inf, -np.inf, -0.0, 5.000001]
LABEL_TEXT = ["R1", "R2", "R3", "R 4", " R1", "", "  ", "007", "7", "ä", "\xa0"]
LABEL_OBJECTS = ["R1", "R2", 7, 7.0, True, None, np.nan, "7", ""]


def pick(rng: np.random.Generator, pool: list, n: int, weights_first: int = 0) -> list:
    """n cells from pool; the first ``weights_first`` values are favoured so that frames are often
    valid (otherwise nearly every frame fails at its first cell)."""
    if weights_first:
        p = np.ones(len(pool))
        p[:weights_first] = 20.0
        p /= p.sum()
        index = rng.choice(len(pool), size=n, p=p)
    else:
        index = rng.integers(0, len(pool), n)
    return [pool[i] for i in index]


def fuzz_csi(reference, rng, cases: int, tally: Tally) -> None:
    attributes = ["Harga", "Rendemen", "Pembayaran", "Bimbingan"]
    for case in range(cases):
        n = int(rng.integers(1, 40))
        as_text = case % 3 != 2  # mostly text, as read_table gives; sometimes mixed objects
        respondents = [f"R{i}" for i in rng.integers(0, 12, n)]
        if case % 7 == 0:
            respondents = pick(rng, LABEL_TEXT if as_text else LABEL_OBJECTS, n, 3)
        attribute = [attributes[i] for i in rng.integers(0, len(attributes), n)]
        if case % 11 == 0:
            attribute = pick(rng, [*attributes, "", " ", None] if not as_text else attributes, n, 4)
        pool = SCORE_TEXT if as_text else SCORE_OBJECTS
        if case % 2:  # valid cells only (with blanks, padding and "3.0"), so results are compared
            pool = SCORE_TEXT[:11] if as_text else [*SCORE_OBJECTS[:4], None, np.nan, "3", " "]
        frame = pd.DataFrame(
            {
                "respondent": pd.Series(respondents, dtype=object),
                "attribute": pd.Series(attribute, dtype=object),
                "importance": pd.Series(pick(rng, pool, n, 5), dtype=object),
                "performance": pd.Series(pick(rng, pool, n, 5), dtype=object),
            }
        )
        if case % 5 == 0:
            frame.index = rng.permutation(n) * 3 + 100  # errors name the caller's index label
        if case % 13 == 0:  # a frame of numbers, as read_csv without dtype=str gives
            frame = frame.assign(
                importance=rng.integers(1, 6, n).astype(float),
                performance=rng.integers(0, 6, n),
            )
        elif case % 3 == 1:  # float64 scores with NaN for blanks, as read_table reads them
            frame = frame.assign(
                importance=np.array(pick(rng, SCORE_FLOATS, n, 6), dtype=float),
                performance=np.array(pick(rng, SCORE_FLOATS, n, 6), dtype=float),
            )
        if case % 10 == 3:  # more columns than the four, in another order
            frame = frame.assign(note="x")[["note", "performance", *frame.columns[:3]]]
        kwargs = {}
        if case % 4 == 0:
            kwargs["attribute_order"] = attributes[::-1]
        if case % 6 == 0:
            kwargs["dimensions"] = {"Harga": "Tangibles", "Rendemen": "Assurance"}
        if case % 9 == 0:
            kwargs["scale_max"] = 7
        # Drop duplicated (respondent, attribute) pairs most of the time so results are computed.
        if case % 8 != 0:
            frame = frame.loc[~frame.duplicated(subset=["respondent", "attribute"])]
        given = frame.copy()
        tally.check(
            f"csi case {case}",
            outcome(reference.csi_ipa, frame.copy(), **kwargs),
            outcome(csi_ipa.csi_ipa, given, **kwargs),
        )
        tally.check(  # the caller's frame is left as it was
            f"csi case {case} (input unchanged)",
            ("ok", frame.to_dict("split"), [str(t) for t in frame.dtypes]),
            ("ok", given.to_dict("split"), [str(t) for t in given.dtypes]),
        )


def fuzz_ttest(reference, rng, cases: int, tally: Tally) -> None:
    for case in range(cases):
        n = int(rng.integers(2, 60))
        as_text = case % 3 != 2
        if case % 2:
            values = [f"{v:.{int(rng.integers(0, 4))}f}" for v in rng.normal(20, 5, n)]
            if not as_text:
                values = [float(v) for v in values]
            bad = rng.random(n) < (0.1 if case % 4 == 1 else 0.01)
            pool = NUMBER_TEXT if as_text else NUMBER_OBJECTS
            values = [pick(rng, pool, 1)[0] if b else v for v, b in zip(values, bad, strict=True)]
        else:
            values = pick(rng, NUMBER_TEXT if as_text else NUMBER_OBJECTS, n, 4)
        groups = pick(
            rng, ["mitra", "non-mitra", " mitra", "", "lain"] if as_text else LABEL_OBJECTS, n, 2
        )
        frame = pd.DataFrame(
            {"value": pd.Series(values, dtype=object), "group": pd.Series(groups, dtype=object)}
        )
        kwargs = {"value": "value", "group": "group"}
        if case % 4 == 0:
            kwargs["groups"] = ("mitra", "non-mitra") if as_text else ("R1", "7")
        tally.check(
            f"ttest case {case}",
            outcome(reference.independent_ttest, frame.copy(), **kwargs),
            outcome(ttest.independent_ttest, frame.copy(), **kwargs),
        )
    # Many repeated values (the distinct-value path) and few (the per-cell path).
    for case, decimals in enumerate((1, 6)):
        values = np.round(rng.normal(30, 8, 4000), decimals)
        frame = pd.DataFrame(
            {
                "value": [repr(float(v)) for v in values],
                "group": np.where(rng.random(4000) < 0.5, "a", "b").astype(object),
            }
        )
        tally.check(
            f"ttest large {case}",
            outcome(reference.independent_ttest, frame, value="value", group="group"),
            outcome(ttest.independent_ttest, frame, value="value", group="group"),
        )


def fuzz_logit(reference, rng, cases: int, tally: Tally) -> None:
    outcomes = ["1", "0", "ya", "tidak", " 1", "YA", "1.0", "", "Tidak "]
    for case in range(cases):
        n = int(rng.integers(15, 200))
        as_text = case % 4 != 3
        x1 = rng.normal(0, 1, n)
        x2 = rng.integers(0, 6, n)
        x3 = np.round(rng.gamma(2.0, 2.0, n), int(rng.integers(0, 3)))
        eta = -0.3 + 0.8 * x1 - 0.2 * x2 + 0.1 * x3
        event = rng.random(n) < 1 / (1 + np.exp(-eta))
        style = case % 5
        if style == 0:
            y = np.where(event, "1", "0")
        elif style == 1:
            y = np.where(event, "ya", "tidak")
        else:
            y = np.array(pick(rng, outcomes, n, 4), dtype=object)
            y[event & (rng.random(n) < 0.5)] = "1"
        columns = {"x1": x1, "x2": x2, "x3": x3}
        frame = pd.DataFrame({"y": pd.Series(list(y), dtype=object)})
        for name, values in columns.items():
            cells: list = [repr(float(v)) if name != "x2" else str(int(v)) for v in values]
            if rng.random() < 0.3:  # a few awkward cells in some columns
                pool = NUMBER_TEXT if as_text else NUMBER_OBJECTS
                for i in np.flatnonzero(rng.random(n) < 0.05):
                    cells[i] = pick(rng, pool, 1)[0]
            if not as_text and rng.random() < 0.5:
                frame[name] = pd.Series(values)  # a column of numbers
            else:
                frame[name] = pd.Series(cells, dtype=object)
        if case % 17 == 0:
            frame["x3"] = frame["x1"]  # collinear
        if case % 7 == 5:  # an outcome of numbers, as read_csv without dtype=str gives
            frame["y"] = np.where(event, 1, 0) if case % 2 else np.where(event, 1.0, 0.0)
        elif style >= 2 and case % 3 == 0:  # no blank outcome, several non-event values
            frame["y"] = frame["y"].replace("", "0")
        event_value = ["1", "ya", 1, "YA", 1.0][case % 5]
        kwargs = {"outcome": "y", "event": event_value, "predictors": ["x1", "x2", "x3"]}
        if case % 6 == 0:
            kwargs["ci_level"] = 0.9
            kwargs["cut"] = 0.4
        tally.check(
            f"logit case {case}",
            outcome(reference.logistic_regression, frame.copy(), **kwargs),
            outcome(logit.logistic_regression, frame.copy(), **kwargs),
        )


def fuzz_hosmer_lemeshow(reference, rng, cases: int, tally: Tally) -> None:
    for case in range(cases):
        n = int(rng.integers(0, 400)) if case % 10 else int(rng.integers(0, 6))
        p = rng.random(n)
        if case % 2:
            p = np.round(p, int(rng.integers(0, 3)))  # heavy ties: big blocks
        if case % 7 == 0 and n:
            p[rng.random(n) < 0.5] = 0.5
        old = [g.tolist() for g in reference.hosmer_lemeshow_groups(p)]
        new = [g.tolist() for g in logit.hosmer_lemeshow_groups(p)]
        tally.check(f"hosmer-lemeshow case {case} (n={n})", ("ok", old), ("ok", new))


# --------------------------------------------------------------------------------------------
# The benchmark data sets
# --------------------------------------------------------------------------------------------


def benchmark_data(reference, data: Path, tally: Tally) -> None:
    for case, module, function, kwargs in (
        ("csi", "csi_ipa", "csi_ipa", dict(PARAMETERS["csi"])),
        ("ttest", "ttest", "independent_ttest", dict(PARAMETERS["ttest"])),
        ("logit", "logit", "logistic_regression", dict(PARAMETERS["logit"])),
    ):
        for label, frame in (
            ("text", pd.read_csv(data / f"{case}.csv", dtype=str, keep_default_na=False)),
            ("numbers", pd.read_csv(data / f"{case}.csv")),
        ):
            tally.check(
                f"benchmark {case} ({label})",
                outcome(getattr(reference[module], function), frame, **kwargs),
                outcome(getattr(MODULES[module], function), frame, **kwargs),
            )
            print(f"  benchmark {case} ({label}): compared", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=REFERENCE, help="git revision of the old methods")
    parser.add_argument("--cases", type=int, default=1500, help="random frames per method")
    parser.add_argument("--data", type=Path, help="benchmark data directory (else generated)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-benchmark-data", action="store_true", help="only the random frames (quick)"
    )
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="tebu-equivalence-") as tmp:
        reference = load_reference(args.against, Path(tmp))
        fuzz_csi(reference["csi_ipa"], rng, args.cases, tally)
        fuzz_ttest(reference["ttest"], rng, args.cases, tally)
        fuzz_logit(reference["logit"], rng, args.cases, tally)
        fuzz_hosmer_lemeshow(reference["logit"], rng, args.cases, tally)
        if not args.no_benchmark_data:
            data = args.data
            if data is None:
                data = Path(tmp) / "data"
                generate(data)
            benchmark_data(reference, data, tally)
    for failure in tally.failures[:20]:
        print(failure)
    for kind, (results, errors) in tally.by_kind.items():
        print(f"  {kind}: {results} results and {errors} errors compared")
    print(f"{tally.compared} comparisons against {args.against[:12]}: {len(tally.failures)} differ")
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    main()
