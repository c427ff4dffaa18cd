"""Settings of the minimal Django baseline: one app, one page, the same database and connection
reuse as the product (DJANGO_DB_CONN_MAX_AGE 60), DEBUG off."""

import os

import dj_database_url

DEBUG = False
SECRET_KEY = "bench-minimal-baseline-only"
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["minimal"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "minimal.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
WSGI_APPLICATION = "minimal.wsgi.application"
