"""Absolute links in emails and calendar files, built outside requests too (tasks, commands)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def base_url() -> str:
    """``scheme://host[:port]`` of this municipality's site (its default Wagtail site), by the
    platform's one rule: the port is left out for https and for port 80."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    host = site.hostname if site else "localhost"
    scheme = settings.PLATFORM_SCHEME
    port = str(settings.PLATFORM_PORT)
    suffix = "" if scheme == "https" or port in ("", "80") else f":{port}"
    return f"{scheme}://{host}{suffix}"


def registration_url(registration) -> str:
    return base_url() + reverse("events:registration", args=[registration.token])


def confirm_url(registration) -> str:
    return base_url() + reverse("events:confirm", args=[registration.token])


def checkin_url(registration) -> str:
    return base_url() + reverse("events_admin:checkin_token", args=[registration.token])
