"""A clerk protects her account with a passkey instead of an app (Chromium's virtual
authenticator stands in for Windows Hello or a USB key), and logs into /cms/ with it."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_tenants.utils import schema_context

from tenants.models import Municipality
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PASSWORD = "Passkey-Redaktion-2026"


@pytest.fixture
def editor(committed_db):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    email = f"passkey-{uuid.uuid4().hex[:6]}@kassel.example"
    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
        user.groups.add(Group.objects.get(name="Editors"))
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    yield email
    with schema_context(schema):
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        user.groups.clear()
        get_user_model().objects.filter(pk=user.pk).delete()


def test_editor_sets_up_a_passkey_and_logs_in_with_it(page, live_url, editor, settings):
    settings.PLATFORM_STAFF_MFA_REQUIRED = True
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    page.goto(live_url("kassel", "/konto/login/?next=/cms/"))
    page.fill("input[name=login]", editor)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/konto/reauthenticate/.*"))
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/konto/2fa/totp/activate/")
    page.click("#mfa-add-passkey")
    page.wait_for_url("**/konto/2fa/webauthn/add/")
    assert axe_violations(page) == []
    page.click("#mfa_webauthn_add")
    page.wait_for_url("**/konto/2fa/recovery-codes/")
    page.click("#mfa-continue")
    page.wait_for_url("**/cms/")

    # Next time: password, then the passkey instead of a code.
    page.context.clear_cookies()
    page.goto(live_url("kassel", "/cms/login/"))
    page.fill("input[name=login]", editor)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.click("#mfa_webauthn_authenticate")
    page.wait_for_url("**/cms/")
    assert page.locator("main, #main").first.is_visible()
