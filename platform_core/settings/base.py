"""Settings shared by every environment; values come from the environment (``DJANGO_*``)."""

from pathlib import Path

import environ
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from tenants.hosts import DomainAllowedHosts

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# The state portal lives on the base domain, every municipality on <slug>.<base domain>.
PLATFORM_BASE_DOMAIN = env("DJANGO_BASE_DOMAIN", default="beteiligung.localhost")
PLATFORM_SCHEME = env("DJANGO_SCHEME", default="http")
PLATFORM_PORT = env("PORT", default="8000")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[PLATFORM_BASE_DOMAIN, "." + PLATFORM_BASE_DOMAIN])
# Municipalities' own domains (added in the console) are admitted through the Domain table.
ALLOWED_HOSTS = DomainAllowedHosts(ALLOWED_HOSTS)

# --- Applications -----------------------------------------------------------------
# Users, groups, permissions and sessions exist in every schema: a shared user table
# would make Wagtail's groups global (an editor of one town could edit all).
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "platform_core",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "kompass.state",  # KOMPASS programme, questionnaire templates and aggregates (public schema)
    # Permissions declared once per app; loads every app's rules.py at start-up.
    "rules.apps.AutodiscoverRulesConfig",
    "reports.state",  # municipal boundaries for routing issue reports, Open311 keys
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # allauth's passkey list loads it ({% load humanize %})
    "platform_core",  # the audit table exists in every schema, like auth's
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "themes",
    "cms",
    "surveys",
    "events",
    "consultations",
    "kompass",
    "reports",
]

INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "tenants.Municipality"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "platform_core.urls_public"
ROOT_URLCONF = "platform_core.urls_tenants"
# New municipalities are cloned from this schema (about 0.9 s instead of 8.5 s of migrations).
TENANT_BASE_SCHEMA = "municipality_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Skip repeated SET search_path for the same tenant within a request.
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Seconds a process keeps a host -> municipality lookup (see tenants.middleware).
TENANT_HOST_CACHE_SECONDS = env.int("DJANGO_TENANT_HOST_CACHE_SECONDS", default=30)

MIDDLEWARE = [
    # /healthz answers before anything reads the host (127.0.0.1 is no allowed host).
    "platform_core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "platform_core.csp.ContentSecurityPolicyMiddleware",
    "platform_core.guards.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.MunicipalityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "platform_core.mfa.StaffSecondFactorMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "themes.context_processors.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "platform_core.wsgi.application"

# --- Database -------------------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    from platform_core.embedded_db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(BASE_DIR / "var" / "pgdata")}
# A bounded pool per process instead of one connection per thread (platform_core.db_pool).
if env.bool("DJANGO_DB_POOL", default=True):
    from platform_core.db_pool import pool_options

    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = pool_options(env)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches: every key carries the schema name ----------------------------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
}

# --- Sessions and cookies: host-only cookies, sessions stored in each schema ------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "beteiligung_session"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Authentication (django-allauth, per municipality) ---------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "tenants.auth_backends.MunicipalityAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Confirmation keys are random and stored in the municipality's schema, so a link from
# one municipality means nothing in another (HMAC keys would only sign a row id).
ACCOUNT_EMAIL_CONFIRMATION_HMAC = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "tenants.tokens.SchemaPasswordResetTokenGenerator"
ACCOUNT_ADAPTER = "tenants.adapters.MunicipalityAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "platform_core.accounts.SignupNameForm"
ACCOUNT_USER_DISPLAY = "platform_core.accounts.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/m/ip"}
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# One login per municipality: allauth's (/konto/login/). Wagtail's /cms/login/ and its password
# reset redirect there (platform_core/urls_tenants.py), so its limits, email verification and
# second factor hold for editors too. After too many failures the login answers 429.
# Second factor (allauth.mfa, per schema): TOTP, WebAuthn/passkeys, recovery codes.
MFA_ADAPTER = "tenants.adapters.MunicipalityMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Browsers treat http://*.localhost as secure; fido2 does not, so plain-http development needs this.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = PLATFORM_SCHEME == "http"
# Everyone who may enter the Wagtail admin (wagtailadmin.access_admin) must have a second factor:
# without one, /cms/ sends them to set it up (platform_core.mfa).
PLATFORM_STAFF_MFA_REQUIRED = True

