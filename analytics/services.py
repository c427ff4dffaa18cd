"""Writes for analysis runs: create, execute (in a worker or in-process), recover strays."""

from __future__ import annotations

import functools
import logging
import sys
import time
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from analytics.inputs import MAX_SNAPSHOT_BYTES, sha256
from analytics.methods.errors import AnalysisInputError
from analytics.models import AnalysisKind, AnalysisRun, InputSource, RunStatus
from analytics.runners import RUNNERS

logger = logging.getLogger(__name__)

VERSIONED_LIBRARIES = ("pandas", "numpy", "scipy", "statsmodels")


@functools.cache
def library_versions() -> dict[str, str]:
    """Versions of the libraries this process imported (cached: they cannot change under it).

    An imported module's ``__version__`` is what actually runs and costs nothing to read; the
    package metadata (a file parsed per package, ~10 ms in all) is only asked for a library this
    process has not imported yet.
    """
    found = {}
    for name in VERSIONED_LIBRARIES:
        module = sys.modules.get(name)
        loaded = getattr(module, "__version__", None)
        if isinstance(loaded, str):
            found[name] = loaded
            continue
        try:
            found[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[name] = "unknown"
    return found


def request_file_run(
    *,
    kind: str,
    data: bytes,
    file_name: str,
    parameters: dict,
    requested_by=None,
    mill=None,
    season=None,
    title: str = "",
    enqueue: bool = True,
    queue: str | None = None,
) -> AnalysisRun:
    """Store the uploaded input with the run, then hand the run id to a worker after commit."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown analysis kind {kind!r}")
    with transaction.atomic():
        run = AnalysisRun(
            kind=kind,
            title=title or file_name,
            source=InputSource.FILE,
            parameters=parameters,
            mill=mill,
            season=season,
            requested_by=requested_by,
            input_name=file_name,
            input_hash=sha256(data),
            queued_at=timezone.now(),
            library_versions=dict(library_versions()),
        )
        run.input_file.save(file_name, ContentFile(data), save=False)
        run.save()
        if enqueue:
            transaction.on_commit(lambda: enqueue_run(run.pk, queue=queue))
    return run


def request_system_run(
    *,
    kind: str,
    parameters: dict,
    mill,
    season=None,
    requested_by=None,
    title: str = "",
    enqueue: bool = True,
) -> AnalysisRun:
    """A run on Tebu Mitra's own data; the worker reads it through the selectors at run time."""
    if RUNNERS.get(kind) is None or RUNNERS[kind].load_system is None:
        raise ValueError(f"{kind!r} cannot run on the system's own data")
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            kind=kind,
            title=title,
            source=InputSource.SYSTEM,
            parameters=parameters,
            mill=mill,
            season=season,
            requested_by=requested_by,
            queued_at=timezone.now(),
            library_versions=dict(library_versions()),
        )
        if enqueue:
            transaction.on_commit(lambda: enqueue_run(run.pk))
    return run


def enqueue_run(run_id: int, *, queue: str | None = None) -> None:
    from analytics.tasks import run_analysis

    options = {"queue": queue} if queue else {}
    run_analysis.apply_async(args=[run_id], **options)


def _load_input(run: AnalysisRun):
    """The method's input and the bytes that identify it (hashed and, when small, kept)."""
    runner = RUNNERS[run.kind]
    if run.source == InputSource.SYSTEM:
        payload = runner.load_system(run.parameters)
        return payload, _canonical_bytes(payload)
    with run.input_file.open("rb") as handle:
        data = handle.read()
    if run.input_hash and sha256(data) != run.input_hash:  # the stored upload was altered
        raise AnalysisInputError("input_changed", "the stored input no longer matches its hash")
    payload = runner.read_file(data, run.input_name or run.input_file.name, run.parameters)
    return payload, data


def _canonical_bytes(payload) -> bytes:
    import json

    import pandas as pd

    if isinstance(payload, pd.DataFrame):
        return payload.to_csv(index=False).encode()
    return json.dumps(payload, sort_keys=True, default=str).encode()


def _claim(run_id: int) -> tuple[AnalysisRun | None, int]:
    """Mark the run as running under a new attempt number, unless it is already finished.

    A run found "running" was left by a worker that died (its unacknowledged message came back),
    so it is taken over; only the newest attempt may store a result.
    """
    with transaction.atomic():
        run = AnalysisRun.objects.select_for_update().get(pk=run_id)
        if run.is_finished:
            return None, run.attempts
        now = timezone.now()
        run.attempts += 1
        run.status = RunStatus.RUNNING
        run.started_at = run.started_at or now
        run.heartbeat_at = now
        run.progress = 5
        run.save(update_fields=["attempts", "status", "started_at", "heartbeat_at", "progress"])
        return run, run.attempts


#: A run whose input took longer than this to load reports it (progress 30) before computing;
#: a quicker one goes straight to its result. Each write is a commit (an fsync on SQLite), which on
#: a run of a fraction of a second costs more than the progress bar gains.
PROGRESS_AFTER_SECONDS = 2.0


def _progress(run_id: int, attempt: int, percent: int, **fields) -> None:
    AnalysisRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING).update(
        progress=percent, heartbeat_at=timezone.now(), **fields
    )


