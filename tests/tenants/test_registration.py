"""A municipality registers itself on the state portal: search, form, bot protection, confirmation, status."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from platform_core.models import AuditEntry
from tenants.models import MunicipalityRegistration
from tenants.registration import RegistrationError, registration_create, registration_verify

pytestmark = pytest.mark.django_db

HANAU = "06435014"


def form_data(portal, ags=HANAU, **overrides):
    html = portal.get(f"/registrierung/{ags}/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    data = {
        "contact_name": "Erika Mustermann",
        "contact_role": "Hauptamt",
        "contact_email": "e.mustermann@hanau.de",
        "contact_phone": "06181 1234",
        "slug": "hanau",
        "accept_terms": "on",
        "accept_dpa": "on",
        "website": "",
        "started": started,
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/registrierung/bestaetigen/\S+/", message.body).group(0)).path


def test_search_finds_by_name_and_ags_and_explains_who_cannot_register(portal, kassel):
    html = portal.get("/registrierung/", {"q": "Hanau"}).content.decode()
    assert "Hanau" in html and f"/registrierung/{HANAU}/" in html
    assert "/registrierung/06435014/" in portal.get("/registrierung/", {"q": "064350"}).content.decode()
    html = portal.get("/registrierung/", {"q": "Kassel"}).content.decode()
    assert "nimmt bereits teil" in html.lower() or "bereits registriert" in html
    html = portal.get("/registrierung/", {"q": "06435200"}).content.decode()
    assert "Gemeindefreies Gebiet" in html


def test_registration_confirmation_and_private_status_link(portal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # emails are queued after the commit
        response = portal.post(f"/registrierung/{HANAU}/", form_data(portal), follow=True)
    assert response.status_code == 200
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in response.content.decode()
    registration = MunicipalityRegistration.objects.get(entry_id=HANAU)
    assert registration.status == "unverified"
    assert (registration.terms_version, registration.dpa_version) == ("2026-01", "2026-01")
    assert registration.accepted_at is not None
    assert mail.outbox[-1].to == ["e.mustermann@hanau.de"]
    assert "bestätigen" in mail.outbox[-1].subject
    status_path = f"/registrierung/status/{registration.status_token}/"
    assert status_path in mail.outbox[-1].body

    path = link_in(mail.outbox[-1])
    assert "Bestätigen" in portal.get(path).content.decode()  # a GET (mail scanner) changes nothing
    registration.refresh_from_db()
    assert registration.status == "unverified"
    response = portal.post(path)
    assert response.status_code == 302 and response["Location"] == status_path
    registration.refresh_from_db()
    assert registration.status == "pending" and registration.verified_at
    html = portal.get(status_path).content.decode()
    assert "wartet auf Prüfung" in html and "Hanau" in html
    assert portal.get("/registrierung/status/falsch/").status_code == 404
    assert AuditEntry.objects.filter(action="registration.verified", actor_kind="applicant").exists()


def test_invalid_input_gets_german_messages_and_keeps_valid_values(portal):
    data = form_data(portal, contact_email="erika@gmail.com", slug="admin", accept_dpa="")
    response = portal.post(f"/registrierung/{HANAU}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "dienstliche Adresse" in html
    assert "ist reserviert" in html and "Vorschlag: admin-kommune" in html
    assert "Bitte akzeptieren Sie den Vertrag zur Auftragsverarbeitung" in html
    assert 'value="Erika Mustermann"' in html and 'value="Hauptamt"' in html and 'value="06181 1234"' in html
    assert "checked" in html.split('name="accept_terms"')[1][:80]
    assert not MunicipalityRegistration.objects.exists()


def test_taken_subdomain_gets_a_suggestion(portal, kassel):
    response = portal.post(f"/registrierung/{HANAU}/", form_data(portal, slug="kassel"))
    assert "bereits vergeben" in response.content.decode() and "kassel-2" in response.content.decode()


def test_bots_are_refused_honeypot_timer_and_forged_timestamp(portal, settings):
    html = portal.post(f"/registrierung/{HANAU}/", form_data(portal, website="http://spam.example")).content.decode()
    assert "konnte nicht gesendet werden" in html
    html = portal.post(f"/registrierung/{HANAU}/", form_data(portal, started="1700000000.0:forged")).content.decode()
    assert "konnte nicht gesendet werden" in html
    settings.TENANT_REGISTRATION_MIN_SECONDS = 30
    html = portal.post(f"/registrierung/{HANAU}/", form_data(portal)).content.decode()
    assert "ungewöhnlich schnell" in html
    assert not MunicipalityRegistration.objects.exists()


def test_rate_limit_per_ip(portal, settings):
    settings.TENANT_REGISTRATION_RATE = "2/h"
    for _ in range(2):
        assert portal.post(f"/registrierung/{HANAU}/", form_data(portal, accept_terms="")).status_code == 400
    response = portal.post(f"/registrierung/{HANAU}/", form_data(portal))
    assert response.status_code == 429
    assert "Zu viele Registrierungen" in response.content.decode()
    assert 'value="Erika Mustermann"' in response.content.decode()


def test_one_active_registration_or_tenant_per_ags(portal, kassel):
    html = portal.get(f"/registrierung/{kassel.ags}/").content.decode()
    assert "nimmt bereits teil" in html and 'name="contact_name"' not in html
    assert "kann nicht teilnehmen" in portal.get("/registrierung/06435200/").content.decode()
    # Two unconfirmed registrations may exist (nobody can block a town with a false address) ...
    first = registration_create(ags=HANAU, contact_name="A", contact_email="a@hanau.de", slug="hanau")
    second = registration_create(ags=HANAU, contact_name="B", contact_email="b@hanau.de", slug="hanau-b")
    registration_verify(key=first.verification_key)
    # ... but only one is confirmed; afterwards the AGS is taken.
    with pytest.raises(RegistrationError, match="bereits registriert"):
        registration_verify(key=second.verification_key)
    with pytest.raises(RegistrationError, match="bereits registriert"):
        registration_create(ags=HANAU, contact_name="C", contact_email="c@hanau.de", slug="hanau-c")
    assert MunicipalityRegistration.objects.filter(entry_id=HANAU, status="pending").count() == 1


def test_registration_pages_are_german(portal):
    html = portal.get("/registrierung/").content.decode()
    assert "Kommune registrieren" in html and '<html lang="de">' in html
    html = portal.get(f"/registrierung/{HANAU}/").content.decode()
    assert "Nutzungsbedingungen" in html and "Auftragsverarbeitung" in html and "Gewünschte Subdomain" in html
    assert portal.get("/rechtliches/auftragsverarbeitung/").status_code == 200
