"""End to end in headless Chromium: a municipality registers, confirms its email, state staff
approve it in the console (with their second factor), and the invitation lets the new
administrator set a password and log into /cms/ of the new, live site."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection

from tenants.models import Municipality, MunicipalityRegistration
from tests.browser.conftest import axe_violations, screenshot, totp_now
from tests.tenants.conftest import make_staff, totp_token

pytestmark = pytest.mark.browser

AGS, SLUG, CONTACT = "06438004", "hainburg-live", "buergermeister@hainburg.de"
PASSWORD = "Ein-gutes-Passwort-2026"


def _path_of(pattern: str) -> str:
    for message in reversed(mail.outbox):
        match = re.search(pattern, message.body)
        if match:
            return urlsplit(match.group(0)).path
    raise AssertionError(f"no email with {pattern}")


def _cleanup():
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    connection.set_schema_to_public()
    MunicipalityRegistration.objects.filter(entry_id=AGS).delete()
    for municipality in Municipality.objects.filter(ags=AGS):
        schema = municipality.schema_name
        municipality.domains.all().delete()
        municipality.delete()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    users = get_user_model().objects.filter(username="konsole-browser@hessen.example")
    TOTPDevice.objects.filter(user__in=users).delete()
    users._raw_delete(users.db)


def test_municipality_registers_and_goes_live(page, live_url, settings):
    settings.TENANT_REGISTRATION_MIN_SECONDS = 0
    settings.PLATFORM_STAFF_MFA_REQUIRED = True  # as in production (test.py switches it off)
    _cleanup()
    try:
        # 1. The municipality finds itself in the register and registers.
        page.goto(live_url(None, "/registrierung/?q=Hainburg"))
        assert axe_violations(page) == []
        page.click(f"a[href='/registrierung/{AGS}/']")
        page.fill("#id_contact_name", "Alexander Böhm")
        page.fill("#id_contact_role", "Bürgermeister")
        page.fill("#id_contact_email", "boehm@gmail.com")
        page.fill("#id_slug", SLUG)
        page.check("#id_accept_terms")
        page.check("#id_accept_dpa")
        page.click("main button[type=submit]")
        assert "dienstliche Adresse" in page.content()  # a German message, the rest kept
        assert page.input_value("#id_contact_name") == "Alexander Böhm"
        assert axe_violations(page) == []
        page.fill("#id_contact_email", CONTACT)
        page.check("#id_accept_terms")
        page.check("#id_accept_dpa")
        screenshot(page, "registration-form")
        page.click("main button[type=submit]")
        assert page.locator("h1").inner_text() == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
        assert axe_violations(page) == []

        # 2. It confirms the email address; the private status link shows where it stands.
        page.goto(live_url(None, _path_of(r"https?://\S+/registrierung/bestaetigen/\S+/")))
        assert axe_violations(page) == []
        page.click("main button[type=submit]")
        assert "wartet auf Prüfung" in page.content()
        assert axe_violations(page) == []
        status_path = urlsplit(page.url).path

        # 3. State staff log in with password and TOTP code and approve in the console.
        staff, device = make_staff("konsole-browser@hessen.example")
        page.goto(live_url(None, "/konsole/"))
        page.fill("#id_username", staff.username)
        page.fill("#id_password", "Demo-Passwort-2026")
        page.click("main button[type=submit]")
        page.fill("#id_token", totp_token(device))
        page.click("main button[type=submit]")
        page.goto(live_url(None, "/konsole/registrierungen/"))
        assert axe_violations(page) == []
        screenshot(page, "console-queue")
        page.click("text=Hainburg")
        page.click("text=Freigeben und Seite einrichten")
        assert page.locator("#registration-status").inner_text() == "online"
        page.goto(live_url(None, "/konsole/kommunen/"))
        assert "Hainburg" in page.content()
        assert axe_violations(page) == []
        screenshot(page, "console-municipalities")
        page.goto(live_url(None, "/konsole/beteiligung/"))
        assert axe_violations(page) == []
        screenshot(page, "console-districts")
        page.goto(live_url(None, "/konsole/protokoll/"))
        assert axe_violations(page) == []
        page.goto(live_url(None, status_path))
        assert "ist online" in page.content()

        # 4. The invitation lets the contact set a password and log into the new site's CMS.
        page.goto(live_url(SLUG, _path_of(r"https?://\S+/konto/password/reset/key/\S+")))
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.click("main button[type=submit]")
        page.goto(live_url(SLUG, "/cms/login/"))
        page.fill("input[name=login]", CONTACT)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        # 5. Staff of the Wagtail admin need a second factor: /cms/ sends the new admin to set up
        # an authenticator app (after confirming the password once more), as a clerk does it.
        page.wait_for_url(re.compile(r".*/konto/reauthenticate/\?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F$"))
        assert "zweiten Faktor" in page.locator("#mfa-staff-explanation").inner_text()
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/konto/2fa/totp/activate/")
        assert "Ihr Konto darf diese Website bearbeiten" in page.locator("#mfa-staff-explanation").inner_text()
        assert axe_violations(page) == []
        screenshot(page, "mfa-activate")
        secret = page.locator("#authenticator_secret").input_value()
        page.fill("input[name=code]", totp_now(secret))
        page.click("main button[type=submit]")
        page.wait_for_url("**/konto/2fa/recovery-codes/")
        assert len(page.locator("#recovery_codes").input_value().split()) == 10
        assert axe_violations(page) == []
        page.click("#mfa-continue")
        page.wait_for_url("**/cms/")
        page.goto(live_url(SLUG, "/"))
        assert page.locator("h1").inner_text() == "Hainburg"
    finally:
        _cleanup()
