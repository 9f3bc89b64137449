"""Tests: the same embedded PostgreSQL, tasks run at once, mail goes to the outbox."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
ACCOUNT_RATE_LIMITS = False
# Like the rate limits: off for the suite, so tests of other features may force_login staff;
# tests/security/test_logins.py and the browser tests switch both on.
PLATFORM_STAFF_MFA_REQUIRED = False

# Parallel test runs on one embedded server (several developers, helpers) need their own database.
DATABASES["default"]["TEST"] = {"NAME": env("DJANGO_TEST_DB_NAME", default="test_beteiligung")}  # noqa: F405
MEDIA_ROOT = env("DJANGO_TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))  # noqa: F405

(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns without it
# Tests roll back boundaries between tests: routing asks the database every time.
REPORTS_BOUNDARY_RECHECK_SECONDS = 0