def _finish(run_id: int, attempt: int, **fields) -> bool:
    """Store the outcome if this attempt still owns the run; True if stored."""
    now = timezone.now()
    fields.update(finished_at=now, heartbeat_at=now)
    stored = AnalysisRun.objects.filter(
        pk=run_id, attempts=attempt, status=RunStatus.RUNNING
    ).update(**fields)
    return stored == 1


def execute_run(*, run_id: int) -> AnalysisRun:
    """Compute a run and store its result or its failure. Safe to call twice.

    Three statements write: the claim, the result (with the input's row count and snapshot) and,
    only for a run whose input was slow to load, one progress update in between.
    """
    run, attempt = _claim(run_id)
    if run is None:
        return AnalysisRun.objects.get(pk=run_id)
    started = time.perf_counter()
    runner = RUNNERS[run.kind]
    # What is known about the input; stored with the outcome, whether success or failure.
    about_input: dict = {}
    try:
        payload, data = _load_input(run)
        about_input["input_rows"] = runner.count_rows(payload)
        about_input["input_snapshot"] = None
        if len(data) <= MAX_SNAPSHOT_BYTES:
            about_input["input_snapshot"] = {
                "name": run.input_name,
                "text": data.decode("utf-8-sig", errors="replace"),
            }
        if run.source == InputSource.SYSTEM:  # an upload's hash was taken (and checked) already
            about_input["input_hash"] = sha256(data)
        del data  # the method needs only the parsed input
        if time.perf_counter() - started > PROGRESS_AFTER_SECONDS:
            _progress(run_id, attempt, 30, **about_input)
        result = runner.compute(payload, run.parameters)
    except AnalysisInputError as error:
        _finish(
            run_id,
            attempt,
            **about_input,
            status=RunStatus.FAILED,
            error_code=error.code,
            error_message=str(error),
            error_params=_jsonable(error.params),
            progress=100,
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
        return AnalysisRun.objects.get(pk=run_id)
    except Exception:
        logger.exception("analysis run %s failed unexpectedly", run_id)
        _finish(
            run_id,
            attempt,
            **about_input,
            status=RunStatus.FAILED,
            error_code="internal_error",
            error_message="internal error",
            progress=100,
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
        return AnalysisRun.objects.get(pk=run_id)
    _finish(
        run_id,
        attempt,
        **about_input,
        status=RunStatus.SUCCEEDED,
        result=result,
        progress=100,
        library_versions=dict(library_versions()),
        duration_ms=int((time.perf_counter() - started) * 1000),
    )
    return AnalysisRun.objects.get(pk=run_id)


def _jsonable(params: dict) -> dict:
    import json

    return json.loads(json.dumps(params, default=str))


def requeue_stale_runs(*, now=None) -> list[int]:
    """Hand runs that no worker is carrying back to the queue.

    A queued run whose message was lost, or a running run whose worker died and whose message will
    not come back (e.g. the broker was restarted), would otherwise wait forever.
    """
    now = now or timezone.now()
    hard_limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    stale = AnalysisRun.objects.filter(
        Q(status=RunStatus.QUEUED, queued_at__lt=now - hard_limit)
        | Q(status=RunStatus.RUNNING, heartbeat_at__lt=now - hard_limit - timedelta(minutes=1))
    ).values_list("pk", flat=True)
    run_ids = list(stale)
    for run_id in run_ids:
        AnalysisRun.objects.filter(pk=run_id).update(queued_at=now)
        transaction.on_commit(lambda run_id=run_id: enqueue_run(run_id))
    return run_ids


def refresh_standard_analyses() -> list[int]:
    """Nightly: repeat the latest system-data run of each kind per mill and season on current data,
    so dashboards show this morning's numbers without anyone pressing a button."""
    latest: dict[tuple, AnalysisRun] = {}
    system_runs = AnalysisRun.objects.filter(
        source=InputSource.SYSTEM, status=RunStatus.SUCCEEDED
    ).order_by("-created_at")
    for run in system_runs.iterator():
        key = (run.kind, run.mill_id, run.season_id, json_key(run.parameters))
        latest.setdefault(key, run)
    return [rerun(run=run, requested_by=None).pk for run in latest.values()]


def json_key(parameters: dict) -> str:
    import json

    return json.dumps(parameters, sort_keys=True, default=str)


def rerun(*, run: AnalysisRun, requested_by) -> AnalysisRun:
    """The same analysis again as a new run: on current data for system runs, else the same file."""
    if run.source == InputSource.SYSTEM:
        return request_system_run(
            kind=run.kind,
            parameters=run.parameters,
            mill=run.mill,
            season=run.season,
            requested_by=requested_by,
            title=run.title,
        )
    with run.input_file.open("rb") as handle:
        data = handle.read()
    return request_file_run(
        kind=run.kind,
        data=data,
        file_name=run.input_name,
        parameters=run.parameters,
        requested_by=requested_by,
        mill=run.mill,
        season=run.season,
        title=run.title,
    )


__all__ = [
    "AnalysisKind",
    "execute_run",
    "request_file_run",
    "request_system_run",
    "requeue_stale_runs",
    "rerun",
]
