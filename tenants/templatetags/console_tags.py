"""The console's navigation entries that feature apps register (platform_core.registry)."""

from django import template
from django.urls import reverse

from platform_core.registry import registry

register = template.Library()


@register.simple_tag
def console_sections() -> list[dict]:
    return [{"label": s.label, "url": reverse(s.url_name)} for s in registry.console_sections()]


@register.filter
def console_limited(user) -> bool:
    """A console account limited to a feature app's pages (``CONSOLE_LIMITED_GROUPS``)."""
    from tenants.console.rules import is_limited_account

    return bool(user.is_authenticated and is_limited_account(user))
