"""A worker killed in the middle of a run: a new worker finishes the run and stores it once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.conf import settings
from django.db import connection

from analytics.models import AnalysisRun, RunStatus
from analytics.services import request_file_run

pytestmark = [pytest.mark.needs_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "worker-death-test"
VISIBILITY_SECONDS = 8


def start_worker(name: str, media_root: Path) -> subprocess.Popen:
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "DJANGO_DB_CONN_MAX_AGE": "0",
        "DJANGO_MEDIA_ROOT": str(media_root),
        # Redis hands an unacknowledged task to another worker after this long.
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
        # ...and looks for such a task every second (tebu_site.settings).
        "CELERY_RESTORE_SWEEP_SECONDS": "1",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tebu_site",
            "worker",
            "--pool=solo",
            "-Q",
            QUEUE,
            f"--hostname={name}@%h",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(predicate, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def large_survey_csv() -> bytes:
    rng = np.random.default_rng(5)
    # Long enough to be killed mid-run (the kill follows RUNNING within 50 ms; the analysis
    # takes seconds), short enough for the suite: 10,000 × 13 rows.
    respondents, attributes = 10_000, 13
    frame = pd.DataFrame(
        {
            "respondent": np.repeat(np.arange(respondents), attributes),
            "attribute": np.tile([f"Atribut {i + 1}" for i in range(attributes)], respondents),
            "importance": rng.integers(1, 6, respondents * attributes),
            "performance": rng.integers(1, 6, respondents * attributes),
        }
    )
    return frame.to_csv(index=False).encode()


def test_run_survives_a_killed_worker(tmp_path):
    assert connection.vendor == "postgresql", "this test needs the CI database"
    media_root = Path(settings.MEDIA_ROOT)
    first = start_worker("doomed", media_root)
    second = None
    try:
        run = request_file_run(
            kind="csi-ipa",
            data=large_survey_csv(),
            file_name="large.csv",
            parameters={},
            queue=QUEUE,
        )
        wait_for(
            lambda: AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists(), 90
        )
        first.send_signal(signal.SIGKILL)  # no warm shutdown: the task is never acknowledged
        first.wait(timeout=10)
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING and run.attempts == 1

        second = start_worker("rescuer", media_root)
        finished = wait_for(
            lambda: AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.SUCCEEDED).first(),
            timeout=120,
            interval=0.5,
        )
        assert finished.attempts == 2
        assert finished.result["n_respondents"] == 10_000
        stored_at = finished.finished_at
        time.sleep(VISIBILITY_SECONDS + 2)  # no third delivery may overwrite the stored result
        finished.refresh_from_db()
        assert (finished.attempts, finished.finished_at) == (2, stored_at)
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
