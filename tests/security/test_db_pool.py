"""Bursts of requests cannot exhaust PostgreSQL, and pooled connections never mix municipalities.

The platform uses psycopg's pool (platform_core.db_pool). django-tenants sets ``search_path`` on
a connection, so a pooled connection arrives carrying whatever municipality used it last; these
tests show each request still sees only its own municipality's data, then send bursts of 100
concurrent requests to the threaded development server and to gunicorn with several workers.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connection
from django.db.utils import ConnectionHandler
from django_tenants.utils import schema_context

from tenants.models import Municipality

ROOT = Path(__file__).resolve().parents[2]
BURST = 100


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def threaded_server(django_db_setup, django_db_blocker):
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, host: str, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def database_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def test_the_pool_is_configured():
    db = settings.DATABASES["default"]
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"]["pool"]["max_size"] >= 1


def test_one_pooled_connection_alternating_between_municipalities_keeps_each_ones_search_path(committed_db):
    """A pool of exactly one connection, used in turn by a Kassel thread and a Marburg thread;
    each thread keeps its wrapper (and TENANT_LIMIT_SET_CALLS) between uses."""
    kassel, marburg = Municipality.objects.get(slug="kassel"), Municipality.objects.get(slug="marburg")
    config = {**settings.DATABASES["default"], "OPTIONS": {"pool": {"min_size": 1, "max_size": 1, "timeout": 10}}}
    handler = ConnectionHandler({"default": settings.DATABASES["default"], "pooltest": config})
    seen: dict[str, list[tuple[int, str, str]]] = {"kassel": [], "marburg": []}
    turn = {"kassel": threading.Event(), "marburg": threading.Event()}

    def worker(municipality, other):
        db = handler["pooltest"]
        db.set_tenant(municipality)
        for _ in range(5):
            turn[municipality.slug].wait(10)
            turn[municipality.slug].clear()
            with db.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_backend_pid(), current_schema(), (SELECT title FROM wagtailcore_page WHERE depth = 2)"
                )
                seen[municipality.slug].append(cursor.fetchone())
            db.close()  # back into the pool, search_path still set to this municipality
            turn[other].set()

    threads = [
        threading.Thread(target=worker, args=(kassel, "marburg")),
        threading.Thread(target=worker, args=(marburg, "kassel")),
    ]
    for thread in threads:
        thread.start()
    turn["kassel"].set()
    for thread in threads:
        thread.join(30)
    handler["pooltest"].close_pool()
    assert len(seen["kassel"]) == len(seen["marburg"]) == 5
    assert len({pid for rows in seen.values() for pid, _, _ in rows}) == 1  # really one shared connection
    assert {(schema, title) for _, schema, title in seen["kassel"]} == {(kassel.schema_name, "Kassel")}
    assert {(schema, title) for _, schema, title in seen["marburg"]} == {(marburg.schema_name, "Marburg")}


@pytest.fixture
def probe_pages(committed_db):
    """A page with the same slug in Kassel and in Marburg, titled after its municipality."""
    from cms.models import ContentPage, HomePage

    slug = f"pool-probe-{uuid.uuid4().hex[:6]}"
    made = []
    for name in ("kassel", "marburg"):
        with schema_context(Municipality.objects.get(slug=name).schema_name):
            page = ContentPage(title=f"Probe {name}", slug=slug)
            HomePage.objects.get().add_child(instance=page)
            made.append((name, page.pk))
    yield slug
    for name, pk in made:
        with schema_context(Municipality.objects.get(slug=name).schema_name):
            ContentPage.objects.filter(pk=pk).delete()


def test_alternating_requests_to_two_municipalities_never_see_the_other(threaded_server, probe_pages):
    jobs = [("kassel", "marburg")[i % 2] for i in range(160)]

    def fetch(name):
        status, html = get(threaded_server, f"{name}.beteiligung.localhost", f"/{probe_pages}/")
        return name, status, html

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(fetch, jobs))
    for name, status, html in results:
        other = "marburg" if name == "kassel" else "kassel"
        assert status == 200
        assert f"Probe {name}" in html and f"Probe {other}" not in html


def burst(port: int) -> list[int]:
    targets = [
        ("kassel.beteiligung.localhost", "/"),
        ("marburg.beteiligung.localhost", "/umfragen/"),
        ("beteiligung.localhost", "/"),
        ("kassel.beteiligung.localhost", "/suche/?q=Rathaus"),
    ]
    start = threading.Barrier(BURST, timeout=60)

    def one(i):
        host, path = targets[i % len(targets)]
        start.wait()  # all at once
        return get(port, host, path)[0]

    with ThreadPoolExecutor(max_workers=BURST) as pool:
        return list(pool.map(one, range(BURST)))


def test_burst_against_the_threaded_server_has_no_5xx_and_bounded_connections(threaded_server, committed_db):
    peak = [0]
    stop = threading.Event()

    def watch():
        db = ConnectionHandler(
            {"default": settings.DATABASES["default"], "watch": settings.DATABASES["default"] | {"OPTIONS": {}}}
        )["watch"]
        try:
            with db.cursor() as cursor:
                while not stop.is_set():
                    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
                    peak[0] = max(peak[0], cursor.fetchone()[0])
                    time.sleep(0.02)
        finally:
            db.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        statuses = burst(threaded_server) + burst(threaded_server)  # the second finds what the first left open
    finally:
        stop.set()
        watcher.join(10)
    assert len(statuses) == 2 * BURST and all(s < 500 for s in statuses), sorted(statuses)
    # The server's pool plus this test's own two connections (the test and the watcher).
    assert peak[0] <= settings.DATABASES["default"].get("OPTIONS", {}).get("pool", {}).get("max_size", 10) + 3, peak[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_burst_against_gunicorn_with_several_workers_has_no_5xx(committed_db):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "platform_core.settings.test",
        "DJANGO_EMBEDDED_DB_NAME": connection.settings_dict["NAME"],
        "DJANGO_DB_POOL_MAX_SIZE": "4",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "platform_core.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "beteiligung.localhost", "/")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.5)
        before = database_connections()
        statuses = burst(port)
        assert len(statuses) == BURST and all(s < 500 for s in statuses), sorted(statuses)
        # At most 3 workers x 4 pooled connections were added by the burst.
        assert database_connections() - before <= 12
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
