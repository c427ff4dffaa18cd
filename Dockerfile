# Production image: gunicorn serves the web; the same image runs the Celery worker and beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_DEBUG=0
WORKDIR /app
RUN useradd --create-home --uid 1000 tebu
COPY . .
RUN pip install --no-cache-dir .
# collectstatic needs a secret key to import settings; this one exists only during the build.
# .ci/production runs the same step with DJANGO_DEBUG=0 on every change.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0123456789 \
    python manage.py collectstatic --noinput
USER tebu
EXPOSE 8000
CMD ["gunicorn", "tebu_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
