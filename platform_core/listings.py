"""Rows a municipality's app publishes for the state portal, in the public schema.

The state portal shows what all municipalities offer (upcoming events) from one table in the
public schema, never by querying 421 schemas at request time. A feature app calls, from inside
the municipality's schema (a request, a task or a signal there)::

    from platform_core import listings
    listings.replace("event", group=str(page.pk), entries=[listings.Entry(key=..., title=..., ...)])
    listings.withdraw("event", group=str(page.pk))

The current municipality comes from the connection's schema; the writes join the caller's
transaction, so a rolled-back publish leaves the portal as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    starts_at: datetime
    path: str
    ends_at: datetime | None = None
    category: str = ""


def _current_schema() -> str | None:
    schema = connection.schema_name
    return None if schema == get_public_schema_name() else schema


def replace(kind: str, *, group: str, entries: list[Entry]) -> int:
    """Make ``entries`` the only rows of ``group`` for the current municipality. Returns how many."""
    from tenants.models import Municipality, PublicListingEntry

    schema = _current_schema()
    if schema is None:
        return 0
    with schema_context(get_public_schema_name()):
        municipality = Municipality.objects.filter(schema_name=schema).first()
        if municipality is None:
            return 0
        PublicListingEntry.objects.filter(municipality=municipality, kind=kind, group=group).delete()
        PublicListingEntry.objects.bulk_create(
            PublicListingEntry(
                municipality=municipality, municipality_name=municipality.name, kind=kind, group=group,
                key=entry.key, title=entry.title[:255], starts_at=entry.starts_at, ends_at=entry.ends_at,
                path=entry.path, category=str(entry.category),
            )
            for entry in entries
        )  # fmt: skip
    return len(entries)


def withdraw(kind: str, *, group: str) -> None:
    """Remove every row of ``group`` for the current municipality."""
    replace(kind, group=group, entries=[])


def upcoming(kind: str, *, district: str = "", limit: int | None = None):
    """The portal's read: upcoming rows of all active municipalities, soonest first (public schema)."""
    from django.utils import timezone

    from tenants.models import Municipality, PublicListingEntry

    rows = (
        PublicListingEntry.objects.filter(kind=kind, starts_at__gte=timezone.now())
        .filter(municipality__status=Municipality.Status.ACTIVE)
        .select_related("municipality")
        .order_by("starts_at", "pk")
    )
    if district:
        rows = rows.filter(municipality__district=district)
    return rows[:limit] if limit else rows
