"""/healthz: answered on any host, 200 when the database answers and nothing is pending, 503 otherwise."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from platform_core.health import clear_health_cache


@pytest.fixture(autouse=True)
def _fresh_check():
    clear_health_cache()
    yield
    clear_health_cache()


def _delete_one_migration_row(schema):
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{schema}".django_migrations WHERE id = (SELECT max(id) FROM "{schema}".django_migrations)'
            " RETURNING app, name"
        )
        return cursor.fetchone()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "nirgendwo.example"])
def test_health_answers_on_hosts_that_are_not_allowed(db, host):
    response = Client(HTTP_HOST=host).get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["status"] == "ok"


def test_only_the_health_path_bypasses_the_host_check(db):
    """Any other path on 127.0.0.1 is still refused: the endpoint opens no door to the site."""
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/").status_code == 404
    assert client.get("/healthz/anything").status_code == 404
    assert client.post("/healthz").status_code == 404


@pytest.mark.parametrize("schema", ["public", settings.TENANT_BASE_SCHEMA])
def test_a_pending_migration_answers_503_with_the_reason(db, schema):
    app, name = _delete_one_migration_row(schema)
    response = Client(HTTP_HOST="127.0.0.1").get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert f"migrations pending: {schema} (1)" in body["reason"], (app, name, body)
    assert body["pending_migrations"] == {schema: 1}


def test_the_migration_check_is_kept_for_a_short_time(db, settings):
    """A second request within the cache time reads no migration table (cheap for frequent probes)."""
    from django.test.utils import CaptureQueriesContext

    settings.HEALTH_MIGRATIONS_CACHE_SECONDS = 60
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/healthz").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert not any("django_migrations" in q["sql"] for q in queries.captured_queries)
    # A deleted row shows once the cached answer is dropped.
    _delete_one_migration_row("public")
    assert client.get("/healthz").status_code == 200
    clear_health_cache()
    assert client.get("/healthz").status_code == 503
