# Production image: gunicorn + WhiteNoise, non-root, migrates everything before serving.
# Needs DATABASE_URL (PostgreSQL 16, session pooling), DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS;
# see .env.example. State (media, survey exports, archives of municipalities) lies in the volume
# /app/var. Run the task worker from the same image, with the same volume:
#   docker run ... IMAGE python manage.py db_worker --backend db --queue-name '*'
# `make image-check` runs these steps without a container engine (tools/image_check.py).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=platform_core.settings.production \
    DJANGO_STATIC_ROOT=/app/static \
    PORT=8000

RUN useradd --system --create-home --uid 10001 app
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The code belongs to root: the app user can read it, not change it.
COPY . .
# Static files are collected at build time, outside the volume (an upgrade must not serve the old
# ones); the dummy values only let the settings load.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var/media /app/var/media-private /app/var/archives \
    && chown -R app:app /app/var
VOLUME /app/var

USER app
EXPOSE 8000
# /healthz needs no municipality and no allowed host: 200 when the database answers and no
# migration is pending, 503 otherwise (urlopen raises, the exit status is 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=4)" || exit 1
CMD ["sh", "-c", "python manage.py deploy && exec gunicorn platform_core.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
