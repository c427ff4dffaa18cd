"""AnalysisRun life cycle: queued -> running -> succeeded/failed, idempotent, recoverable."""

import dataclasses
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics import services
from analytics.models import AnalysisRun, RunStatus
from analytics.services import execute_run, request_file_run, requeue_stale_runs
from tests.factories import MillFactory

pytestmark = pytest.mark.django_db


def make_run(data: bytes, *, kind="csi-ipa", name="responses.csv", parameters=None, **kwargs):
    return request_file_run(
        kind=kind, data=data, file_name=name, parameters=parameters or {}, enqueue=False, **kwargs
    )


def test_run_is_enqueued_after_commit_and_stores_its_result(
    semboro_csv, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = request_file_run(
            kind="csi-ipa",
            data=semboro_csv,
            file_name="semboro.csv",
            parameters={},
            mill=MillFactory(),
        )
        assert AnalysisRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert len(callbacks) == 1  # the task was handed the id only after the commit
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert round(run.result["csi"], 2) == 84.36
    assert run.progress == 100
    assert run.input_rows == 24 * 13
    assert run.input_snapshot["text"].startswith("respondent,attribute")
    assert len(run.input_hash) == 64
    assert {"pandas", "numpy", "scipy", "statsmodels"} <= set(run.library_versions)
    assert run.started_at <= run.finished_at
    assert run.duration_ms is not None


def test_bad_input_is_recorded_as_failed_with_its_reason():
    run = make_run(b"respondent,attribute,importance\nR1,A,3\n")
    run = execute_run(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert run.error_code == "missing_column"
    assert run.error_params["column"] == "performance"
    assert run.result is None


def test_unexpected_error_fails_the_run_without_leaking_internals(monkeypatch, semboro_csv):
    run = make_run(semboro_csv)

    def explode(payload, parameters):
        raise RuntimeError("database password is hunter2")

    broken = dataclasses.replace(services.RUNNERS["csi-ipa"], compute=explode)
    monkeypatch.setitem(services.RUNNERS, "csi-ipa", broken)
    run = execute_run(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert run.error_code == "internal_error"
    assert "hunter2" not in run.error_message


def test_executing_a_finished_run_again_changes_nothing(semboro_csv):
    run = execute_run(run_id=make_run(semboro_csv).pk)
    finished_at, attempts = run.finished_at, run.attempts
    again = execute_run(run_id=run.pk)
    assert (again.finished_at, again.attempts, again.status) == (finished_at, attempts, "succeeded")


def test_run_left_running_by_a_dead_worker_is_taken_over(semboro_csv):
    run = make_run(semboro_csv)
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=1, progress=30)
    run = execute_run(run_id=run.pk)  # the redelivered message
    assert run.status == RunStatus.SUCCEEDED
    assert run.attempts == 2


def test_only_the_newest_attempt_may_store_a_result(semboro_csv):
    run = make_run(semboro_csv)
    first, attempt_one = services._claim(run.pk)
    second, attempt_two = services._claim(run.pk)  # a second delivery took over
    assert attempt_two == attempt_one + 1
    assert services._finish(run.pk, attempt_two, status=RunStatus.SUCCEEDED, result={"n": 2})
    assert not services._finish(run.pk, attempt_one, status=RunStatus.SUCCEEDED, result={"n": 1})
    assert AnalysisRun.objects.get(pk=run.pk).result == {"n": 2}


def test_stale_runs_are_requeued(settings, semboro_csv, django_capture_on_commit_callbacks):
    lost = make_run(semboro_csv)
    abandoned = make_run(semboro_csv)
    fresh = make_run(semboro_csv)
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 3600)
    AnalysisRun.objects.filter(pk=lost.pk).update(queued_at=long_ago)
    AnalysisRun.objects.filter(pk=abandoned.pk).update(
        status=RunStatus.RUNNING, attempts=1, heartbeat_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        requeued = requeue_stale_runs()
    assert set(requeued) == {lost.pk, abandoned.pk}
    assert AnalysisRun.objects.get(pk=lost.pk).status == RunStatus.SUCCEEDED
    assert AnalysisRun.objects.get(pk=abandoned.pk).status == RunStatus.SUCCEEDED
    assert AnalysisRun.objects.get(pk=fresh.pk).status == RunStatus.QUEUED


def test_altered_stored_input_is_refused(semboro_csv):
    run = make_run(semboro_csv)
    AnalysisRun.objects.filter(pk=run.pk).update(input_hash="0" * 64)
    run = execute_run(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert run.error_code == "input_changed"
