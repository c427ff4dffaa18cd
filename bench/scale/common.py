"""What the scale kit's scripts share: the bench password, the database URL, Django set-up."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every bench login (staff and farmers) has this password; its hash is computed once by the loader.
PASSWORD = "bench-scale-2026"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tebu_scale"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"the scale kit needs PostgreSQL, DATABASE_URL is {url}")
    os.environ["DATABASE_URL"] = url
    return url


def django_setup(settings: str = "tebu_site.settings") -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
