"""One measurement, in its own process so that its peak RSS is its own (bench/run.py drives it).

    python bench/measure.py migrate WORKDIR
    python bench/measure.py store   WORKDIR CASE FILE   -> stores a run, prints its id
    python bench/measure.py run     WORKDIR CASE RUN_ID -> execute_run(run_id=...), as a worker does
    python bench/measure.py run-proposed WORKDIR CASE RUN_ID -> the same with the read_table
                                         proposed in bench/proposed_inputs.py
    python bench/measure.py bare    WORKDIR CASE FILE   -> pandas.read_csv + the library call

Each prints one JSON line: wall seconds of the timed part, peak RSS of the process (MB), the RSS
before the timed part, and the key numbers of the result so bench/run.py can check that the run and
the bare call agree. Libraries are imported before the timer starts in both modes: a Celery worker
imports them once at start, not per task.

The throwaway database and MEDIA_ROOT live in WORKDIR; the environment is set here, before
django.setup(), so nothing of the developer's own database or media is touched.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Parameters of each case's run, as the analysis pages would send them.
PARAMETERS = {
    "logit": {
        "outcome": "partner",
        "event": "1",
        "predictors": [
            "age",
            "area_ha",
            "experience_years",
            "family_size",
            "income_juta",
            "distance_km",
        ],
    },
    "ttest": {"value": "income_juta_ha", "group": "group"},
    "csi": {
        "dimensions": {
            "Persyaratan pengajuan kredit": "Assurance",
            "Pemetaan luas areal lahan": "Reliability",
            "Prosedur pengajuan kredit": "Reliability",
            "Jumlah dana kredit yang diberikan": "Tangibles",
            "Pencairan dana kredit": "Responsiveness",
            "Komunikasi dengan pihak PG": "Assurance",
            "Respon terhadap keluhan": "Responsiveness",
            "Frekuensi bimbingan teknis": "Empathy",
            "Pengaturan waktu giling": "Responsiveness",
            "Penentuan kualitas tebu": "Assurance",
            "Informasi rendemen": "Assurance",
            "Profit sharing gula": "Assurance",
            "Waktu pembayaran DO": "Assurance",
        }
    },
}
KINDS = {"logit": "logit", "ttest": "ttest", "csi": "csi-ipa"}
TTEST_GROUPS = ("mitra", "non-mitra")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _memory() -> dict[str, float]:
    """Peak RSS so far: getrusage's ru_maxrss (kB on Linux) and /proc's VmHWM as a cross-check."""
    return {
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "hwm_mb": _status_kb("VmHWM") / 1024,
    }


def _django(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tebu_site.settings"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.pop("CELERY_BROKER_URL", None)  # no broker: nothing is enqueued anyway
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _emit(**fields) -> None:
    print(json.dumps(fields, default=float))


# --------------------------------------------------------------------------------------------
# Modes
# --------------------------------------------------------------------------------------------


def migrate(workdir: Path) -> None:
    _django(workdir)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _emit(ok=True)


def store(workdir: Path, case: str, file: Path) -> None:
    _django(workdir)
    from analytics.services import request_file_run

    started = time.perf_counter()
    data = file.read_bytes()
    run = request_file_run(
        kind=KINDS[case],
        data=data,
        file_name=file.name,
        parameters=PARAMETERS[case],
        title=f"bench {case}",
        enqueue=False,
    )
    _emit(run_id=run.pk, seconds=time.perf_counter() - started, **_memory())


def run(workdir: Path, case: str, run_id: int, proposed: bool = False) -> None:
    _django(workdir)
    # What a worker has loaded before its first task: the task module and the libraries.
    import statsmodels.discrete.discrete_model  # noqa: F401  (logit imports it lazily)

    import analytics.tasks  # noqa: F401
    from analytics.services import execute_run

    if proposed:
        _use_proposed_read_table(case)
    timings = _time_runner_steps(case)

    before = _memory()
    started = time.perf_counter()
    finished = execute_run(run_id=run_id)
    seconds = time.perf_counter() - started
    memory = _memory()
    if finished.status != "succeeded":
        _emit(error=f"run {run_id} {finished.status}: {finished.error_message}")
        sys.exit(1)
    _emit(
        seconds=seconds,
        read_s=timings["read"],
        compute_s=timings["compute"],
        duration_ms=finished.duration_ms,
        rows=finished.input_rows,
        baseline_mb=before["maxrss_mb"],
        check=_run_check(case, finished.result),
        **memory,
    )


def _time_runner_steps(case: str) -> dict[str, float]:
    """Wrap the run's read (file -> DataFrame) and compute (the method) to time them apart."""
    import dataclasses

    from analytics.runners import RUNNERS

    kind = KINDS[case]
    runner = RUNNERS[kind]
    timings = {"read": 0.0, "compute": 0.0}

    def timed(step, function):
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[step] += time.perf_counter() - started

        return call

    RUNNERS[kind] = dataclasses.replace(
        runner, read=timed("read", runner.read), compute=timed("compute", runner.compute)
    )
    return timings


