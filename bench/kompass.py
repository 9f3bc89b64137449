"""Benchmark of KOMPASS (issue 9).

(a) ``kompass_aggregate_5000_seconds``: closing a KOMPASS survey with 5,000 responses, which
    counts it and copies the aggregates to the public schema (the task runs on commit), against the
    baseline of surveys' own results page computation for the same survey (``survey_results``).
(b) ``kompass_dashboard_median_ms``: the programme office's benchmark page over 421 municipalities
    x 3 rounds of aggregates (target < 500 ms), against the console's municipality list in the same run.

Runs on a database of its own (bench_kompass) on the embedded server:
    flock /tmp/bench.lock .venv/bin/python bench/kompass.py
Prints lines ``figure <name> <value> <unit>``.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_core.settings.test")
os.environ["DJANGO_TEST_DB_NAME"] = os.environ.get("BENCH_DB_NAME", "bench_kompass")
os.environ.setdefault(
    "DJANGO_TEST_MEDIA_ROOT", str(Path(__file__).resolve().parent.parent / "var" / "bench-media-kompass")
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

RESPONSES = int(os.environ.get("BENCH_KOMPASS_RESPONSES", "5000"))
REQUESTS = 30
DISTRICTS = ["Mitte", "Nord-Holland", "Wesertor", "Bettenhausen", "Wilhelmshöhe", "Brasselsberg", "Harleshausen"]


def main():
    setup_test_environment()
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


def aggregate(kassel):
    from django_tenants.utils import schema_context

    from kompass import services
    from kompass.state.models import AggregateRound
    from surveys.selectors import survey_results
    from surveys.services import survey_close, survey_publish
    from tests.kompass.factories import fill_responses

    with schema_context(kassel.schema_name):
        p = services.participation_declare_interest(municipality=kassel, actor="bench", contact="B", email="b@k.de")
        services.participation_apply(participation=p, actor="bench")
    with schema_context("public"):
        services.participation_admit(participation=p, actor="bench")
    with schema_context(kassel.schema_name):
        kompass = services.kompass_survey_create(variant="full", districts=DISTRICTS, actor="bench")
        survey_publish(survey=kompass.survey)
        fill_responses(kompass.survey, RESPONSES, places=500)
        started = time.perf_counter()
        survey_results(kompass.survey)
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        survey_close(survey=kompass.survey, actor="bench")  # the aggregation task runs on commit
        seconds = time.perf_counter() - started
    round_row = AggregateRound.objects.get(municipality=kassel, round=1)
    assert round_row.responses == RESPONSES and round_row.items.count() > 100, round_row.items.count()
    print(f"figure kompass_aggregate_{RESPONSES}_seconds {seconds:.2f} s")
    print(f"figure kompass_aggregate_baseline_survey_results_seconds {baseline:.2f} s")
    print(f"figure kompass_aggregate_rows {round_row.items.count()} rows")
    return round_row


def fleet(kassel, round_row):
    """420 more municipalities (rows only), each admitted with 3 rounds; Kassel gets 2 more rounds."""
    from django.utils import timezone

    from kompass.state.models import AggregateRound, HeadquartersDistrict, Participation
    from tenants.models import Domain, Municipality, RegisterEntry

    hq = {d.district_ags: d for d in HeadquartersDistrict.objects.select_related("headquarters")}
    entries = list(RegisterEntry.objects.exclude(kind="gemeindefreies_gebiet").exclude(ags=kassel.ags).order_by("ags"))
    entries = entries[:420]
    today = timezone.localdate()
    for n, entry in enumerate(entries, start=2):
        m = Municipality.objects.create(
            schema_name=f"gem_{entry.ags}", name=entry.short_name, slug=f"m-{entry.ags}", ags=entry.ags,
            district=entry.district,
        )  # fmt: skip
        Domain.objects.create(domain=f"m-{entry.ags}.{settings.PLATFORM_BASE_DOMAIN}", tenant=m, is_primary=True)
        district = hq.get(entry.district_ags)
        Participation.objects.create(
            municipality=m, municipality_name=m.name, district_ags=entry.district_ags,
            district=district.district if district else entry.district,
            headquarters=district.headquarters if district else None, status="analysis", admission_number=n,
        )  # fmt: skip
    rounds = []
    for m in Municipality.objects.exclude(schema_name="public"):
        for rnd in (1, 2, 3):
            if m.pk == kassel.pk and rnd == 1:
                continue
            rounds.append(
                AggregateRound(
                    municipality=m,
                    municipality_name=m.name,
                    district_ags=m.ags[:5],
                    round=rnd,
                    survey_title="KOMPASS",
                    template_version=1,
                    variant="full",
                    closed_on=today,
                    responses=1000,
                    invited=3000,
                )  # fmt: skip
            )
    AggregateRound.objects.bulk_create(rounds, batch_size=2000)
    with connection.cursor() as cursor:  # every round gets Kassel's items, the shares a little varied
        cursor.execute(
            "INSERT INTO kompass_state_itemaggregate (round_id, item, group_kind, group_value, n, counts, key_share) "
            "SELECT r.id, i.item, i.group_kind, i.group_value, i.n, i.counts, "
            "CASE WHEN i.key_share IS NULL THEN NULL ELSE LEAST(100, i.key_share * (0.8 + random() * 0.4)) END "
            "FROM kompass_state_aggregateround r CROSS JOIN kompass_state_itemaggregate i "
            "WHERE i.round_id = %s AND r.id <> %s",
            [round_row.pk, round_row.pk],
        )
        cursor.execute("SELECT count(*) FROM kompass_state_itemaggregate")
        print(f"figure kompass_dashboard_aggregate_rows {cursor.fetchone()[0]} rows")
        cursor.execute("ANALYZE")
    print(f"figure kompass_dashboard_rounds {AggregateRound.objects.count()} rounds")


def timed(client, path, check) -> float:
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and check(response.content), path
    return statistics.median(timings) * 1000


def run():
    from django.test import Client

    from tenants.models import Municipality
    from tenants.services import municipality_provision
    from tests.kompass.factories import office_user
    from tests.tenants.conftest import staff_login

    municipality_provision(ags="06611000", slug="kassel", admin_email="admin@kassel.example", send_invitation=False)
    connection.set_schema_to_public()
    kassel = Municipality.objects.get(slug="kassel")
    round_row = aggregate(kassel)
    connection.set_schema_to_public()
    fleet(kassel, round_row)

    user, device = office_user("bench-office@hessen.example")
    client = Client(HTTP_HOST=settings.PLATFORM_BASE_DOMAIN)
    staff_login(client, user, device)
    benchmark_ms = timed(client, "/konsole/kompass/vergleich/?item=K_SAFE_NIGHT", lambda c: c.count(b"<tr>") >= 421)
    dashboard_ms = timed(client, "/konsole/kompass/", lambda c: b"<svg" in c)
    baseline_ms = timed(client, "/konsole/kommunen/", lambda c: c.count(b"<tr>") >= 421)
    print(f"figure kompass_dashboard_median_ms {benchmark_ms:.0f} ms")
    print(f"figure kompass_state_overview_median_ms {dashboard_ms:.0f} ms")
    print(f"figure kompass_baseline_console_list_median_ms {baseline_ms:.0f} ms")


if __name__ == "__main__":
    main()
