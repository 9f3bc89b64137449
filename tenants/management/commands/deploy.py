"""Bring the database to the code's state: public schema, template schema, every municipality."""

import multiprocessing
import traceback

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from tenants.models import Domain, Municipality
from tenants.register import register_import
from tenants.services import ensure_clone_function


def _migrate_one(schema_name):
    """Runs in a forked worker; returns (schema, error text or None)."""
    from io import StringIO

    connections.close_all()
    out = StringIO()
    try:
        call_command("migrate_schemas", schema_name=schema_name, tenant=True, interactive=False, verbosity=0, stdout=out)
        return schema_name, None
    except BaseException:  # noqa: BLE001 - report and go on with the others
        return schema_name, traceback.format_exc(limit=3)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = (
        "Migrate the public schema, the template schema and all municipalities (in parallel); "
        "import the register; ensure the state portal's domain. Municipalities whose migration "
        "fails are reported; the others go on. Exit status 1 if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=2)

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=max(verbosity - 1, 0))
        template = settings.TENANT_BASE_SCHEMA
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{template}"')
        # The template must be current before any clone (django-tenants #1154).
        call_command("migrate_schemas", schema_name=template, tenant=True, interactive=False, verbosity=max(verbosity - 1, 0))
        connection.set_schema_to_public()
        ensure_clone_function()
        register_import()
        public, _ = Municipality.objects.get_or_create(
            schema_name="public", defaults={"name": "Land Hessen", "slug": "land-hessen"}
        )
        Domain.objects.get_or_create(domain=settings.PLATFORM_BASE_DOMAIN, defaults={"tenant": public, "is_primary": True})

        schemas = list(Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True))
        failures = []
        if schemas:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(processes=max(1, min(options["processes"], len(schemas)))) as pool:
                for schema, error in pool.imap_unordered(_migrate_one, schemas):
                    if error:
                        failures.append((schema, error))
                        self.stderr.write(self.style.ERROR(f"migration failed: {schema}\n{error}"))
                    elif verbosity > 1:
                        self.stdout.write(f"migrated {schema}")
        self.stdout.write(
            f"deploy: public + template + {len(schemas) - len(failures)}/{len(schemas)} municipalities migrated"
        )
        if failures:
            raise CommandError(f"{len(failures)} municipalities failed: " + ", ".join(s for s, _ in failures))
