"""The Celery application; every option comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tebu_site.settings")

app = Celery("tebu_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="tebu_site.ping")
def ping() -> str:
    """Answered by any live worker; used by /readyz and the CI log."""
    return "pong"
