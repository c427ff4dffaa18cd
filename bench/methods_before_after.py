"""Time the three methods before and after the speed-ups, on the benchmark data, in one process.

The "before" modules are loaded from git (see check_equivalence.py). Each method gets the frame the
run path gives it (read_table: every cell text) and, for comparison, the frame pandas.read_csv
infers (numbers as numbers). Calls alternate before/after; medians of ``--repeats`` calls.

    .venv/bin/python bench/methods_before_after.py [--repeats 5] [--against REV]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from check_equivalence import MODULES, REFERENCE, load_reference  # noqa: E402
from generate import generate  # noqa: E402
from measure import PARAMETERS  # noqa: E402

CALLS = {
    "logit": ("logit", "logistic_regression"),
    "ttest": ("ttest", "independent_ttest"),
    "csi": ("csi_ipa", "csi_ipa"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--against", default=REFERENCE)
    parser.add_argument("--data", type=Path, help="benchmark data directory (else generated)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="tebu-before-after-") as tmp:
        reference = load_reference(args.against, Path(tmp))
        data = args.data or Path(tmp) / "data"
        if args.data is None:
            generate(data)
        print(
            "| Case | Input | Before (s) | After (s) | Speed-up |\n|---|---|---:|---:|---:|",
            flush=True,
        )
        for case, (module, function) in CALLS.items():
            path = data / f"{case}.csv"
            frames = {
                "text (as read_table gives)": pd.read_csv(path, dtype=str, keep_default_na=False),
                "numbers (read_csv inferred)": pd.read_csv(path),
            }
            before = getattr(reference[module], function)
            after = getattr(MODULES[module], function)
            for label, frame in frames.items():
                times: dict[str, list[float]] = {"before": [], "after": []}
                for i in range(args.repeats):
                    order = ("before", "after") if i % 2 == 0 else ("after", "before")
                    for side in order:
                        call = before if side == "before" else after
                        started = time.perf_counter()
                        call(frame, **PARAMETERS[case])
                        times[side].append(time.perf_counter() - started)
                b = statistics.median(times["before"])
                a = statistics.median(times["after"])
                print(f"| {case} | {label} | {b:.2f} | {a:.2f} | {b / a:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
