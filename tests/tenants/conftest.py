"""Fixtures for registration and console tests: relaxed bot timer, state staff with a TOTP device."""

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.oath import totp

from tenants.demo import DEMO_PASSWORD

PORTAL = "beteiligung.localhost"


@pytest.fixture(autouse=True)
def _registration_settings(settings):
    settings.TENANT_REGISTRATION_MIN_SECONDS = 0
    settings.TENANT_ARCHIVE_ROOT = str(__import__("pathlib").Path(settings.MEDIA_ROOT).parent / "test-archives-3")
    cache.clear()  # per-IP counters of the rate limit


def totp_token(device) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def make_staff(email="pruefer@hessen.example", is_staff=True, with_device=True):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user(username=email, email=email, password=DEMO_PASSWORD, is_staff=is_staff)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True) if with_device else None
    return user, device


def staff_login(client, user, device) -> None:
    response = client.post("/konsole/anmelden/", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    response = client.post("/konsole/2fa/", {"token": totp_token(device)})
    assert response.status_code == 302, response.content[:2000]


@pytest.fixture
def portal():
    return Client(HTTP_HOST=PORTAL)


@pytest.fixture
def staff_client(db):
    user, device = make_staff()
    client = Client(HTTP_HOST=PORTAL)
    staff_login(client, user, device)
    client.user = user
    return client


@pytest.fixture
def staff_client_committed(committed_db):
    """Like staff_client, for tests whose data is committed; the staff account is removed after."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def remove():
        # allauth's tables exist only in municipal schemas: skip the ORM's cascade collector.
        users = get_user_model().objects.filter(username="pruefer-committed@hessen.example")
        TOTPDevice.objects.filter(user__in=users).delete()
        users._raw_delete(users.db)

    remove()
    user, device = make_staff("pruefer-committed@hessen.example")
    client = Client(HTTP_HOST=PORTAL)
    staff_login(client, user, device)
    yield client
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    remove()
