"""How the platform names a municipality to people: "Stadt Kassel", "Gemeinde Fuldatal".

The official register says whether a municipality is a town (independent cities, and names such
as "Marburg, Universitätsstadt"); emails and the admin use this instead of a host name.
"""

from __future__ import annotations

from django.core.cache import cache


def municipality_title(municipality) -> str:
    """'Stadt Kassel' / 'Gemeinde X'; the bare name when the register does not know it."""
    if municipality is None or not getattr(municipality, "name", ""):
        return ""
    ags = getattr(municipality, "ags", "")
    if not ags:
        return municipality.name
    key = f"tenants:title:{ags}:{municipality.name}"
    title = cache.get(key)
    if title is None:
        from django_tenants.utils import schema_context

        from .models import RegisterEntry

        with schema_context("public"):
            entry = RegisterEntry.objects.filter(ags=ags).first()
        if entry is None:
            title = municipality.name
        elif entry.kind == RegisterEntry.Kind.INDEPENDENT_CITY or "stadt" in entry.name.casefold():
            title = f"Stadt {municipality.name}"
        else:
            title = f"Gemeinde {municipality.name}"
        cache.set(key, title, 3600)
    return title


def current_municipality_title() -> str:
    """The title of the municipality whose schema is active; the platform's name elsewhere.
    WAGTAIL_SITE_NAME is this, lazily, so the admin's dashboard says "Stadt Kassel"."""
    from django.db import connection

    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "schema_name", "public") == "public":
        return "Beteiligungsplattform Hessen"
    return municipality_title(tenant) or "Beteiligungsplattform Hessen"
