"""Accounts in "Sie": the German catalogues and the emails have no "du"; signup asks for a name,
emails greet by it and name the municipality ("Stadt Kassel"); after confirming the email the
person gets next steps; the data download is a readable German page beside the JSON file."""

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import polib
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from tests.conftest import host_of

ROOT = Path(settings.BASE_DIR)
sys.path.insert(0, str(ROOT / "tools"))
from allauth_sie import DU_FORMS, allauth_catalogue  # noqa: E402

PASSWORD = "Ein-sicheres-Passwort-7"


def _du_in(text: str) -> list[str]:
    return [m.group(0) for m in DU_FORMS.finditer(text)]


def test_the_pattern_finds_du_forms():
    assert _du_in("Bitte bestätige deine E-Mail-Adresse") == ["bestätige", "deine"]
    assert _du_in("Du hast bereits ein Konto") == ["Du", "hast"]
    assert _du_in("Bitte bestätigen Sie Ihre E-Mail-Adresse. Dummy, Dirk, Duisburg") == []
    assert _du_in("Klick hier, oder klicke auf den Link") == ["Klick", "klicke"]
    assert _du_in("Mit einem Klick abbestellen") == []  # the noun, not the imperative


def test_the_project_catalogues_have_no_du():
    found = []
    for path in sorted(ROOT.glob("**/locale*/de/LC_MESSAGES/django.po")):
        if ".venv" in path.parts:
            continue
        for entry in polib.pofile(str(path)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                if _du_in(text or ""):
                    found.append(f"{path.relative_to(ROOT)}: {text[:80]}")
    assert found == []


def test_allauth_speaks_sie_as_the_platform_serves_it():
    """Every allauth message, translated the way the running platform translates it."""
    found = []
    with translation.override("de"):
        for entry in allauth_catalogue():
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                texts = [translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            elif entry.msgctxt:
                texts = [translation.pgettext(entry.msgctxt, entry.msgid)]
            else:
                texts = [translation.gettext(entry.msgid)]
            found += [f"{entry.msgid[:60]} -> {t[:80]}" for t in texts if _du_in(t)]
    assert found == []


def _signup(client, email, name="Anna Schmidt"):
    mail.outbox.clear()
    response = client.post(
        "/konto/signup/", {"name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return mail.outbox[-1]


def test_signup_page_has_a_name_field_privacy_note_and_no_du(kassel):
    html = Client(HTTP_HOST=host_of(kassel)).get("/konto/signup/").content.decode()
    assert 'name="name"' in html and "Ihr Name" in html and 'autocomplete="name"' in html
    assert "Datenschutzerklärung" in html and 'class="primary" type="submit"' in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert _du_in(text) == [] and "Sie haben bereits ein Konto" in text


def test_confirmation_email_greets_by_name_and_names_the_town(kassel):
    client = Client(HTTP_HOST=host_of(kassel))
    message = _signup(client, "anna.schmidt@example.org")
    assert message.body.startswith("Guten Tag Anna Schmidt,")
    assert "Stadt Kassel" in message.subject and "Stadt Kassel" in message.body
    assert "Benutzer" not in message.body and host_of(kassel) not in message.body.split("http")[0]
    assert _du_in(message.subject + message.body) == []
    with schema_context(kassel.schema_name):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(email="anna.schmidt@example.org")
        assert (user.first_name, user.last_name) == ("Anna", "Schmidt")

    # Confirming the address logs in and offers the next steps, greeting by name.
    link = re.search(r"https?://\S+", message.body).group(0)
    response = client.post(urlsplit(link).path)
    assert response.status_code == 302 and response["Location"] == "/konto/willkommen/"
    html = client.get("/konto/willkommen/").content.decode()
    assert "Willkommen, Anna Schmidt!" in html and "Weiter zu den Umfragen" in html and "Zur Startseite" in html


def test_password_reset_and_other_account_emails_say_sie(kassel):
    client = Client(HTTP_HOST=host_of(kassel))
    _signup(client, "bert.sie@example.org", name="")
    mail.outbox.clear()
    Client(HTTP_HOST=host_of(kassel)).post("/konto/password/reset/", {"email": "bert.sie@example.org"})
    Client(HTTP_HOST=host_of(kassel)).post(
        "/konto/signup/",
        {
            "email": "bert.sie@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )  # fmt: skip  (an account with this address already exists: a notice by email)
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        assert _du_in(message.subject + message.body) == [], message.body
        assert message.body.startswith("Guten Tag,") and "Stadt Kassel" in message.body


def test_data_download_is_a_readable_german_page_beside_the_json_file(kassel):
    client = Client(HTTP_HOST=host_of(kassel))
    message = _signup(client, "carla.daten@example.org", name="Carla Daten")
    client.post(urlsplit(re.search(r"https?://\S+", message.body).group(0)).path)
    response = client.get("/konto/daten/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Meine Daten" in html and "E-Mail-Adresse" in html and "carla.daten@example.org" in html
    assert "Vorname" in html and "Carla" in html and "Bestätigt" in html and "ja" in html
    assert "first_name" not in html and "email_addresses" not in html
    assert 'href="/konto/daten/json/"' in html
    data = client.get("/konto/daten/json/")
    assert data["Content-Disposition"].startswith("attachment") and b'"first_name": "Carla"' in data.content
