"""Liveness and readiness for load balancers and compose healthchecks.

Answers say only ok/fail per dependency: no host names, versions or exception text leak out.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tebu_site.celery import app as celery_app

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        logger.exception("readiness: database check failed")
        return False


def check_broker() -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # embedded mode: tasks run in-process, there is no broker to reach
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("readiness: broker check failed")
        return False


def count_workers(timeout: float = 2.0) -> int:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 1  # the web process itself runs the tasks
    try:
        replies = celery_app.control.ping(timeout=timeout) or []
    except Exception:
        logger.exception("readiness: worker ping failed")
        return 0
    return len(replies)


@never_cache
@require_GET
def readyz(request):
    database = check_database()
    broker = check_broker()
    workers = count_workers() if broker else 0
    ready = database and broker and workers > 0
    body = {
        "status": "ready" if ready else "not_ready",
        "checks": {
            "database": "ok" if database else "fail",
            "broker": "ok" if broker else "fail",
            "workers": "ok" if workers else "fail",
        },
        "mode": "embedded" if settings.CELERY_TASK_ALWAYS_EAGER else "distributed",
    }
    return JsonResponse(body, status=200 if ready else 503)
