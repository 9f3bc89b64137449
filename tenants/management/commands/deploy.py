"""Bring the database to the code's state: public schema, template schema, every municipality.

With 421 municipalities, running ``migrate`` in each schema costs minutes even when nothing is
to do. So one query reads which migrations every municipality has recorded, and only those
behind the code are migrated, in parallel processes. A municipality whose migration fails is
reported; the others go on.
"""

import multiprocessing
import re
import time
import traceback

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from platform_core.health import migration_nodes
from tenants.models import Domain, Municipality
from tenants.register import register_import
from tenants.services import ensure_clone_function

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _migrate_one(schema_name):
    """Runs in a forked worker; returns (schema, error text or None)."""
    from io import StringIO

    connections.close_all()
    out = StringIO()
    try:
        call_command(
            "migrate_schemas", schema_name=schema_name, tenant=True, interactive=False, verbosity=0, stdout=out
        )
        return schema_name, None
    except BaseException:  # noqa: BLE001 - report and go on with the others
        return schema_name, traceback.format_exc(limit=3)
    finally:
        connections.close_all()


def schemas_behind(schemas: list[str]) -> list[str]:
    """The schemas among ``schemas`` that lack any migration of the code (or have no migration table).

    One query over all of them: their ``django_migrations`` rows, joined with the code's
    migrations and counted per schema.
    """
    if not schemas:
        return []
    nodes = sorted(migration_nodes())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
            " WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
            [schemas],
        )
        with_table = sorted(row[0] for row in cursor.fetchall() if SCHEMA_NAME.match(row[0]))
        complete = set()
        if with_table:
            union = " UNION ALL ".join(
                f"SELECT %s AS schema, app, name FROM {connection.ops.quote_name(s)}.django_migrations"
                for s in with_table
            )
            cursor.execute(
                f"SELECT m.schema, count(*) FROM ({union}) m"
                " JOIN unnest(%s::text[], %s::text[]) AS code(app, name) USING (app, name)"
                " GROUP BY m.schema HAVING count(*) = %s",
                [*with_table, [app for app, _ in nodes], [name for _, name in nodes], len(nodes)],
            )
            complete = {row[0] for row in cursor.fetchall()}
    return [s for s in schemas if s not in complete]


class Command(BaseCommand):
    help = (
        "Migrate the public schema, the template schema and every municipality that lacks a migration "
        "(in parallel); create the cache table; import the register; ensure the state portal's domain. "
        "Municipalities whose migration fails are reported; the others go on. Exit status 1 if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=2)

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        started = time.monotonic()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=max(verbosity - 1, 0))
        connection.set_schema_to_public()
        # The shared cache of production (DatabaseCache without REDIS_URL) lives in the public schema.
        call_command("createcachetable", verbosity=max(verbosity - 1, 0))
        template = settings.TENANT_BASE_SCHEMA
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{template}"')
        # The template must be current before any clone (django-tenants #1154).
        call_command(
            "migrate_schemas", schema_name=template, tenant=True, interactive=False, verbosity=max(verbosity - 1, 0)
        )
        connection.set_schema_to_public()
        ensure_clone_function()
        register_import()
        public, _ = Municipality.objects.get_or_create(
            schema_name="public", defaults={"name": "Land Hessen", "slug": "land-hessen"}
        )
        Domain.objects.get_or_create(
            domain=settings.PLATFORM_BASE_DOMAIN, defaults={"tenant": public, "is_primary": True}
        )

        schemas = list(Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True))
        behind = schemas_behind(schemas)
        failures = []
        if behind:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(processes=max(1, min(options["processes"], len(behind)))) as pool:
                for schema, error in pool.imap_unordered(_migrate_one, behind):
                    if error:
                        failures.append((schema, error))
                        self.stderr.write(self.style.ERROR(f"migration failed: {schema}\n{error}"))
                    elif verbosity > 1:
                        self.stdout.write(f"migrated {schema}")
        current = len(schemas) - len(behind)
        self.stdout.write(
            f"deploy: public + template + {len(schemas) - len(failures)}/{len(schemas)} municipalities current "
            f"({current} were, {len(behind) - len(failures)} migrated, {len(failures)} failed) "
            f"in {time.monotonic() - started:.1f} s"
        )
        if failures:
            raise CommandError(f"{len(failures)} municipalities failed: " + ", ".join(s for s, _ in failures))
