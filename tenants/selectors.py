"""Reads of the state's shared core."""

from .models import Municipality


def participating_municipalities():
    """Active municipalities with their primary domain, for the portal and the console."""
    return (
        Municipality.objects.exclude(schema_name="public")
        .filter(status=Municipality.Status.ACTIVE)
        .prefetch_related("domains")
        .order_by("name")
    )
