"""``/healthz``: is this process able to serve? Needs no municipality and no allowed host.

The container's HEALTHCHECK and a load balancer ask ``http://127.0.0.1:<port>/healthz``. That
host is neither in ALLOWED_HOSTS nor a registered domain, so the answer comes from a middleware
placed before everything that reads the host (SecurityMiddleware's HTTPS redirect, the tenant
middleware, CommonMiddleware).

Healthy means: PostgreSQL answers, and the public schema and the template schema (from which
new municipalities are cloned) have every migration of the code applied. The migration check
reads two small tables; its answer is kept in the process for ``HEALTH_MIGRATIONS_CACHE_SECONDS``.
"""

from __future__ import annotations

import json
import threading
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

HEALTH_PATH = "/healthz"

_lock = threading.Lock()
_graph_nodes: frozenset[tuple[str, str]] | None = None
_checked: dict[str, object] = {"expires": 0.0, "pending": None}


def migration_nodes() -> frozenset[tuple[str, str]]:
    """Every (app, migration) of the code, squashed migrations resolved as ``migrate`` does.

    django-tenants runs ``migrate`` with all installed apps in every schema (operations of apps
    that do not belong there are skipped, but recorded), so each schema records all of them.
    """
    global _graph_nodes
    if _graph_nodes is None:
        from django.db.migrations.loader import MigrationLoader

        loader = MigrationLoader(None, ignore_no_migrations=True)
        _graph_nodes = frozenset(loader.graph.nodes)
    return _graph_nodes


def pending_migrations(schema: str) -> set[tuple[str, str]]:
    """The code's migrations not recorded as applied in ``schema`` (all of them if it has no table)."""
    nodes = migration_nodes()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f'"{schema}".django_migrations'])
        if cursor.fetchone()[0] is None:
            return set(nodes)
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        applied = {(app, name) for app, name in cursor.fetchall()}
    return set(nodes) - applied


def clear_health_cache() -> None:
    with _lock:
        _checked.update(expires=0.0, pending=None)


def health_status() -> tuple[int, dict]:
    """(HTTP status, body) of the health check."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means "not healthy"
        return 503, {"status": "error", "reason": f"database unreachable: {type(error).__name__}"}
    now = time.monotonic()
    pending = _checked["pending"]
    if pending is None or _checked["expires"] <= now:
        try:
            pending = {schema: len(pending_migrations(schema)) for schema in ("public", settings.TENANT_BASE_SCHEMA)}
        except Exception as error:  # noqa: BLE001
            return 503, {"status": "error", "reason": f"migration check failed: {type(error).__name__}"}
        with _lock:
            ttl = getattr(settings, "HEALTH_MIGRATIONS_CACHE_SECONDS", 10)
            _checked.update(expires=now + ttl, pending=pending)
    behind = {schema: n for schema, n in pending.items() if n}
    if behind:
        reason = "migrations pending: " + ", ".join(f"{schema} ({n})" for schema, n in behind.items())
        return 503, {"status": "error", "reason": reason, "pending_migrations": behind}
    return 200, {"status": "ok", "database": "ok", "migrations": "applied"}


class HealthCheckMiddleware:
    """Answers ``GET /healthz`` before any host check; every other request passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        status, body = health_status()
        response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response
