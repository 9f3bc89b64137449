"""Logins as an attacker meets them: allauth's limits switched on (the suite runs without them),
an empty cache per test (rate-limit counters, used TOTP codes), helpers to log in like a person."""

import base64
import re

import pytest
from django.core.cache import cache
from django_otp.oath import totp

from platform_core.settings.base import ACCOUNT_RATE_LIMITS as PRODUCTION_RATE_LIMITS
from tenants.demo import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rate_limits(settings):
    """The production limits of allauth (settings/base.py), not test.py's False."""
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS


@pytest.fixture
def staff_mfa_required(settings):
    settings.PLATFORM_STAFF_MFA_REQUIRED = True


def totp_code(secret_base32: str) -> str:
    """The current code of an authenticator app holding this key (as a phone would show it)."""
    return f"{totp(base64.b32decode(secret_base32)):06d}"


def login(client, email, password=DEMO_PASSWORD, next_url=None):
    """Post allauth's login form (/konto/login/) like a browser does."""
    url = "/konto/login/" + (f"?next={next_url}" if next_url is not None else "")
    return client.post(url, {"login": email, "password": password})


def secret_on_activation_page(html: str) -> str:
    return (
        re.search(
            r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"|value="([A-Z2-7]+)"[^>]*id="authenticator_secret"', html
        ).group(1)
        or ""
    )
