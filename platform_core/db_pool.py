"""A bounded pool of PostgreSQL connections per process (psycopg_pool through Django's ``"pool"``).

Without it every server thread keeps a connection of its own for ``CONN_MAX_AGE``: a burst of
requests opened more than PostgreSQL's ``max_connections`` and ended in "too many clients
already". With it a process holds at most ``DJANGO_DB_POOL_MAX_SIZE`` connections; more requests
wait (up to ``DJANGO_DB_POOL_TIMEOUT`` seconds) for one instead of failing.

Why this is safe with django-tenants, which sets ``search_path`` per connection: the backend
forgets the path it set whenever it closes a connection (``close()`` resets
``search_path_set_schemas``), so a connection taken from the pool always gets a fresh
``SET search_path`` before its first query (proven in tests/security/test_db_pool.py). No
``reset`` callback: psycopg_pool runs it in a background thread, so a connection being reset
when the pool closes stays open (and Django's errors wrapping does not cover it).
"""

from __future__ import annotations

import os


def pool_options(env) -> dict:
    return {
        "min_size": env.int("DJANGO_DB_POOL_MIN_SIZE", default=1),
        "max_size": env.int("DJANGO_DB_POOL_MAX_SIZE", default=10),
        "timeout": env.float("DJANGO_DB_POOL_TIMEOUT", default=30.0),
    }


def _forget_inherited_pools() -> None:
    """In a forked child (``deploy`` migrates municipalities in forked workers) the parent's pool
    shares its sockets with the parent: start a new pool and never touch the inherited one
    (closing it would end the parent's sessions too)."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    _inherited.append(dict(DatabaseWrapper._connection_pools))
    DatabaseWrapper._connection_pools.clear()


_inherited: list[dict] = []
os.register_at_fork(after_in_child=_forget_inherited_pools)
