"""Settings come from the environment, strictly; and they really reach the running objects."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tebu_site.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/tebu"),
        ("CELERY_BROKER_URL", "redis-without-scheme"),
        ("DJANGO_CACHE_URL", "memcached://127.0.0.1:11211"),
        ("CELERY_TASK_SOFT_TIME_LIMIT", "ten"),
        ("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtpp.EmailBackend"),
        # Issue 18: a staff figure is never more than a minute behind a change.
        ("DJANGO_STAFF_FIGURES_SECONDS", "61"),
    ],
)
def test_bad_environment_value_stops_start_up_naming_the_variable(variable, value):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_production_mode_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_passes_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Qk2" * 8,
        DJANGO_ALLOWED_HOSTS="tebu.example.id",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_cache_setting_decides_where_sessions_are_read():
    """Issue 18: with a shared Redis cache the session is read from it (one query a request
    less); without one, sessions stay in the database, because a per-process memory cache would
    keep a session alive in one process after a logout in another."""
    show = (
        "from django.conf import settings as s; from django.core.cache import caches; "
        "print(s.SESSION_ENGINE, type(caches['default']).__name__, s.STAFF_FIGURES_SECONDS)"
    )
    shared = run_manage(
        "shell", "-v", "0", "-c", show, DJANGO_CACHE_URL="redis://127.0.0.1:6379/14"
    )
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "RedisCache",
        "30",  # the staff figures are kept only in a shared cache
    ]
    alone = run_manage("shell", "-v", "0", "-c", show)
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout.split() == ["django.contrib.sessions.backends.db", "LocMemCache", "0"]


def test_database_setting_reaches_the_connection():
    configured = settings.DATABASES["default"]["ENGINE"]
    assert connection.settings_dict["ENGINE"] == configured
    expected_vendor = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected_vendor


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit():
    """Issue 18: JIT compiled mill-wide page queries at 140-280 ms each; the app's sessions turn
    it off (tebu_site.env), checked on the live connection where the suite runs on PostgreSQL."""
    from tebu_site.env import env_database

    config = env_database("NO_SUCH_VARIABLE", "postgres://u@127.0.0.1:5432/tebu")
    assert "-c jit=off" in config["OPTIONS"]["options"]
    sqlite = env_database("NO_SUCH_VARIABLE", "sqlite:////tmp/x.sqlite3")
    assert "jit" not in str(sqlite.get("OPTIONS", {}))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"


@pytest.mark.celery_config
def test_celery_settings_reach_the_celery_app():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert conf.task_time_limit > conf.task_soft_time_limit
    assert conf.result_backend == "django-db"
    assert conf.broker_url == settings.CELERY_BROKER_URL
    broker_from_env = os.environ.get("CELERY_BROKER_URL")
    if broker_from_env:
        assert conf.broker_url == broker_from_env
        assert conf.task_always_eager is False
    else:
        assert conf.task_always_eager is True


@pytest.mark.celery_config
def test_ci_runs_against_real_services():
    """Where services are required (CI), the suite must not have fallen back to SQLite/eager."""
    if not settings.REQUIRE_SERVICES:
        pytest.skip("services are only required under .ci/run (REQUIRE_SERVICES=1)")
    assert connection.vendor == "postgresql"
    assert celery_app.conf.broker_url.startswith("redis://")
    assert celery_app.conf.task_always_eager is False
