"""Against the real broker and a real worker (started by .ci/run, one per test process)."""

import os

import pytest
from django.test import Client

from tebu_site.celery import app as celery_app
from tebu_site.celery import ping

pytestmark = [pytest.mark.needs_worker, pytest.mark.django_db(transaction=True)]


# .ci/run gives each test process (pytest-xdist gw0, gw1) a worker on its own test database and
# queue: the task's result is stored where this process reads it.
CI_QUEUE = f"ci-{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}"


def test_worker_answers_a_task_through_the_broker():
    assert celery_app.conf.task_always_eager is False
    result = ping.apply_async(queue=CI_QUEUE)
    assert result.get(timeout=30) == "pong"


def test_worker_answers_control_ping():
    replies = celery_app.control.ping(timeout=5)
    assert replies, "no Celery worker answered"
    print("workers answering:", [next(iter(reply)) for reply in replies])


def test_readyz_is_ready_with_real_broker_and_worker():
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["mode"] == "distributed"
