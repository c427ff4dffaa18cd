"""A web process loads the product once and freezes it out of the garbage collector's full
collections (tebu_site/wsgi.py, issue 18): the views are loaded before the freeze."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, sys
import tebu_site.wsgi
views = "harvest.views.staff.delivery_orders" in sys.modules
print(gc.get_freeze_count(), len(gc.get_objects()), views)
"""


def test_the_wsgi_module_freezes_the_loaded_product_with_its_views():
    result = subprocess.run(  # noqa: S603 - our own module, a fixed probe
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, tracked, views_loaded = result.stdout.split()
    assert int(frozen) > 100_000  # the apps, models, views and libraries
    assert int(tracked) < 1_000  # nothing left for a full collection to walk
    assert views_loaded == "True"
