"""One login per municipality (allauth's), with its limits, email verification and a second factor
for staff; redirects after login stay on the host; the state console's login is limited too."""

import re
import time
import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context

from surveys.models import Response, Survey
from tenants.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_otp_code, demo_totp_authenticator
from tests.conftest import host_of
from tests.security.conftest import login, totp_code
from tests.surveys.factories import make_survey, qname
from tests.tenants.test_isolation import PASSWORD, make_citizen

PORTAL = "beteiligung.localhost"


def logged_in_user(client):
    """Whom the site sees: the account page answers 200 only to a logged-in person."""
    return client.get("/konto/profil/").status_code == 200


def make_staff(municipality, *, editor=True, verified=True):
    """An editor (Wagtail's "Editors" group: may enter /cms/) with its own email address."""
    from allauth.account.models import EmailAddress

    email = f"redaktion-{uuid.uuid4().hex[:6]}@{municipality.slug}.example"
    with schema_context(municipality.schema_name):
        user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
        if editor:
            user.groups.add(Group.objects.get(name="Editors"))
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


# --- One login path -------------------------------------------------------------------------


def test_cms_login_sends_to_the_municipalitys_login_keeping_a_same_host_next(kassel, client_for):
    client = client_for(kassel)
    assert client.get("/cms/login/")["Location"] == "/konto/login/?next=%2Fcms%2F"
    assert client.get("/cms/login/?next=/cms/pages/")["Location"] == "/konto/login/?next=%2Fcms%2Fpages%2F"
    other = f"http://{host_of(kassel).replace('kassel', 'marburg')}/cms/"
    assert client.get("/cms/login/", {"next": other})["Location"] == "/konto/login/?next=%2Fcms%2F"
    # Wagtail's own form is gone: posting the right password to it logs nobody in.
    client.post("/cms/login/", {"username": "admin@kassel.example", "password": DEMO_PASSWORD})
    assert not logged_in_user(client)
    assert client.get("/cms/").status_code == 302


def test_unconfirmed_account_gets_neither_into_cms_nor_into_a_survey_for_logged_in_citizens(kassel, client_for):
    user = make_staff(kassel, verified=False)
    with schema_context(kassel.schema_name):
        survey = make_survey(audience=Survey.Audience.LOGGED_IN, pages=1)
    client = client_for(kassel)
    client.post("/cms/login/", {"username": user.email, "password": PASSWORD})
    response = login(client, user.email, PASSWORD, next_url="/cms/")
    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    assert not logged_in_user(client)
    assert client.get("/cms/")["Location"].startswith("/cms/login/")
    assert "Bitte melden Sie sich an" in client.get(f"/umfragen/{survey.slug}/").content.decode()
    client.post(f"/umfragen/{survey.slug}/seite/1/", {qname(survey, "age"): "1"})
    with schema_context(kassel.schema_name):
        assert not Response.objects.filter(survey=survey).exists()


def test_thirty_wrong_passwords_are_refused_with_429_and_then_the_right_one_too(
    kassel, client_for, rate_limits, monkeypatch
):
    client = client_for(kassel)
    answers = [login(client, "admin@kassel.example", f"falsch-{n}") for n in range(30)]
    assert [r.status_code for r in answers[:5]] == [200] * 5  # the form with "wrong password"
    assert {r.status_code for r in answers[5:]} == {429}
    html = answers[-1].content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html and "Bitte warten Sie 5 Minuten" in html
    assert not logged_in_user(client)
    # Locked everywhere: the right password does not help, neither here nor by the /cms/ route.
    assert login(client, "admin@kassel.example").status_code == 429
    cms_login = client.get("/cms/login/")["Location"]
    assert client.post(cms_login, {"login": "admin@kassel.example", "password": DEMO_PASSWORD}).status_code == 429
    assert not logged_in_user(client)
    assert client.get("/cms/").status_code == 302

    # Once the limit has expired (5 minutes), the right password logs in.
    import allauth.core.internal.ratelimit as ratelimit

    later = time.time() + 5 * 60 + 1
    clock = SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", clock)
    response = login(client, "admin@kassel.example", next_url="/cms/")
    assert response.status_code == 302 and response["Location"] == "/cms/"
    assert client.get("/cms/").status_code == 200


def test_the_account_limit_holds_against_many_addresses(kassel, rate_limits):
    """5 failures per account in 5 minutes, whatever the IP address."""
    for n in range(5):
        assert (
            login(Client(HTTP_HOST=host_of(kassel), REMOTE_ADDR=f"10.0.0.{n}"), "admin@kassel.example", "x").status_code
            == 200
        )
    fresh = Client(HTTP_HOST=host_of(kassel), REMOTE_ADDR="10.0.1.1")
    assert login(fresh, "admin@kassel.example").status_code == 429
    assert not logged_in_user(fresh)


# --- Password reset -------------------------------------------------------------------------


