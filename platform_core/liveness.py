"""Is a background job still alive? PostgreSQL advisory locks answer it without timeouts.

A worker holds a session-level advisory lock while it works on a job. If the worker dies
(killed, machine lost), PostgreSQL ends its session and releases the lock. Anyone who can
take the lock knows nobody is working on that job any more.
"""

import zlib
from contextlib import contextmanager

from django.db import connection


def job_lock_key(kind: str, schema: str, pk: int) -> int:
    """A 63-bit key for one job of one municipality."""
    return (zlib.crc32(f"{kind}:{schema}".encode()) << 31) | (pk & 0x7FFFFFFF)


@contextmanager
def job_lock(key: int):
    """Hold the job's lock on this connection for the duration of the work."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def job_is_abandoned(key: int) -> bool:
    """True if nobody holds the job's lock (its worker finished or died)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        free = cursor.fetchone()[0]
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    return free
