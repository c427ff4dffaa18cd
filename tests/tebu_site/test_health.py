import pytest
from django.test import Client

from tebu_site import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_dependency(settings):
    response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok", "broker": "ok", "workers": "ok"}


def test_readyz_fails_when_database_is_down_and_leaks_nothing(monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: False)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    text = response.content.decode()
    for leak in ("Traceback", "postgres", "sqlite", "redis://", "password"):
        assert leak not in text


def test_readyz_fails_without_workers(monkeypatch):
    monkeypatch.setattr(health, "count_workers", lambda timeout=2.0: 0)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == "fail"