def test_editor_password_reset_uses_the_municipalitys_host_and_works(kassel, client_for):
    editor = make_staff(kassel)
    client = client_for(kassel)
    response = client.get("/cms/password_reset/")
    assert response.status_code == 302 and response["Location"] == "/konto/password/reset/"
    assert client.post("/cms/password_reset/", {"email": editor.email})["Location"] == "/konto/password/reset/"
    assert client.post("/konto/password/reset/", {"email": editor.email}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+", mail.outbox[0].body).group(0)
    assert urlsplit(link).hostname == host_of(kassel)
    response = client.get(urlsplit(link).path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "Neues-Redaktionspasswort-7"
    assert client.post(form_url, {"password1": new, "password2": new}).status_code == 302
    assert login(client_for(kassel), editor.email, new).status_code == 302


def test_every_account_email_links_to_the_municipalitys_host(kassel, marburg, client_for):
    """Sign-up confirmation too: the link is on the host where the person signed up."""
    email = f"neu-{uuid.uuid4().hex[:6]}@example.org"
    client_for(marburg).post("/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.outbox[-1].body).group(0)
    assert urlsplit(link).hostname == host_of(marburg)


# --- Where a login may lead -------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "http://kassel.beteiligung.localhost/cms/",  # another municipality
        "https://kassel.beteiligung.localhost/",
        "http://beteiligung.localhost/konsole/",  # the state portal's console
        "//evil.example/",
        "https://evil.example/",
    ],
)
def test_after_login_next_may_only_point_to_the_same_host(marburg, client_for, target):
    citizen = make_citizen(marburg, f"m-{uuid.uuid4().hex[:6]}@example.org")
    response = login(client_for(marburg), citizen.email, PASSWORD, next_url=target)
    assert response.status_code == 302 and response["Location"] == "/"


def test_after_login_a_path_of_the_same_host_is_kept(marburg, client_for):
    citizen = make_citizen(marburg, f"m-{uuid.uuid4().hex[:6]}@example.org")
    response = login(client_for(marburg), citizen.email, PASSWORD, next_url="/umfragen/")
    assert response["Location"] == "/umfragen/"


@pytest.mark.parametrize(
    "target", ["http://kassel.beteiligung.localhost/cms/", "//evil.example/", "/konsole/kommunen/"]
)
def test_console_login_next_stays_on_the_portal(db, target):
    from tests.tenants.conftest import make_staff as make_state_staff
    from tests.tenants.conftest import totp_token

    user, device = make_state_staff()
    client = Client(HTTP_HOST=PORTAL)
    response = client.post("/konsole/anmelden/", {"username": user.username, "password": DEMO_PASSWORD, "next": target})
    expected = target if target.startswith("/konsole/") else "/konsole/"
    assert response["Location"] == expected
    response = client.post(f"/konsole/2fa/?next={target}", {"token": totp_token(device), "next": target})
    assert response["Location"] == expected


# --- Second factor for municipal staff -------------------------------------------------------------


def activate_totp(client, password) -> str:
    """Open the activation page (allauth first asks for the password again), read the key shown
    there, confirm with the app's code."""
    response = client.get("/konto/2fa/totp/activate/")
    if response.status_code == 302:
        assert response["Location"] == "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"
        assert "Ihr Konto darf diese Website bearbeiten" in client.get(response["Location"]).content.decode()
        response = client.post(response["Location"], {"password": password})
        assert response["Location"] == "/konto/2fa/totp/activate/"
        response = client.get("/konto/2fa/totp/activate/")
    html = response.content.decode()
    assert "Zweiten Faktor einrichten" in html and "Ihr Konto darf diese Website bearbeiten" in html
    secret = re.search(r'value="([A-Z2-7]{32})"', html).group(1)
    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_staff_without_second_factor_are_sent_to_set_one_up(kassel, client_for, staff_mfa_required, role):
    if role == "admin":
        email, password = "admin@kassel.example", DEMO_PASSWORD
    else:
        email, password = make_staff(kassel).email, PASSWORD
    client = client_for(kassel)
    assert login(client, email, password, next_url="/cms/pages/")["Location"] == "/cms/pages/"
    response = client.get("/cms/pages/")
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/totp/activate/"
    assert client.get("/cms/umfragen/")["Location"] == "/konto/2fa/totp/activate/"
    secret = activate_totp(client, password)
    recovery = client.get("/konto/2fa/recovery-codes/").content.decode()
    assert "Wiederherstellungscodes" in recovery and 'href="/cms/umfragen/"' in recovery
    with schema_context(kassel.schema_name):
        user = get_user_model().objects.get(email=email)
        assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    assert client.get("/cms/").status_code == 200

    # From now on the login asks for the code; without it, no /cms/.
    cache.clear()  # the code just used may not be used twice; a new 30-second step has the next one
    client = client_for(kassel)
    response = login(client, email, password, next_url="/cms/")
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert client.get("/cms/").status_code == 302 and not logged_in_user(client)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    assert client.post("/konto/2fa/authenticate/", {"code": wrong}).status_code == 200
    assert not logged_in_user(client)
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
    assert response["Location"] == "/cms/"
    assert client.get("/cms/").status_code == 200


def test_a_recovery_code_replaces_the_app_once(kassel, client_for):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    editor = make_staff(kassel)
    with schema_context(kassel.schema_name):
        demo_totp_authenticator(editor)
        codes = RecoveryCodes.activate(editor).get_unused_codes()
    client = client_for(kassel)
    login(client, editor.email, PASSWORD)
    assert client.post("/konto/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    assert logged_in_user(client)
    again = client_for(kassel)
    login(again, editor.email, PASSWORD)
    assert again.post("/konto/2fa/authenticate/", {"code": codes[0]}).status_code == 200  # used: refused
    assert not logged_in_user(again)


def test_citizens_are_not_asked_for_a_second_factor(kassel, client_for, staff_mfa_required):
    citizen = make_citizen(kassel, f"b-{uuid.uuid4().hex[:6]}@example.org")
    client = client_for(kassel)
    assert login(client, citizen.email, PASSWORD)["Location"] == "/"
    assert logged_in_user(client)
    assert "/2fa/" not in client.get("/cms/")["Location"]  # Wagtail refuses them as before


def test_demo_admins_log_in_with_the_demo_code(kassel, client_for, staff_mfa_required):
    with schema_context(kassel.schema_name):
        admin = get_user_model().objects.get(email="admin@kassel.example")
        demo_totp_authenticator(admin)
    client = client_for(kassel)
    assert login(client, "admin@kassel.example", next_url="/cms/")["Location"] == "/konto/2fa/authenticate/"
    assert client.post("/konto/2fa/authenticate/", {"code": demo_otp_code()})["Location"] == "/cms/"
    assert client.get("/cms/").status_code == 200
    assert totp_code(DEMO_TOTP_SECRET) == demo_otp_code()


def test_demo_otp_code_command_names_the_municipal_admins(capsys):
    call_command("demo_otp_code")
    out = capsys.readouterr().out
    assert out.startswith(demo_otp_code()) and "admin@kassel.example" in out and "one code for all" in out


# --- State console --------------------------------------------------------------------------------


def test_console_password_step_is_limited_per_account(db):
    from tests.tenants.conftest import make_staff as make_state_staff

    user, _device = make_state_staff()
    answers = [
        Client(HTTP_HOST=PORTAL, REMOTE_ADDR=f"10.1.0.{n}").post(
            "/konsole/anmelden/", {"username": user.username, "password": f"falsch-{n}"}
        )
        for n in range(6)
    ]
    assert [r.status_code for r in answers] == [200] * 5 + [429]
    assert "Bitte warten Sie 15 Minuten" in answers[-1].content.decode()
    client = Client(HTTP_HOST=PORTAL, REMOTE_ADDR="10.1.1.1")
    response = client.post("/konsole/anmelden/", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert client.get("/konsole/2fa/").status_code == 302  # not logged in: back to the password step


def test_console_password_step_is_limited_per_address(db):
    client = Client(HTTP_HOST=PORTAL, REMOTE_ADDR="10.2.0.1")
    answers = [
        client.post("/konsole/anmelden/", {"username": f"raten-{n}@hessen.example", "password": "x"}) for n in range(11)
    ]
    assert [r.status_code for r in answers] == [200] * 10 + [429]
    assert "Zu viele fehlgeschlagene Versuche" in answers[-1].content.decode()


def test_console_totp_step_says_wait_when_throttled(db):
    from django.utils import timezone

    from tests.tenants.conftest import make_staff as make_state_staff
    from tests.tenants.conftest import totp_token

    user, device = make_state_staff()
    client = Client(HTTP_HOST=PORTAL)
    assert client.post("/konsole/anmelden/", {"username": user.username, "password": DEMO_PASSWORD}).status_code == 302
    # Six wrong codes before: django-otp makes the next try wait 32 seconds.
    device.throttling_failure_count = 6
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post("/konsole/2fa/", {"token": totp_token(device)})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Bitte warten Sie" in html and "Sekunden" in html
    assert "falsch oder abgelaufen" not in html
    assert client.get("/konsole/").status_code == 302  # not verified


def test_django_admin_login_leads_to_the_limited_console_login(db):
    from tests.tenants.conftest import make_staff as make_state_staff
    from tests.tenants.conftest import staff_login

    user, device = make_state_staff()
    client = Client(HTTP_HOST=PORTAL)
    response = client.post("/admin/login/", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/konsole/anmelden/?next=/admin/"
    assert client.get("/admin/").status_code == 302  # nobody logged in by that post
    staff_login(client, user, device)
    assert client.get("/admin/").status_code == 200  # password + TOTP in the console open the admin too
