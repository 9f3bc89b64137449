"""Permissions of the tenants app, declared once (django-rules; loaded at start-up by
``rules.apps.AutodiscoverRulesConfig``). The state console's own rules sit beside its views."""

import rules
from django.db import connection

from tenants.console import rules as console_rules  # noqa: F401 - registers the console's permissions


@rules.predicate
def is_municipal_admin(user) -> bool:
    """An administrator of the municipality whose site this is (not state staff on the portal)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser and connection.schema_name != "public")


# The municipality's own entries of the state audit log, in its Wagtail admin.
rules.add_perm("tenants.read_municipality_audit_log", is_municipal_admin)
