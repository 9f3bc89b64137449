"""Run a function inside every municipality's schema (or the one named)."""

from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context


def each_municipality(run, *, schema: str = "") -> dict[str, int]:
    connection.set_schema_to_public()
    schemas = (
        get_tenant_model().objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True)
    )
    if schema:
        schemas = schemas.filter(schema_name=schema)
    results = {}
    for name in list(schemas):
        with schema_context(name):
            results[name] = run()
    return results
