"""Reads of the core's own tables: the audit log as a municipality's admins see it."""

from __future__ import annotations

from django.db import connection

from .models import AuditEntry

_COLUMNS = ", ".join(f.column for f in AuditEntry._meta.concrete_fields)


class MunicipalityAuditLog:
    """A municipality's own audit entries and the state's entries about it, newest first.

    Both tables have one shape, so one ``UNION ALL`` pages through them together; it works
    like a QuerySet for ``Paginator`` (``count()`` and slices). Each entry gets ``source``:
    "own" or "state".
    """

    def __init__(self, *, schema_name: str, slug: str):
        quote = connection.ops.quote_name
        table = quote(AuditEntry._meta.db_table)
        self._own = f"{quote(schema_name)}.{table}"
        self._state = f"{quote('public')}.{table}"
        self._slug = slug

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {self._own})"
                f" + (SELECT count(*) FROM {self._state} WHERE municipality_slug = %s)",
                [self._slug],
            )
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list[AuditEntry]:
        offset = window.start or 0
        sql = (
            f"SELECT {_COLUMNS}, 'own' AS source FROM {self._own}"
            f" UNION ALL SELECT {_COLUMNS}, 'state' AS source FROM {self._state} WHERE municipality_slug = %s"
            " ORDER BY created_at DESC, id DESC LIMIT %s OFFSET %s"
        )
        return list(AuditEntry.objects.raw(sql, [self._slug, window.stop - offset, offset]))
