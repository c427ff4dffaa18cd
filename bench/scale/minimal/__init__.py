"""The minimal Django baseline (issue 18): the ORM and a template over the DO table, no auth, no
project middleware. Served by gunicorn with DJANGO_SETTINGS_MODULE=minimal.settings."""
