"""Benchmark of analysis runs against the bare library calls (`make bench`).

For each case (logistic regression on 100,000 farmers, t-test on 1,000,000 values, CSI/IPA on
1,000,000 answers) this script:

1. generates the data with bench/generate.py (seeded, into a temporary directory);
2. migrates a throwaway SQLite database, with MEDIA_ROOT in the same temporary directory;
3. repeats, alternating run and bare in ABBA order (run, bare, bare, run, ...) so slow drift of a
   noisy machine falls on both sides:
   - *store*: ``request_file_run(..., enqueue=False)`` in a process of its own (the web side; its
     time is shown for information, not part of the comparison);
   - *run*: ``execute_run(run_id=...)`` in a fresh process, the exact code path a Celery worker
     runs: read the stored file, hash it, read_table, the method, store the result;
   - *bare*: ``pandas.read_csv`` of the same file and the library call, in a fresh process;
4. checks that the run's stored result agrees with the bare call's numbers;
5. prints medians, the run/bare ratio and the peak RSS of each measurement's process.

Only the standard library is imported here, so this driver's own memory cannot leak into the
measured processes' peak RSS (see measure.py).

    .venv/bin/python bench/run.py [--repeats 5] [--cases logit,ttest,csi] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = {
    "logit": "Logistic regression, 100,000 farmers, 6 predictors",
    "ttest": "t-test, 1,000,000 values, 2 groups",
    "csi": "CSI/IPA, 1,000,000 answers, 13 attributes",
}
TARGET_RATIO = 1.5
TARGET_MEMORY_MB = 1024
# Relative tolerance for run vs bare numbers: both are double-precision computations of the same
# quantities by different routes (e.g. the run fits on standardised predictors).
CHECK_RTOL = 1e-6
LIBRARIES = ("django", "pandas", "numpy", "scipy", "statsmodels")


#: Threads for BLAS (numpy, statsmodels) in every measured process, the same for run and bare.
#: One thread per process is how a prefork Celery worker with one process per core should run,
#: and on a small shared machine it is also far steadier than letting OpenBLAS spin up threads.
BLAS_THREADS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
BLAS_THREADS = 1
#: Set for every measured process (main() fills it from --blas-threads).
MEASURE_ENVIRONMENT: dict[str, str] = {}


def _measure(*args: str) -> dict:
    environment = {**os.environ, **MEASURE_ENVIRONMENT}
    completed = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        raise SystemExit(
            f"measure.py {' '.join(args)} failed ({completed.returncode}):\n"
            f"{completed.stdout}\n{completed.stderr}"
        )
    return json.loads(lines[-1])


def _compare(case: str, run_check: dict, bare_check: dict) -> str | None:
    """None if the run and the bare call agree, else what differs."""
    if set(run_check) != set(bare_check):
        return f"{case}: different keys {sorted(set(run_check) ^ set(bare_check))}"
    for key, expected in bare_check.items():
        got = run_check[key]
        if not math.isclose(got, expected, rel_tol=CHECK_RTOL, abs_tol=1e-12):
            return f"{case}: {key} run={got!r} bare={expected!r}"
    return None


def bench_case(
    case: str, workdir: Path, file: Path, repeats: int, log, proposed: bool = False
) -> dict:
    sides = ["run", "bare", *(["proposed"] if proposed else [])]
    measured: dict[str, list[dict]] = {side: [] for side in sides}
    stores: list[dict] = []
    for i in range(repeats):
        # Alternate which side goes first: run, bare / bare, run / ... (rotated when three sides).
        order = sides[i % len(sides) :] + sides[: i % len(sides)]
        if len(sides) == 2 and i % 2:
            order = ["bare", "run"]
        for side in order:
            if side == "bare":
                measured[side].append(_measure("bare", str(workdir), case, str(file)))
                continue
            stored = _measure("store", str(workdir), case, str(file))
            stores.append(stored)
            mode = "run" if side == "run" else "run-proposed"
            measured[side].append(_measure(mode, str(workdir), case, str(stored["run_id"])))
        log(
            f"  {case} #{i + 1}: "
            + ", ".join(f"{side} {measured[side][-1]['seconds']:.3f} s" for side in sides)
            + f"; run peak {measured['run'][-1]['maxrss_mb']:.0f} MB"
        )
    runs, bares = measured["run"], measured["bare"]
    problem = _compare(case, runs[0]["check"], bares[0]["check"])
    if problem:
        raise SystemExit(f"the run and the bare call disagree: {problem}")
    if proposed and measured["proposed"][0]["check"] != runs[0]["check"]:
        raise SystemExit(f"{case}: the proposed read_table changed the result")
    bare_s = [b["seconds"] for b in bares]
    result = {
        "case": case,
        "rows": runs[0]["rows"],
        "file_mb": file.stat().st_size / 1e6,
        "repeats": repeats,
        "store_s": statistics.median(s["seconds"] for s in stores),
        "bare_s": statistics.median(bare_s),
        "bare_peak_mb": statistics.median(b["maxrss_mb"] for b in bares),
        "bare_base_mb": statistics.median(b["baseline_mb"] for b in bares),
        "hwm_agrees": all(
            abs(m["maxrss_mb"] - m["hwm_mb"]) <= 0.02 * m["hwm_mb"] + 1
            for side in sides
            for m in measured[side]
        ),
    }
    for side in ("run", "proposed") if proposed else ("run",):
        prefix = "" if side == "run" else "proposed_"
        seconds = [m["seconds"] for m in measured[side]]
        result.update(
            {
                f"{prefix}run_s": statistics.median(seconds),
                f"{prefix}ratio_of_medians": statistics.median(seconds) / statistics.median(bare_s),
                f"{prefix}median_ratio": statistics.median(
                    r / b for r, b in zip(seconds, bare_s, strict=True)
                ),
                f"{prefix}run_peak_mb": statistics.median(m["maxrss_mb"] for m in measured[side]),
                f"{prefix}run_peak_max_mb": max(m["maxrss_mb"] for m in measured[side]),
                f"{prefix}run_base_mb": statistics.median(m["baseline_mb"] for m in measured[side]),
                f"{prefix}read_s": statistics.median(m["read_s"] for m in measured[side]),
                f"{prefix}compute_s": statistics.median(m["compute_s"] for m in measured[side]),
            }
        )
    return result


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine() -> dict:
    memory_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_kb / 1024 / 1024,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": {name: version(name) for name in LIBRARIES},
    }


def table(results: list[dict]) -> str:
    lines = [
        "| Case | Rows | Run median (s) | Bare median (s) | Run/bare: median of ratios "
        "| Run/bare: ratio of medians | Peak RSS run (MB) | Peak RSS bare (MB) "
        "| Store (s, web side) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {CASES[r['case']]} | {r['rows']:,} | {r['run_s']:.2f} | {r['bare_s']:.2f} "
            f"| {r['median_ratio']:.2f}x | {r['ratio_of_medians']:.2f}x "
            f"| {r['run_peak_mb']:.0f} (max {r['run_peak_max_mb']:.0f}) | {r['bare_peak_mb']:.0f} "
            f"| {r['store_s']:.2f} |"
        )
    return "\n".join(lines)


def breakdown_table(results: list[dict]) -> str:
    lines = [
        "| Case | Run (s) | of which read_table (s) | of which the method (s) "
        "| rest: hash, database, bookkeeping (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        rest = r["run_s"] - r["read_s"] - r["compute_s"]
        lines.append(
            f"| {CASES[r['case']]} | {r['run_s']:.2f} | {r['read_s']:.2f} "
            f"| {r['compute_s']:.2f} | {rest:.2f} |"
        )
    return "\n".join(lines)


def proposed_table(results: list[dict]) -> str:
    lines = [
        "| Case | Run median, current read_table (s) | Run median, proposed read_table (s) "
        "| Bare median (s) | Proposed run/bare: median of ratios | ratio of medians "
        "| Peak RSS proposed run (MB) | of which read_table (s) | of which the method (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {CASES[r['case']]} | {r['run_s']:.2f} | {r['proposed_run_s']:.2f} "
            f"| {r['bare_s']:.2f} | {r['proposed_median_ratio']:.2f}x "
            f"| {r['proposed_ratio_of_medians']:.2f}x "
            f"| {r['proposed_run_peak_mb']:.0f} (max {r['proposed_run_peak_max_mb']:.0f}) "
            f"| {r['proposed_read_s']:.2f} | {r['proposed_compute_s']:.2f} |"
        )
    return "\n".join(lines)


def verdicts(results: list[dict]) -> str:
    lines = []
    for r in results:
        speed = "met" if r["median_ratio"] <= TARGET_RATIO else "MISSED"
        memory = "met" if r["run_peak_max_mb"] < TARGET_MEMORY_MB else "MISSED"
        lines.append(
            f"- {r['case']}: time target (<= {TARGET_RATIO}x bare, median of ratios) {speed} "
            f"at {r['median_ratio']:.2f}x; memory target (< {TARGET_MEMORY_MB} MB peak) {memory} "
            f"at {r['run_peak_max_mb']:.0f} MB (worker baseline before the run "
            f"{r['run_base_mb']:.0f} MB)."
        )
        if not r["hwm_agrees"]:
            lines.append(f"  ({r['case']}: ru_maxrss and VmHWM disagree by more than 2 %)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument(
        "--blas-threads", type=int, default=BLAS_THREADS, help="BLAS threads per process (1)"
    )
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument(
        "--proposed",
        action="store_true",
        help="also measure runs with the read_table proposed in bench/proposed_inputs.py",
    )
    args = parser.parse_args()
    MEASURE_ENVIRONMENT.update(dict.fromkeys(BLAS_THREADS_VARIABLES, str(args.blas_threads)))
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    for case in cases:
        if case not in CASES:
            raise SystemExit(f"unknown case {case!r}; choose from {', '.join(CASES)}")
    if args.repeats < 1:
        raise SystemExit("--repeats must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    load_at_start = _load()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tebu-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        log(f"work directory {workdir}")
        data = workdir / "data"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(data)], cwd=ROOT, check=True)
        _measure("migrate", str(workdir))
        results = [
            bench_case(case, workdir, data / f"{case}.csv", args.repeats, log, args.proposed)
            for case in cases
        ]
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)

    info = machine()
    libraries = ", ".join(f"{k} {v}" for k, v in info["libraries"].items())
    print()
    print(f"Date: {info['date']}")
    print(
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory_gb']:.1f} GB RAM, "
        f"{info['os']}"
    )
    print(f"Python {info['python']}; {libraries}")
    print(
        f"{args.repeats} repetitions per side, each in a fresh process, alternating; run = "
        "execute_run (worker), bare = read_csv + library call; times are medians; "
        f"BLAS threads per process: {args.blas_threads}; load average (1, 5, 15 min) at the start "
        f"{load_at_start}, at the end {_load()}."
    )
    print()
    print(table(results))
    print()
    print(verdicts(results))
    print()
    print("Where a run's time goes (medians of each part, so they need not add up exactly):")
    print()
    print(breakdown_table(results))
    if args.proposed:
        print()
        print(
            "With the read_table proposed in bench/proposed_inputs.py (not the app's code; "
            "same results, checked):"
        )
        print()
        print(proposed_table(results))
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2))


if __name__ == "__main__":
    main()