def _use_proposed_read_table(case: str) -> None:
    """Swap in bench/proposed_inputs.read_table for this process only (see that module)."""
    import dataclasses

    from proposed_inputs import numeric_columns, read_table

    from analytics.runners import RUNNERS

    kind = KINDS[case]
    numeric = numeric_columns(kind, PARAMETERS[case])
    RUNNERS[kind] = dataclasses.replace(
        RUNNERS[kind], read=lambda data, name: read_table(data, name, numeric=numeric)
    )


def bare(workdir: Path, case: str, file: Path) -> None:
    import pandas as pd
    import statsmodels.api as sm
    from scipy import stats

    before = _memory()
    started = time.perf_counter()
    frame = pd.read_csv(file)
    if case == "logit":
        predictors = PARAMETERS["logit"]["predictors"]
        fitted = sm.Logit(frame["partner"], sm.add_constant(frame[predictors])).fit(disp=0)
        check = {"b_" + str(k): float(v) for k, v in fitted.params.items()}
        check["llf"] = float(fitted.llf)
    elif case == "ttest":
        value = PARAMETERS["ttest"]["value"]
        groups = frame.groupby("group", sort=True)[value]
        a, b = (groups.get_group(name).to_numpy() for name in TTEST_GROUPS)
        pooled = stats.ttest_ind(a, b, equal_var=True)
        welch = stats.ttest_ind(a, b, equal_var=False)
        levene = stats.levene(a, b, center="mean")
        check = {
            "t_equal": float(pooled.statistic),
            "sig_equal": float(pooled.pvalue),
            "t_unequal": float(welch.statistic),
            "sig_unequal": float(welch.pvalue),
            "levene_f": float(levene.statistic),
        }
    elif case == "csi":
        scores = frame.groupby("attribute", sort=False)[["importance", "performance"]]
        table = scores.agg(["sum", "count", "mean"])
        check = {}
        for attribute, row in table.iterrows():
            check[f"mis {attribute}"] = float(row[("importance", "mean")])
            check[f"mss {attribute}"] = float(row[("performance", "mean")])
            check[f"n_imp {attribute}"] = int(row[("importance", "count")])
    else:
        raise SystemExit(f"unknown case {case!r}")
    seconds = time.perf_counter() - started
    _emit(seconds=seconds, baseline_mb=before["maxrss_mb"], check=check, **_memory())


def _run_check(case: str, result: dict) -> dict:
    """The same key numbers as the bare call's, taken from the run's stored JSON result."""
    if case == "logit":
        check = {
            ("b_const" if c["name"] == "constant" else "b_" + c["name"]): c["b"]
            for c in result["coefficients"]
        }
        check["llf"] = -result["minus2ll"] / 2.0
        return check
    if case == "ttest":
        assert [g["name"] for g in result["groups"]] == list(TTEST_GROUPS)
        return {
            "t_equal": result["equal_variances"]["t"],
            "sig_equal": result["equal_variances"]["sig"],
            "t_unequal": result["unequal_variances"]["t"],
            "sig_unequal": result["unequal_variances"]["sig"],
            "levene_f": result["levene"]["f"],
        }
    check = {}
    for attribute in result["attributes"]:
        name = attribute["attribute"]
        check[f"mis {name}"] = attribute["mis"]
        check[f"mss {name}"] = attribute["mss"]
        check[f"n_imp {name}"] = attribute["n_importance"]
    return check


def main(argv: list[str]) -> None:
    mode, workdir, *rest = argv
    workdir = Path(workdir)
    if mode == "migrate":
        migrate(workdir)
    elif mode == "store":
        store(workdir, rest[0], Path(rest[1]))
    elif mode == "run":
        run(workdir, rest[0], int(rest[1]))
    elif mode == "run-proposed":
        run(workdir, rest[0], int(rest[1]), proposed=True)
    elif mode == "bare":
        bare(workdir, rest[0], Path(rest[1]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
