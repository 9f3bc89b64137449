"""Production: secrets and hosts come from the environment and have no default."""

from tenants.hosts import DomainAllowedHosts

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = DomainAllowedHosts(env.list("DJANGO_ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- Files ---------------------------------------------------------------------------------------
# What the platform writes defaults to var/ (in the image the volume /app/var): media
# (var/media), survey exports (var/media-private), archives of municipalities (var/archives).
# Static files are built into the image, outside the volume (the Dockerfile sets the path).
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))  # noqa: F405

# --- Caches shared by every process (gunicorn workers, task worker) ---------------------------
# Rate limits (registration per IP, allauth's login/signup limits) and cache invalidation (menus,
# survey pages) must hold across processes: Redis if REDIS_URL is given, else a table in the
# public schema (`manage.py deploy` creates it). Every key still carries the schema name.
_REDIS_URL = env("REDIS_URL", default="")
if _REDIS_URL:
    _CACHE = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
else:
    # Culling must not drop rate-limit counters under a flood of keys: allow many entries.
    _CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "platform_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
    }
CACHES = {
    alias: {
        **_CACHE,
        "KEY_PREFIX": alias,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
    for alias in ("default", "renditions")
}

LOGGING["root"]["level"] = env("DJANGO_LOG_LEVEL", default="INFO")  # noqa: F405

# Behind a load balancer or reverse proxy, how many proxies append to X-Forwarded-For: the client
# address for every rate limit (logins, console, registration) is then read from that header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
