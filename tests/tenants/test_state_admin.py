from django.contrib.auth import get_user_model
from django.test import Client


def test_state_staff_see_the_municipalities_in_the_state_portal(kassel, marburg):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.tenants.conftest import totp_token

    user = get_user_model().objects.create_user(
        username="staff@hessen.example", password="Land-Passwort-1", is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client(HTTP_HOST="beteiligung.localhost")
    credentials = {"username": "staff@hessen.example", "password": "Land-Passwort-1"}
    # The Django admin needs the second factor too (django-otp's OTPAdminSite); its login is the
    # console's, with the console's limits.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.post("/admin/login/?next=/admin/", credentials)["Location"] == "/konsole/anmelden/?next=/admin/"
    assert client.post("/konsole/anmelden/?next=/admin/", credentials).status_code == 302
    assert client.get("/admin/tenants/municipality/").status_code == 302  # password alone is not enough
    response = client.post("/konsole/2fa/?next=/admin/", {"token": totp_token(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    html = client.get("/admin/tenants/municipality/").content.decode()
    assert "Kassel" in html and "Marburg" in html and "kassel.beteiligung.localhost" in html


def test_municipal_admin_cannot_log_into_state_portal(kassel):
    client = Client(HTTP_HOST="beteiligung.localhost")
    response = client.post(
        "/konsole/anmelden/?next=/admin/", {"username": "admin@kassel.example", "password": "Demo-Passwort-2026"}
    )
    assert response.status_code == 200  # form again: the account exists only in Kassel's schema
    assert client.get("/admin/tenants/municipality/").status_code == 302


def test_portal_lists_participating_municipalities(kassel, marburg):
    html = Client(HTTP_HOST="beteiligung.localhost").get("/").content.decode()
    assert "Teilnehmende Kommunen" in html
    assert "http://kassel.beteiligung.localhost" in html and "Marburg" in html


def test_demo_staff_can_enter_the_console_with_the_printed_code(db):
    from tenants.demo import DEMO_PASSWORD, STATE_STAFF_EMAIL, demo_load, demo_otp_code

    demo_load()
    client = Client(HTTP_HOST="beteiligung.localhost")
    response = client.post("/konsole/anmelden/", {"username": STATE_STAFF_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.post("/konsole/2fa/", {"token": demo_otp_code()})
    assert response.status_code == 302
    assert client.get("/konsole/kommunen/").status_code == 200


def test_demo_data_brings_an_answerable_survey(db, client_for):
    from tenants.demo import demo_load
    from tenants.models import Municipality

    demo_load()
    demo_load()  # idempotent
    kassel = Municipality.objects.get(slug="kassel")
    html = client_for(kassel).get("/umfragen/").content.decode()
    assert "Sicherheit im Quartier" in html
    assert client_for(kassel).get("/umfragen/sicherheit-im-quartier/").status_code == 200
