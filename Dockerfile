# Production image: gunicorn + WhiteNoise, non-root, migrates everything before serving.
# Needs DATABASE_URL (PostgreSQL 16, session pooling), DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS;
# see .env.example. Run the task worker from the same image:
#   docker run ... IMAGE python manage.py db_worker --backend db --queue-name '*'
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=platform_core.settings.production \
    PORT=8000

RUN useradd --create-home --uid 10001 app
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . .
# Static files are collected at build time; the dummy values only let the settings load.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R app:app /app/var

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/' % os.environ['PORT'])" || exit 1
CMD ["sh", "-c", "python manage.py deploy && exec gunicorn platform_core.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
