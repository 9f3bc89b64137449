"""Three people register for two seats of a Kassel event on their phones (double opt-in), one
cancels, the waiting one is promoted and told; a clerk checks a person in by the QR code's link
and exports the list. axe-core checks the event pages; screenshots for the README."""

import csv
import io
import re
import uuid

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _schema():
    from tenants.models import Municipality

    return Municipality.objects.get(slug="kassel").schema_name


def _path(url: str) -> str:
    """Links in emails carry the site's configured port; the test server listens elsewhere."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _mail_link(email: str, part: str) -> str:
    for message in reversed(mail.outbox):
        if message.to == [email]:
            match = re.search(rf"https?://\S+/termine/{part}/\S+/", message.body)
            if match:
                return _path(match.group(0))
    raise AssertionError(f"no {part} link for {email}")


def register(browser, live_url, event_url, name, email):
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    citizen = context.new_page()
    citizen.goto(live_url("kassel", event_url))
    citizen.get_by_label("Ihr Name").fill(name)
    citizen.get_by_label("Ihre E-Mail-Adresse").fill(email)
    citizen.get_by_label("Ich bin einverstanden").check()
    citizen.get_by_role("button", name="Anmelden").click()
    assert "Bitte prüfen Sie Ihre E-Mails" in citizen.locator("h1").inner_text()
    citizen.goto(live_url("kassel", _mail_link(email, "bestaetigen")))
    citizen.get_by_role("button", name="Meine Anmeldung bestätigen").click()
    citizen.wait_for_url("**/termine/anmeldung/**")
    status = citizen.locator(".registration-status").inner_text()
    return context, citizen, status


def test_register_three_for_two_seats_cancel_promote_check_in_export(page, browser, live_url, kassel_admin_totp):
    from events.links import checkin_url
    from events.models import Registration
    from tests.events.factories import first_date, make_event

    mail.outbox.clear()
    title = f"Bürgerwerkstatt Nordstadt {uuid.uuid4().hex[:4]}"
    with schema_context(_schema()):
        event = make_event(
            title=title, capacity=2, category="workshop", step_free=True, hearing_loop=True,
            teaser="Wie wird die Nordstadt sicherer? Planen Sie mit uns Wege, Licht und Treffpunkte.",
            organiser_name="Ordnungsamt Kassel", organiser_email="ordnungsamt@kassel.example",
        )  # fmt: skip
        date = first_date(event)
        start = timezone.localtime(date.start).replace(hour=18, minute=0, second=0)  # a round time for the screenshots
        type(date).objects.filter(pk=date.pk).update(start=start, end=start + timezone.timedelta(hours=2))
        event_url, date = event.url, first_date(event)
    try:
        # A first-time citizen on a phone: the event page, then registering.
        first, first_page, status = register(browser, live_url, event_url, "Anna Adler", "anna@example.org")
        assert status == "bestätigt"
        first_page.goto(live_url("kassel", event_url))
        assert axe_violations(first_page) == []
        screenshot(first_page, "event-page")
        second, _, status = register(browser, live_url, event_url, "Bernd Berg", "bernd@example.org")
        assert status == "bestätigt"
        third, third_page, status = register(browser, live_url, event_url, "Clara Conrad", "clara@example.org")
        assert status == "auf der Warteliste"
        assert axe_violations(third_page) == []

        # Anna cancels with her private link; Clara gets the seat and an email.
        first_page.goto(live_url("kassel", _mail_link("anna@example.org", "anmeldung")))
        first_page.get_by_role("button", name="Meine Anmeldung stornieren").click()
        assert first_page.locator(".registration-status").inner_text() == "storniert"
        promoted = [m for m in mail.outbox if m.to == ["clara@example.org"] and "bestätigt" in m.subject]
        assert len(promoted) == 1 and "Platz frei geworden" in promoted[0].body
        third_page.reload()
        assert third_page.locator(".registration-status").inner_text() == "bestätigt"

        # The list and the month calendar.
        first_page.goto(live_url("kassel", "/termine/?kategorie=workshop&step_free=1"))
        assert title in first_page.locator("main").inner_text()
        assert axe_violations(first_page) == []
        month = timezone.localtime(date.start).strftime("%Y-%m")
        first_page.goto(live_url("kassel", f"/termine/kalender/?monat={month}"))
        assert title in first_page.locator("table.month").inner_text()
        assert axe_violations(first_page) == []
        first_page.set_viewport_size({"width": 1280, "height": 900})
        screenshot(first_page, "event-calendar")
        for context in (first, second, third):
            context.close()

        # The clerk: the QR code's link on a phone, then the list and its export on the desktop.
        cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
        with schema_context(_schema()):
            clara = Registration.objects.get(date=date, email="clara@example.org")
            qr_path = _path(checkin_url(clara))
        page.set_viewport_size(PHONE)
        page.goto(live_url("kassel", qr_path))
        assert "Clara Conrad" in page.locator("main").inner_text()
        page.get_by_role("button", name="Einlass bestätigen").click()
        page.wait_for_url("**" + qr_path)
        assert "Eingecheckt um" in page.locator("main").inner_text()
        page.goto(live_url("kassel", f"/cms/veranstaltungen/termin/{date.pk}/einlass/"))
        assert "1 von 2 Personen anwesend" in page.locator("main").inner_text()
        screenshot(page, "event-checkin")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_url("kassel", f"/cms/veranstaltungen/termin/{date.pk}/"))
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV exportieren").click()
        rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
        statuses = {row[0]: (row[3], row[5]) for row in rows[1:]}
        assert statuses["Anna Adler"][0] == "storniert" and statuses["Bernd Berg"] == ("bestätigt", "")
        assert statuses["Clara Conrad"][0] == "bestätigt" and statuses["Clara Conrad"][1] != ""
    finally:
        from events.models import EventPage

        with schema_context(_schema()):
            EventPage.objects.get(pk=event.pk).delete()
