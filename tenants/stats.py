"""Figures of each municipality for the state console, counted in its schema and stored centrally.

The console lists 421 municipalities; counting six tables in each schema on every page view
would be 2,500 queries. ``stats_refresh`` counts once per schema (one query each) and stores
plain numbers in ``MunicipalityStats`` with the time they were counted. Tables of apps that a
schema may not have yet (surveys, events) are counted only if they exist (``to_regclass``).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone
from psycopg import sql

from .models import Municipality, MunicipalityStats

# figure -> (table, SQL condition or None); counted only where the table exists.
COUNTED_TABLES = {
    "pages": ("wagtailcore_page", "depth > 1"),
    "surveys": ("surveys_survey", None),
    "responses": ("surveys_response", None),
    "events": ("events_event", None),
    "event_registrations": ("events_registration", None),
    "users": ("auth_user", "is_active"),
}
# Latest moments something happened in a schema: an edit, a login.
ACTIVITY_COLUMNS = [("wagtailcore_revision", "created_at"), ("auth_user", "last_login")]


def _schema_counts(cursor, schema: str) -> dict:
    tables = sorted({t for t, _c in COUNTED_TABLES.values()} | {t for t, _c in ACTIVITY_COLUMNS})
    cursor.execute(
        sql.SQL("SELECT {}").format(
            sql.SQL(", ").join(sql.SQL("to_regclass({}) IS NOT NULL").format(sql.Literal(f'"{schema}".{t}')) for t in tables)
        )
    )
    present = {t for t, exists in zip(tables, cursor.fetchone(), strict=True) if exists}
    parts, names = [], []
    for figure, (table, condition) in COUNTED_TABLES.items():
        if table not in present:
            continue
        where = sql.SQL(" WHERE " + condition) if condition else sql.SQL("")
        parts.append(sql.SQL("(SELECT count(*) FROM {}.{}{})").format(sql.Identifier(schema), sql.Identifier(table), where))
        names.append(figure)
    activity = [
        sql.SQL("(SELECT max({}) FROM {}.{})").format(sql.Identifier(col), sql.Identifier(schema), sql.Identifier(table))
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


def stats_refresh(*, municipalities: list[Municipality] | None = None) -> list[MunicipalityStats]:
    """Recount the figures of the given (default: every) municipality and store them with the time."""
    if municipalities is None:
        municipalities = list(Municipality.objects.exclude(schema_name="public"))
    now = timezone.now()
    rows = []
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        existing = {r[0] for r in cursor.fetchall()}
        for municipality in municipalities:
            if municipality.is_public or municipality.schema_name not in existing:
                continue
            figures = _schema_counts(cursor, municipality.schema_name)
            rows.append(MunicipalityStats(municipality=municipality, computed_at=now, **figures))
    fields = [f for f in COUNTED_TABLES] + ["last_activity", "computed_at"]
    with transaction.atomic():
        MunicipalityStats.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["municipality"], update_fields=fields
        )
    return rows
