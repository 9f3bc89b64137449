"""The domain table, cached once per process: host -> municipality for the middleware, and the
list of valid hosts for Django's host check.

Staff add a municipality's own domains (e.g. beteiligung.kassel.de) in the console; listing each
in the environment and restarting would be a manual step, so ``ALLOWED_HOSTS`` consults the
Domain table too. The stock tenant middleware queries that table on every request, which halves
the throughput of a one-query view. Both read one copy of the whole table (a few hundred rows),
loaded in one query and kept for ``TENANT_HOST_CACHE_SECONDS``; saving a municipality or a
domain clears it in this process (``signals``), other processes see the change within that
time. An unknown host costs no query while the copy is fresh.

Imported by the settings module: no model import at the top.
"""

from __future__ import annotations

import copy
import threading
import time

_lock = threading.Lock()
_cache: dict = {"expires": 0.0, "tenants": {}}


def clear_domain_cache() -> None:
    with _lock:
        _cache["expires"] = 0.0
        _cache["tenants"] = {}


def domain_table() -> dict:
    """``{host: municipality}`` for every registered domain, fresh within the cache time."""
    now = time.monotonic()
    if _cache["expires"] > now:
        return _cache["tenants"]
    from django.conf import settings

    from tenants.models import Domain

    tenants = {d.domain: d.tenant for d in Domain.objects.select_related("tenant")}
    ttl = getattr(settings, "TENANT_HOST_CACHE_SECONDS", 30)
    with _lock:
        _cache.update(expires=now + ttl if ttl > 0 else 0.0, tenants=tenants)
    return tenants


def lookup_tenant(hostname: str):
    """The municipality for ``hostname`` (a copy per call: the middleware marks it), or None."""
    tenant = domain_table().get(hostname)
    return copy.copy(tenant) if tenant is not None else None


def registered_domains() -> tuple[str, ...]:
    from django.db import connection

    if connection.connection is None and not connection.is_usable():  # pragma: no cover - no database yet
        return ()
    return tuple(domain_table())


class DomainAllowedHosts(list):
    """The configured patterns first (checked without a query), then the registered domains."""

    def __iter__(self):
        yield from super().__iter__()
        try:
            yield from registered_domains()
        except Exception:  # noqa: BLE001 - a host check must never fail because the database is away
            return
