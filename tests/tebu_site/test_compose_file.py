"""docker-compose.yml is valid and has the production shape README promises."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):  # noqa: S603
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_is_valid(tmp_path):
    command = compose_command()
    if command is None:
        if settings.REQUIRE_SERVICES:
            pytest.fail("no compose client; .ci/run installs Debian's docker-compose")
        pytest.skip("no docker compose client on this machine")
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(  # noqa: S603
        [*command, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_compose_services_wait_for_migrations_and_healthy_database():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "migrate", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert services[name]["environment"]["DJANGO_DEBUG"] == "0"
    assert "healthcheck" in services["postgres"]
    assert services["web"]["command"][0] == "gunicorn"
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]


def test_compose_web_processes_share_a_redis_cache():
    """Sessions and the SMS webhook's replay guard need one cache for every web process."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    cache_url = services["web"]["environment"]["DJANGO_CACHE_URL"]
    assert cache_url.startswith("redis://redis:6379/")
    assert cache_url != services["web"]["environment"]["CELERY_BROKER_URL"]
