import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tebu_site.settings")
application = get_wsgi_application()

# What a web process loads once (the apps, models, every view through the URLconf, pandas and
# the other libraries they import) is about 300,000 objects that live as long as the process.
# Left to the cyclic garbage collector, each full collection walks them all: a pause of about
# 185 ms every few hundred requests, which under load was the p99 of every page (issue 18,
# bench/SCALE.md). Loaded first, then frozen: full collections skip them (12 ms).
get_resolver().url_patterns  # noqa: B018 - imports every view now, to be frozen with the rest
gc.freeze()
