"""Benchmark of issue 3: provisioning through the real approval path, and the console's list.

(a) 50 municipalities: registration -> confirmation -> ``registration_approve`` (queues the task on
    the database backend "db") -> ``db_worker --batch`` runs it. Time per municipality = approval
    plus the worker run (task included). (b) the console's municipality list with 421 municipalities
    and their precomputed figures: median render time over 30 requests; also the time to recount
    the figures of the real schemas (``stats_refresh``).

Runs on a database of its own (bench_console) on the embedded server:
    flock /tmp/bench.lock .venv/bin/python bench/console.py
Prints lines ``figure <name> <value> <unit>``.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_core.settings.test")
os.environ["DJANGO_TEST_DB_NAME"] = os.environ.get("BENCH_DB_NAME", "bench_console")
os.environ.setdefault(
    "DJANGO_TEST_MEDIA_ROOT", str(Path(__file__).resolve().parent.parent / "var" / "bench-media-console")
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

N_PROVISION = int(os.environ.get("BENCH_PROVISION", "50"))


def main():
    setup_test_environment()
    from django.test import override_settings

    # The real queue: approval enqueues into the database, a worker runs the task.
    override_settings(
        TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        },
        TENANT_REGISTRATION_MIN_SECONDS=0,
    ).enable()
    cfg = setup_databases(verbosity=0, interactive=False, keepdb=False, aliases={"default"})
    try:
        call_command("deploy", verbosity=0)
        run()
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        teardown_databases(cfg, verbosity=0)


def run():
    from tenants.models import Domain, Municipality, MunicipalityRegistration, MunicipalityStats, RegisterEntry
    from tenants.registration import registration_approve, registration_create, registration_verify
    from tenants.services import slug_from_name
    from tenants.stats import stats_refresh

    entries = list(RegisterEntry.objects.exclude(kind="gemeindefreies_gebiet").order_by("ags"))
    per_municipality = []
    for entry in entries[:N_PROVISION]:
        slug = slug_from_name(entry.name)[:40] + "-" + entry.ags[-3:]
        r = registration_create(
            ags=entry.ags, contact_name="Bench", contact_email=f"b{entry.ags}@example.org", slug=slug
        )
        registration_verify(key=r.verification_key)
        started = time.perf_counter()
        registration_approve(registration_id=r.pk, actor="bench")
        call_command("db_worker", "--backend", "db", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
        per_municipality.append(time.perf_counter() - started)
        connection.set_schema_to_public()
        assert MunicipalityRegistration.objects.get(pk=r.pk).status == "live", r.pk
    print(f"figure provision_via_approval_median {statistics.median(per_municipality):.2f} s")
    print(f"figure provision_via_approval_max {max(per_municipality):.2f} s")

    started = time.perf_counter()
    stats_refresh()
    print(f"figure stats_refresh_{N_PROVISION}_schemas {time.perf_counter() - started:.2f} s")

    # The other municipalities as rows with figures (no schema: the list reads only the public schema).
    from django.utils import timezone

    now = timezone.now()
    for entry in entries[N_PROVISION:]:
        m = Municipality.objects.create(
            schema_name=f"gem_{entry.ags}",
            name=entry.short_name,
            slug=f"m-{entry.ags}",
            ags=entry.ags,
            district=entry.district,
        )
        Domain.objects.create(domain=f"m-{entry.ags}.{settings.PLATFORM_BASE_DOMAIN}", tenant=m, is_primary=True)
        MunicipalityStats.objects.create(municipality=m, pages=12, users=3, computed_at=now, last_activity=now)
    count = Municipality.objects.exclude(schema_name="public").count()

    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.tenants.conftest import make_staff, staff_login

    user, device = make_staff("bench@hessen.example")
    client = Client(HTTP_HOST=settings.PLATFORM_BASE_DOMAIN)
    staff_login(client, user, device)
    assert TOTPDevice.objects.filter(user=user).exists()
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get("/konsole/kommunen/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.content.count(b"<tr>") >= count
    print(f"figure console_list_municipalities {count} count")
    print(f"figure console_list_render_median {statistics.median(timings) * 1000:.0f} ms")
    print(f"figure console_list_render_max {max(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
