import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants.management.commands.deploy import schemas_behind
from tenants.models import Municipality


def _latest_tenants_migration(schema):
    """The newest migration of the shared app ``tenants``: recorded in a municipal schema, but its
    operations do not run there, so applying it again changes nothing but the record."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT name FROM "{schema}".django_migrations WHERE app = %s ORDER BY name DESC LIMIT 1', ["tenants"]
        )
        return cursor.fetchone()[0]


def _recorded(schema, app, name):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{schema}".django_migrations WHERE app = %s AND name = %s', [app, name])
        return cursor.fetchone()[0]


def test_deploy_reports_a_failing_municipality_and_migrates_the_others(committed_db):
    """A municipality whose schema is broken is named; the command still migrates the rest."""
    broken = Municipality.objects.create(schema_name="gem_kaputt", name="Kaputtstadt", slug="kaputt", ags="")
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA gem_kaputt")
        # A table in the way of the first auth migration makes it fail.
        cursor.execute("CREATE TABLE gem_kaputt.auth_permission (id text)")
    kassel = Municipality.objects.get(slug="kassel").schema_name
    name = _latest_tenants_migration(kassel)
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{kassel}".django_migrations WHERE app = %s AND name = %s', ["tenants", name])
    err = io.StringIO()
    out = io.StringIO()
    try:
        with pytest.raises(CommandError, match="1 municipalities failed: gem_kaputt"):
            call_command("deploy", stdout=out, stderr=err)
        assert "migration failed: gem_kaputt" in err.getvalue()
        others = Municipality.objects.exclude(schema_name__in=["public", "gem_kaputt"]).count()
        assert f"{others}/{others + 1} municipalities current" in out.getvalue()
        assert f"({others - 1} were, 1 migrated, 1 failed)" in out.getvalue()
        # The healthy municipality behind the code was migrated in spite of the broken one.
        assert _recorded(kassel, "tenants", name) == 1
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA gem_kaputt CASCADE")
        broken.delete()


def test_deploy_migrates_only_municipalities_behind_the_code(committed_db):
    """Nothing to do: no municipality is migrated. One behind: only that one is, and is current after."""
    schemas = list(Municipality.objects.exclude(schema_name="public").values_list("schema_name", flat=True))
    assert len(schemas) >= 2
    out = io.StringIO()
    call_command("deploy", stdout=out)
    assert (
        f"{len(schemas)}/{len(schemas)} municipalities current ({len(schemas)} were, 0 migrated, 0 failed)"
        in out.getvalue()
    )
    assert schemas_behind(schemas) == []

    marburg = Municipality.objects.get(slug="marburg").schema_name
    name = _latest_tenants_migration(marburg)
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{marburg}".django_migrations WHERE app = %s AND name = %s', ["tenants", name])
    assert schemas_behind(schemas) == [marburg]
    out = io.StringIO()
    call_command("deploy", stdout=out)
    assert f"({len(schemas) - 1} were, 1 migrated, 0 failed)" in out.getvalue()
    assert _recorded(marburg, "tenants", name) == 1
    assert schemas_behind(schemas) == []


def test_a_schema_without_migration_table_counts_as_behind(committed_db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA gem_leer")
    try:
        kassel = Municipality.objects.get(slug="kassel").schema_name
        assert schemas_behind([kassel, "gem_leer", "gem_gibt_es_nicht"]) == ["gem_leer", "gem_gibt_es_nicht"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA gem_leer CASCADE")
