"""Host -> municipality resolution from the cached domain table (``tenants.hosts``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django_tenants.middleware.main import TenantMainMiddleware

from .hosts import clear_domain_cache, lookup_tenant

__all__ = ["MunicipalityMiddleware", "clear_host_cache", "lookup_tenant", "not_found_response"]

# One cache for the middleware and the host check; the old name stays for callers.
clear_host_cache = clear_domain_cache


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