# --- Internationalisation: German first, English second ---------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# locale_sie/: allauth's German in "Sie" instead of "du" (written by tools/allauth_sie.py); second,
# so that makemessages keeps writing the project's own strings to locale/.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_sie"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES = {
    # Each municipality's files lie in MEDIA_ROOT/<schema>/ and are served by a view
    # that only looks into the current municipality's folder.
    "default": {"BACKEND": "tenants.storage.MunicipalityMediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="beteiligung@hessen.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ---------------------------------------------------------------------
# "default" serves Wagtail's own tasks (search and reference index, file deletion): they
# carry no schema, so they run at once in the request's schema. Our tasks use "db": the
# queue in the public schema, one worker for every municipality; tasks carry the schema.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Days after an event's date until its attendees' names and addresses are removed (events app).
EVENTS_PERSONAL_DATA_DAYS = env.int("DJANGO_EVENTS_PERSONAL_DATA_DAYS", default=30)


# --- Wagtail ----------------------------------------------------------------------------
# The municipality's title ("Stadt Kassel") inside its schema, worked out per use (tenants/naming.py).
def _wagtail_site_name() -> str:
    from tenants.naming import current_municipality_title

    return current_municipality_title()


WAGTAIL_SITE_NAME = lazy(_wagtail_site_name, str)()
WAGTAILADMIN_BASE_URL = f"{PLATFORM_SCHEME}://{PLATFORM_BASE_DOMAIN}"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Documents: only what municipalities publish, checked by content (cms.documents); all are
# downloads (no PDF inline either), and avatars come from nowhere (no Gravatar: no third party).
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "csv",
    "txt",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.documents.SafeDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_LOGIN_URL = "/cms/login/"

# --- Security defaults (production tightens) ------------------------------------------------
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Content-Security-Policy of every page (platform_core.csp): the map's tile host is added to
# img-src when SURVEYS_MAP_TILE_URL is set; the Wagtail admin (/cms/) may also use inline scripts
# and styles (its date widgets and inline panels need them, see platform_core/csp.py).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        "platform": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "pgserver": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Self-registration and state console (tenants, issue 3) --------------------------------
# Versions of the documents a municipality accepts when it registers; stored with the acceptance.
TENANT_TERMS_VERSION = env("DJANGO_TERMS_VERSION", default="2026-01")
TENANT_DPA_VERSION = env("DJANGO_DPA_VERSION", default="2026-01")
# Bot protection without third parties: a form sent sooner than this after it was shown is refused,
# a form older than the maximum must be reloaded; each IP address may send a few per hour.
TENANT_REGISTRATION_MIN_SECONDS = env.int("DJANGO_REGISTRATION_MIN_SECONDS", default=3)
TENANT_REGISTRATION_MAX_SECONDS = 6 * 3600
TENANT_REGISTRATION_RATE = env("DJANGO_REGISTRATION_RATE", default="5/h")
# Where archives of municipalities (pg_dump + media in one file) are written.
TENANT_ARCHIVE_ROOT = env("DJANGO_ARCHIVE_ROOT", default=str(BASE_DIR / "var" / "archives"))
# Folder of pg_dump / pg_restore; empty: the embedded server's, else the PATH's.
TENANT_PG_BIN_DIR = env("DJANGO_PG_BIN_DIR", default="")
# Email address(es) told about new verified registrations (empty: nobody).
TENANT_REGISTRATION_NOTIFY = env.list("DJANGO_REGISTRATION_NOTIFY", default=[])

# --- Surveys (issue 4) ----------------------------------------------------------------------
# Map questions: tile server URL template, e.g. "https://tiles.example/{z}/{x}/{y}.png".
# Empty: the map shows no background tiles (points can still be set; the form offers fields).
SURVEYS_MAP_TILE_URL = env("DJANGO_SURVEYS_MAP_TILE_URL", default="")
SURVEYS_MAP_TILE_ATTRIBUTION = env("DJANGO_SURVEYS_MAP_TILE_ATTRIBUTION", default="")
SURVEYS_MAP_DEFAULT_CENTER = (51.3127, 9.4797)  # Kassel; each question may set its own centre
# Survey exports hold every answer, so they are not media: they lie in <this>/<schema>/, outside
# MEDIA_ROOT (which /media/ serves), and only a staff view hands them out. Empty: MEDIA_ROOT
# with "-private" appended (var/media-private; the tests' own media folder gets its own too).
SURVEYS_PRIVATE_ROOT = env("DJANGO_SURVEYS_PRIVATE_ROOT", default="")
# --- end surveys ------------------------------------------------------------------------------

# Console accounts in these groups pass the console's sign-in and second factor but are admitted
# only by the pages that name them (KOMPASS police staff see their districts, nothing else).
CONSOLE_LIMITED_GROUPS = ["KOMPASS Polizei"]

# --- Issue reports (issue 11) -----------------------------------------------------------------
# The map's tiles: the surveys' tile server (empty: no tiles; addresses and coordinates still work).
REPORTS_MAP_TILE_URL = env("DJANGO_REPORTS_MAP_TILE_URL", default=SURVEYS_MAP_TILE_URL)
REPORTS_MAP_TILE_ATTRIBUTION = env("DJANGO_REPORTS_MAP_TILE_ATTRIBUTION", default=SURVEYS_MAP_TILE_ATTRIBUTION)
# Solved reports stay on the public map this many days.
REPORTS_SOLVED_VISIBLE_DAYS = env.int("DJANGO_REPORTS_SOLVED_VISIBLE_DAYS", default=30)
REPORTS_MAX_PHOTOS = 3
REPORTS_MAX_PHOTO_BYTES = env.int("DJANGO_REPORTS_MAX_PHOTO_BYTES", default=8 * 1024 * 1024)
# Open311 POSTs per API key (or per client address without one) and minute.
REPORTS_OPEN311_RATE_PER_MINUTE = env.int("DJANGO_REPORTS_OPEN311_RATE_PER_MINUTE", default=30)
# Seconds a process trusts its in-memory boundaries before asking the database again.
REPORTS_BOUNDARY_RECHECK_SECONDS = env.float("DJANGO_REPORTS_BOUNDARY_RECHECK_SECONDS", default=5.0)
# Photos (originals and blurred copies) lie in <this>/<schema>/reports/, outside MEDIA_ROOT.
REPORTS_PRIVATE_ROOT = env("DJANGO_REPORTS_PRIVATE_ROOT", default="")
# --- end reports ------------------------------------------------------------------------------
