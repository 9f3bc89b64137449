"""Issue reports benchmark (issue 11): `flock /tmp/bench.lock .venv/bin/python bench/reports.py`.

In a database of its own ("bench_reports") with the demo municipalities:
  * report_route_median_ms - point -> municipality among 421 synthetic boundaries (64-vertex polygons
                             tiling Hessen's box), median over random points in this process,
                             including the query that checks the in-memory copy is current and the
                             participating municipality's lookup; target < 5 ms
  * report_submit_ratio    - submitting a report without photo (POST to /maengel/melden/, anonymous,
                             confirmation email task enqueued in the database) req/s divided by the
                             plain one-query view's req/s, same client, same run (gunicorn, 2 workers)
  * report_map_10000_ms    - the public map's data (/maengel/karte.json) for Kassel with 10,000
                             public reports, whole town in the viewport (clustered), median; target < 300 ms
  * report_map_zoomed_ms   - the same at street level (points), median
"""

from __future__ import annotations

import math
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_EMBEDDED_DB_NAME"] = os.environ.get("BENCH_REPORTS_DB", "bench_reports")

from bench.run import ensure_bench_database, figure, start_server  # noqa: E402  (sets the bench env)
from bench.surveys import Session, run_load, timed_get  # noqa: E402

HOST = "kassel.beteiligung.localhost"
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
CLIENTS = int(os.environ.get("BENCH_REPORT_CLIENTS", "8"))
CSRF = "c" * 32
WEST, SOUTH, EAST, NORTH = 7.77, 49.39, 10.24, 51.66


def synthetic_boundaries(count: int = 421, vertices: int = 64) -> list[tuple[str, list]]:
    """A grid of cells over Hessen's box, each a jagged polygon (a circle with noisy radius) inside it."""
    rng = random.Random(11)
    cols = math.ceil(math.sqrt(count * (EAST - WEST) / (NORTH - SOUTH)))
    rows = math.ceil(count / cols)
    dx, dy = (EAST - WEST) / cols, (NORTH - SOUTH) / rows
    out = []
    for n in range(count):
        cx, cy = WEST + (n % cols + 0.5) * dx, SOUTH + (n // cols + 0.5) * dy
        ring = []
        for k in range(vertices):
            angle = 2 * math.pi * k / vertices
            r = 0.5 * rng.uniform(0.85, 1.0)
            ring.append([cx + r * dx * math.cos(angle), cy + r * dy * math.sin(angle)])
        ring.append(ring[0])
        out.append((f"069{n:05d}", [[ring]]))
    return out


def route_median_ms() -> float:
    from reports.state.models import Boundary
    from reports.state.routing import route_point
    from reports.state.services import boundary_save, demo_boundaries_load

    Boundary.objects.all().delete()
    for ags, polygons in synthetic_boundaries():
        boundary_save(ags=ags, name=f"Gemeinde {ags}", polygons=polygons, source="bench", district="Bench")
    rng = random.Random(5)
    points = [(rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)) for _ in range(2000)]
    route_point(*points[0])  # loads the in-memory copy once, as the first request of a process does
    times = []
    for lat, lon in points:
        t0 = time.perf_counter()
        route_point(lat, lon)
        times.append((time.perf_counter() - t0) * 1000)
    Boundary.objects.all().delete()
    demo_boundaries_load()
    return statistics.median(times)


def fill_reports(count: int = 10000) -> None:
    from reports.demo import demo_categories
    from reports.models import Report

    Report.objects.filter(reference__startswith="B-").delete()
    roots = demo_categories()
    rng = random.Random(7)
    Report.objects.bulk_create(
        [Report(reference=f"B-{n:06d}", category=roots[n % len(roots)], description="Bench", published=True,
                lat=rng.uniform(51.27, 51.36), lon=rng.uniform(9.38, 9.55), status=Report.Status.NEW)
         for n in range(count)], batch_size=2000,
    )  # fmt: skip


class Reporter(Session):
    def submit(self, category_id: int, n: int) -> None:
        self.cookies = {"csrftoken": CSRF}
        body = urlencode({"csrfmiddlewaretoken": CSRF, "lat": "51.3127", "lon": "9.4797", "category": category_id,
                          "description": f"Bench-Meldung {n}", "email": f"bench{n}@example.org", "no_duplicate": "1"})  # fmt: skip
        status, location, text = self.request("POST", "/maengel/melden/", body)
        if status != 302 or "/danke/" not in location:
            raise AssertionError(f"submit answered {status} {location}: {text[:300]}")


def timed_submit(category_id: int):
    counter = iter(range(10**9))

    def step(session):
        t0 = time.perf_counter()
        session.submit(category_id, next(counter))
        return time.perf_counter() - t0

    return step


def median_get(session: Session, path: str, rounds: int = 30) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        status, _, _ = session.request("GET", path)
        assert status == 200, (path, status)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    ensure_bench_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from reports.models import Category, Report
    from tenants.demo import demo_load
    from tenants.models import Municipality

    call_command("deploy", verbosity=0)
    demo_load()
    route_ms = route_median_ms()
    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        fill_reports()
        Report.objects.filter(description__startswith="Bench-Meldung").delete()
        category_id = Category.objects.filter(parent=None, open311_code="graffiti").values_list("pk", flat=True).get()
    connection.close()

    plain = start_server("platform_core.settings.bench_plain", 8631)
    tenant = start_server("bench.settings_events", 8632)
    try:
        run_load(2, 2, lambda: Session(8631, "bench.localhost"), timed_get("/bench/one-query/"))  # warm-up
        run_load(2, 2, lambda: Reporter(8632, HOST), timed_submit(category_id))
        n, _, el = run_load(CLIENTS, SECONDS, lambda: Session(8631, "bench.localhost"), timed_get("/bench/one-query/"))
        plain_rps = n / el
        n, _, el = run_load(CLIENTS, SECONDS, lambda: Reporter(8632, HOST), timed_submit(category_id))
        submit_rps = n / el
        viewer = Session(8632, HOST)
        whole = median_get(viewer, "/maengel/karte.json?bbox=9.30,51.20,9.65,51.42")
        zoomed = median_get(viewer, "/maengel/karte.json?bbox=9.470,51.310,9.476,51.314")
        kind = viewer.request("GET", "/maengel/karte.json?bbox=9.30,51.20,9.65,51.42")[2][:30]
    finally:
        for proc in (plain, tenant):
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:  # a loaded machine: do not lose the figures over it
                proc.kill()
                proc.wait(10)
    figure("report_route_median_ms", f"{route_ms:.3f}", "ms")
    figure("plain_view_rps_reports_client", f"{plain_rps:.0f}", "req/s")
    figure("report_submit_rps", f"{submit_rps:.1f}", "req/s")
    figure("report_submit_ratio", f"{submit_rps / plain_rps:.3f}", "ratio")
    figure("report_map_10000_ms", f"{whole:.1f}", "ms")
    figure("report_map_zoomed_ms", f"{zoomed:.1f}", "ms")
    if '"clusters"' not in kind:
        sys.exit(f"reports bench: the whole-town map was not clustered: {kind}")


if __name__ == "__main__":
    main()
