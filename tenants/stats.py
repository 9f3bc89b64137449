"""Figures of each municipality for the state console, counted in its schema and stored centrally.

The console lists 421 municipalities; counting tables in each schema on every page view would
be thousands of queries. ``stats_refresh`` counts once per schema (one query each) and stores
plain numbers in ``MunicipalityStats`` with the time they were counted. The core counts pages
and users; every other figure comes from the feature apps (``platform_core.registry``). A
table a schema does not have yet is counted as 0 (``to_regclass``).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from psycopg import sql

from platform_core.registry import registry

from .models import Municipality, MunicipalityStats

# The core's own figures: column of MunicipalityStats -> (table, SQL condition or None).
CORE_TABLES = {
    "pages": ("wagtailcore_page", "depth > 1"),
    "users": ("auth_user", "is_active"),
}
# Latest moments something happened in a schema: an edit, a login.
ACTIVITY_COLUMNS = [("wagtailcore_revision", "created_at"), ("auth_user", "last_login")]


def _counted_tables() -> dict:
    """Every figure counted by SQL: key -> (table, condition or None)."""
    tables = dict(CORE_TABLES)
    for figure in registry.figures():
        if figure.table:
            tables[figure.key] = (figure.table, figure.where or None)
    return tables


def _schema_counts(cursor, schema: str, counted: dict) -> dict:
    tables = sorted({t for t, _c in counted.values()} | {t for t, _c in ACTIVITY_COLUMNS})
    cursor.execute(
        sql.SQL("SELECT {}").format(
            sql.SQL(", ").join(
                sql.SQL("to_regclass({}) IS NOT NULL").format(sql.Literal(f'"{schema}".{t}')) for t in tables
            )
        )
    )
    present = {t for t, exists in zip(tables, cursor.fetchone(), strict=True) if exists}
    parts, names = [], []
    for figure, (table, condition) in counted.items():
        if table not in present:
            continue
        where = sql.SQL(" WHERE " + condition) if condition else sql.SQL("")
        parts.append(
            sql.SQL("(SELECT count(*) FROM {}.{}{})").format(sql.Identifier(schema), sql.Identifier(table), where)
        )
        names.append(figure)
    activity = [
        sql.SQL("(SELECT max({}) FROM {}.{})").format(
            sql.Identifier(col), sql.Identifier(schema), sql.Identifier(table)
        )
        for table, col in ACTIVITY_COLUMNS
        if table in present
    ]
    if activity:
        parts.append(sql.SQL("GREATEST({})").format(sql.SQL(", ").join(activity)))
        names.append("last_activity")
    if not parts:
        return {}
    cursor.execute(sql.SQL("SELECT {}").format(sql.SQL(", ").join(parts)))
    return dict(zip(names, cursor.fetchone(), strict=True))


def _stats_row(municipality: Municipality, counts: dict, now) -> MunicipalityStats:
    figures = {f.key: counts.get(f.key, 0) for f in registry.figures() if f.table}
    callables = [f for f in registry.figures() if f.count is not None]
    if callables:
        with schema_context(municipality.schema_name):
            figures.update({f.key: int(f.count()) for f in callables})
    return MunicipalityStats(
        municipality=municipality,
        computed_at=now,
        figures=figures,
        last_activity=counts.get("last_activity"),
        **{k: counts.get(k, 0) for k in CORE_TABLES},
    )


def stats_refresh(*, municipalities: list[Municipality] | None = None) -> list[MunicipalityStats]:
    """Recount the figures of the given (default: every) municipality and store them with the time."""
    if municipalities is None:
        municipalities = list(Municipality.objects.exclude(schema_name="public"))
    now = timezone.now()
    counted = _counted_tables()
    rows = []
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        existing = {r[0] for r in cursor.fetchall()}
        for municipality in municipalities:
            if municipality.is_public or municipality.schema_name not in existing:
                continue
            rows.append(_stats_row(municipality, _schema_counts(cursor, municipality.schema_name, counted), now))
    connection.set_schema_to_public()
    fields = [*CORE_TABLES, "figures", "last_activity", "computed_at"]
    with transaction.atomic():
        MunicipalityStats.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["municipality"], update_fields=fields
        )
    return rows
