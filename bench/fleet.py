"""Fleet benchmark (part of `make bench`): `manage.py deploy` over all 421 municipalities of Hessen.

In a database of its own ("bench_fleet" on the embedded server, kept between runs so only the
first run provisions), every municipality of the register gets a copy of the template schema, as
``municipality_provision`` clones it (no pages, no admin, no invitation: a deploy only sees schemas). Then, each as a separate ``manage.py deploy`` process, as an operator runs it:

  * deploy_noop_seconds - nothing to migrate (target < 60 s on the 2-core machine);
  * migrate_one_new_migration_seconds - one new migration (an AddField of the bench-only app
    ``bench.fleet_app``, switched on by BENCH_FLEET_NEW_MIGRATION=1) applied to every schema.

Afterwards the new migration is taken back by SQL, so the next run measures the same.
    flock /tmp/bench.lock .venv/bin/python bench/fleet.py       (make bench runs it last)
Options: BENCH_FLEET_COUNT (default: all of the register, 421), BENCH_FLEET_PROCESSES (deploy's
--processes, default 2).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_EMBEDDED_DB_NAME"] = os.environ.get("BENCH_FLEET_DB", "bench_fleet")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_fleet"
os.environ.pop("BENCH_FLEET_NEW_MIGRATION", None)

COUNT = int(os.environ.get("BENCH_FLEET_COUNT", "0")) or None
PROCESSES = os.environ.get("BENCH_FLEET_PROCESSES", "2")
APP, NEW_MIGRATION, TABLE, COLUMN = "bench_fleet", "0002_fleetnote_note", "bench_fleet_fleetnote", "note"


def figure(name, value, unit):
    print(f"figure {name} {value} {unit}", flush=True)


def ensure_database():
    import psycopg

    from platform_core.embedded_db import embedded_database_settings

    cfg = embedded_database_settings(ROOT / "var" / "pgdata")
    with psycopg.connect(host=cfg["HOST"], user="postgres", dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def all_schemas():
    from django.conf import settings

    from tenants.models import Municipality

    return [
        "public",
        settings.TENANT_BASE_SCHEMA,
        *Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True),
    ]


def take_back_new_migration():
    """Undo a previous second run: drop the column and its migration record in every schema."""
    from django.db import connection

    if not columns_present():
        return
    statements = []
    for schema in all_schemas():
        statements.append(f'ALTER TABLE IF EXISTS "{schema}".{TABLE} DROP COLUMN IF EXISTS {COLUMN}')
        statements.append(
            f"DELETE FROM \"{schema}\".django_migrations WHERE app = '{APP}' AND name = '{NEW_MIGRATION}'"
        )
    with connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))


def _template_sql():
    """The template schema as SQL (pg_dump), with a placeholder for the schema name."""
    from django.conf import settings
    from django.db import connection

    from tenants.lifecycle import _pg_bin

    cfg = connection.settings_dict
    template = settings.TENANT_BASE_SCHEMA
    result = subprocess.run(
        [
            _pg_bin("pg_dump"),
            "-h",
            cfg["HOST"],
            "-U",
            cfg["USER"],
            "--schema",
            template,
            "--no-owner",
            "--no-privileges",
            cfg["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.replace(template, "@SCHEMA@")


def _provision_one(job):
    """In a worker: row, domain and schema (the template's SQL under the new name) in one transaction."""
    ags, sql = job
    from django.db import connection, connections, transaction

    from tenants.lifecycle import _pg_bin
    from tenants.models import Domain, Municipality, RegisterEntry
    from tenants.services import municipality_domain_for, schema_name_for

    entry = RegisterEntry.objects.get(ags=ags)
    schema = schema_name_for(ags)
    cfg = connection.settings_dict
    try:
        with transaction.atomic():
            municipality = Municipality.objects.create(
                schema_name=schema, name=entry.short_name, slug=f"f{ags}", ags=ags, district=entry.district
            )
            Domain.objects.create(domain=municipality_domain_for(f"f{ags}"), tenant=municipality, is_primary=True)
            result = subprocess.run(
                [
                    _pg_bin("psql"),
                    "-h",
                    cfg["HOST"],
                    "-U",
                    cfg["USER"],
                    "-d",
                    cfg["NAME"],
                    "-q",
                    "-X",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                ],
                input=sql.replace("@SCHEMA@", schema),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise RuntimeError(f"{schema}: {result.stderr[-2000:]}")
    except BaseException:
        with connection.cursor() as cursor:  # the schema came from another session: drop it too
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        raise
    finally:
        connection.set_schema_to_public()
        connections.close_all()
    return ags


def provision_fleet(count):
    """Every municipality of the register that is not there yet, as a copy of the template schema.

    The copy is the template's pg_dump under the new name: the same tables and rows that
    ``municipality_provision`` clones, but at a constant ~1 s each. django-tenants' clone_schema()
    reads information_schema over the whole catalog, so it slows down as the fleet grows
    (≈ 2 s per clone at 40 municipalities, ≈ 5 s at 350 on the busy 2-core machine).
    """
    import multiprocessing

    from django.db import connections

    from tenants.models import Municipality, RegisterEntry

    entries = list(RegisterEntry.objects.exclude(kind="gemeindefreies_gebiet").order_by("ags"))[:count]
    have = set(Municipality.objects.values_list("ags", flat=True))
    missing = [e.ags for e in entries if e.ags not in have]
    started = time.perf_counter()
    if missing:
        sql = _template_sql()
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(2) as pool:
            for n, _ags in enumerate(pool.imap_unordered(_provision_one, [(ags, sql) for ags in missing]), 1):
                if n % 50 == 0:
                    print(f"  provisioned {n}/{len(missing)} ({time.perf_counter() - started:.0f} s)", flush=True)
        print(f"  provisioned {len(missing)} municipalities in {time.perf_counter() - started:.0f} s", flush=True)
    return len(entries)


def timed_deploy(**extra_env):
    env = dict(os.environ, **extra_env)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "deploy", "--processes", PROCESSES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"deploy failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print("  " + result.stdout.strip().splitlines()[-1], flush=True)
    return seconds


def columns_present():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [TABLE, COLUMN],
        )
        return cursor.fetchone()[0]


def main():
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.models import Municipality

    take_back_new_migration()
    call_command("deploy", verbosity=0)  # first run: public + template; later runs: whatever the code added
    count = provision_fleet(COUNT)
    municipalities = Municipality.objects.exclude(schema_name="public").count()
    assert municipalities >= count, (municipalities, count)
    from django.db import connections

    connections.close_all()

    noop = timed_deploy()
    figure("deploy_noop_municipalities", municipalities, "count")
    figure("deploy_noop_seconds", f"{noop:.1f}", "s")

    migrate = timed_deploy(BENCH_FLEET_NEW_MIGRATION="1")
    applied = columns_present()
    # Every municipality, the template and the public schema (tenant app: recorded, no table there).
    if applied != municipalities + 1:
        sys.exit(f"the new column exists in {applied} schemas, expected {municipalities + 1}")
    figure("migrate_one_new_migration_municipalities", municipalities, "count")
    figure("migrate_one_new_migration_seconds", f"{migrate:.1f}", "s")
    take_back_new_migration()


if __name__ == "__main__":
    main()
