import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants.models import Municipality


def test_deploy_reports_a_failing_municipality_and_migrates_the_others(committed_db):
    """A municipality whose schema is broken is named; the command still migrates the rest."""
    broken = Municipality.objects.create(schema_name="gem_kaputt", name="Kaputtstadt", slug="kaputt", ags="")
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA gem_kaputt")
        # A table in the way of the first auth migration makes it fail.
        cursor.execute("CREATE TABLE gem_kaputt.auth_permission (id text)")
    err = io.StringIO()
    out = io.StringIO()
    try:
        with pytest.raises(CommandError, match="gem_kaputt"):
            call_command("deploy", stdout=out, stderr=err)
        assert "migration failed: gem_kaputt" in err.getvalue()
        others = Municipality.objects.exclude(schema_name__in=["public", "gem_kaputt"]).count()
        assert f"{others}/{others + 1} municipalities migrated" in out.getvalue()
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA gem_kaputt CASCADE")
        broken.delete()
