"""Host -> municipality resolution with an in-process cache.

The stock ``TenantMainMiddleware`` queries the domain table on every request, which halves
the throughput of a one-query view. Here each process keeps the answer for
``TENANT_HOST_CACHE_SECONDS``; saving a municipality or domain clears it in this process
(other processes see the change within that time).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_domain_model

_lock = threading.Lock()
_host_cache: dict[str, tuple[float, object | None]] = {}


def clear_host_cache() -> None:
    with _lock:
        _host_cache.clear()


def lookup_tenant(hostname: str):
    """Return the municipality for ``hostname`` or None, from the cache when fresh."""
    ttl = getattr(settings, "TENANT_HOST_CACHE_SECONDS", 30)
    now = time.monotonic()
    hit = _host_cache.get(hostname)
    if hit is not None and hit[0] > now:
        return hit[1]
    domain_model = get_tenant_domain_model()
    domain = domain_model.objects.select_related("tenant").filter(domain=hostname).first()
    tenant = domain.tenant if domain else None
    if ttl > 0:
        with _lock:
            if len(_host_cache) > 10_000:  # unknown hosts must not grow memory without bound
                _host_cache.clear()
            _host_cache[hostname] = (now + ttl, tenant)
    return tenant


def not_found_response(request=None) -> HttpResponse:
    html = render_to_string("themes/host_not_found.html", {"base_domain": settings.PLATFORM_BASE_DOMAIN})
    return HttpResponse(html, status=404)


class MunicipalityMiddleware(TenantMainMiddleware):
    """Select the schema for the request's host; unknown hosts get a plain 404 page."""

    def process_request(self, request):
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return not_found_response(request)
        tenant = lookup_tenant(hostname)
        if tenant is None:
            return not_found_response(request)
        tenant.domain_url = hostname
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        if tenant.schema_name != "public" and tenant.is_suspended:
            connection.set_schema_to_public()
            html = render_to_string("themes/suspended.html", {"municipality": tenant}, request=None)
            return HttpResponse(html, status=503, headers={"Retry-After": "86400"})
        return None
