"""Foundation benchmark (`make bench`): request throughput and provisioning time.

Measured in one run, on loopback, with a bounded load (wrk, a few seconds per round):
  * plain      - a one-query Django view without the tenant middleware (the baseline)
  * tenant     - the same view through the tenant middleware, on a municipality's host
  * home       - a municipality's Wagtail home page, anonymous visitor
and the time to provision municipalities by cloning the template schema. Then bench/events.py:
event registrations per minute and the overbooking race (database "bench_events"; BENCH_EVENTS=0
skips it), bench/consultations.py: the dialogue page with 2,000 comments and the statements
export (database "bench_consultations"; BENCH_CONSULTATIONS=0 skips it). Last, bench/fleet.py:
`manage.py deploy` over all 421 municipalities (database "bench_fleet"; BENCH_FLEET=0 skips it).
Then bench/blur.py: face and number-plate blurring on the photo test set (no database; BENCH_BLUR=0
skips it).
Each figure is printed as `figure <name> <value> <unit>`. The benchmark uses a database of
its own ("bench") on the embedded server, so the development data stays untouched.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_EMBEDDED_DB_NAME", "bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "platform_core.settings.bench"

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PROVISION_COUNT = int(os.environ.get("BENCH_PROVISION_COUNT", "10"))


def figure(name, value, unit):
    print(f"figure {name} {value} {unit}", flush=True)


def ensure_bench_database():
    if os.environ.get("DATABASE_URL"):
        return
    import psycopg

    from platform_core.embedded_db import embedded_database_settings

    cfg = embedded_database_settings(ROOT / "var" / "pgdata")
    with psycopg.connect(host=cfg["HOST"], user="postgres", dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def start_server(settings_module, port):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=settings_module)
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "platform_core.wsgi",
            "-w",
            os.environ.get("BENCH_WORKERS", "2"),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    import http.client

    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/bench/one-query/", headers={"Host": "kassel.beteiligung.localhost"})
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server {settings_module} did not start")


def wrk(port, host, path, seconds):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-H", f"Host: {host}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        raise RuntimeError(f"{host}{path}: {non2xx.group(1)} error responses\n{out}")
    return rps


def provisioning_times(count):
    from django.db import connection

    from tenants.models import Municipality, RegisterEntry
    from tenants.services import municipality_provision

    taken = set(Municipality.objects.values_list("ags", flat=True))
    candidates = [
        e for e in RegisterEntry.objects.exclude(kind="gemeindefreies_gebiet").order_by("ags") if e.ags not in taken
    ][:count]
    times = []
    made = []
    try:
        for entry in candidates:
            started = time.perf_counter()
            result = municipality_provision(
                ags=entry.ags, slug=f"bench-{entry.ags}", admin_email=f"admin@{entry.ags}.example"
            )
            times.append(time.perf_counter() - started)
            made.append(result.municipality)
    finally:
        for municipality in made:  # leave the bench database as it was
            connection.set_schema_to_public()
            municipality.delete(force_drop=True)
    return times


def query_counts():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, host, path in (
        ("tenant_view", "kassel.beteiligung.localhost", "/bench/one-query/"),
        ("home_page", "kassel.beteiligung.localhost", "/"),
    ):
        client = Client(HTTP_HOST=host)
        client.get(path)  # warm caches as a running server would have them
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    ensure_bench_database()
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.demo import demo_load

    call_command("deploy", verbosity=0)
    demo_load()

    times = provisioning_times(PROVISION_COUNT)
    figure("provision_clone_median", f"{statistics.median(times):.3f}", "s")
    figure("provision_clone_max", f"{max(times):.3f}", "s")

    counts = query_counts()
    figure("tenant_view_queries", counts["tenant_view"], "queries")
    figure("home_page_queries", counts["home_page"], "queries")

    plain = start_server("platform_core.settings.bench_plain", 8601)
    tenant = start_server("platform_core.settings.bench", 8602)
    results = {"plain": [], "tenant": [], "home": []}
    try:
        for port, host, path in (
            (8601, "bench.localhost", "/bench/one-query/"),
            (8602, "kassel.beteiligung.localhost", "/bench/one-query/"),
            (8602, "kassel.beteiligung.localhost", "/"),
        ):
            wrk(port, host, path, 2)  # warm-up
        for _ in range(ROUNDS):  # interleaved, so drift on a noisy machine hits all three alike
            results["plain"].append(wrk(8601, "bench.localhost", "/bench/one-query/", SECONDS))
            results["tenant"].append(wrk(8602, "kassel.beteiligung.localhost", "/bench/one-query/", SECONDS))
            results["home"].append(wrk(8602, "kassel.beteiligung.localhost", "/", SECONDS))
    finally:
        for proc in (plain, tenant):
            proc.terminate()
            proc.wait(10)
    plain_rps, tenant_rps, home_rps = (statistics.median(results[k]) for k in ("plain", "tenant", "home"))
    figure("plain_view_rps", f"{plain_rps:.0f}", "req/s")
    figure("tenant_view_rps", f"{tenant_rps:.0f}", "req/s")
    figure("home_page_rps", f"{home_rps:.0f}", "req/s")
    figure("tenant_view_ratio", f"{tenant_rps / plain_rps:.3f}", "ratio")
    figure("home_page_ratio", f"{home_rps / plain_rps:.3f}", "ratio")

    if os.environ.get("BENCH_EVENTS", "1") != "0":  # bench/events.py: registrations (database "bench_events")
        subprocess.run([sys.executable, str(ROOT / "bench" / "events.py")], cwd=ROOT, check=True)
    if os.environ.get("BENCH_CONSULTATIONS", "1") != "0":  # bench/consultations.py (database "bench_consultations")
        subprocess.run([sys.executable, str(ROOT / "bench" / "consultations.py")], cwd=ROOT, check=True)
    if os.environ.get("BENCH_REPORTS", "1") != "0":  # bench/reports.py: routing, submit, map (database "bench_reports")
        subprocess.run([sys.executable, str(ROOT / "bench" / "reports.py")], cwd=ROOT, check=True)
    if os.environ.get("BENCH_FLEET", "1") != "0":
        subprocess.run([sys.executable, str(ROOT / "bench" / "fleet.py")], cwd=ROOT, check=True)
    if os.environ.get("BENCH_KOMPASS", "1") != "0":  # bench/kompass.py: aggregation, benchmark page
        subprocess.run([sys.executable, str(ROOT / "bench" / "kompass.py")], cwd=ROOT, check=True)
    if os.environ.get("BENCH_BLUR", "1") != "0":  # bench/blur.py: photo blurring recall and time per photo
        subprocess.run([sys.executable, str(ROOT / "bench" / "blur.py")], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
