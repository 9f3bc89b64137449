"""ALLOWED_HOSTS that also admit the municipalities' own domains (e.g. beteiligung.kassel.de).

Staff add such domains in the console; listing each in the environment and restarting would
be a manual step. The Domain table is the register of valid hosts, so Django's host check
consults it too (cached per process, cleared when a domain changes).
"""

import threading
import time

_lock = threading.Lock()
_cache: dict[str, object] = {"expires": 0.0, "domains": ()}
TTL_SECONDS = 30


def clear_domain_cache() -> None:
    with _lock:
        _cache["expires"] = 0.0


def registered_domains() -> tuple[str, ...]:
    now = time.monotonic()
    if _cache["expires"] > now:
        return _cache["domains"]
    from django.db import connection

    from tenants.models import Domain

    if connection.connection is None and not connection.is_usable():  # pragma: no cover - no database yet
        return ()
    domains = tuple(Domain.objects.values_list("domain", flat=True))
    with _lock:
        _cache.update(expires=now + TTL_SECONDS, domains=domains)
    return domains


class DomainAllowedHosts(list):
    """The configured patterns first (checked without a query), then the registered domains."""

    def __iter__(self):
        yield from super().__iter__()
        try:
            yield from registered_domains()
        except Exception:  # noqa: BLE001 - a host check must never fail because the database is away
            return
