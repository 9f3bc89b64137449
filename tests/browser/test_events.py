"""A clerk creates an event with two seats and a waiting list in Kassel's Wagtail editor and
publishes it; three people register on their phones (double opt-in), one cancels, the waiting one
is promoted and told; the clerk checks a person in by the QR code's link on a phone and exports
the list. axe-core checks every citizen event page and the state portal's event list;
screenshots for the README."""

import csv
import io
import re
import uuid

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

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


def register(browser, live_url, event_url, name, email, *, check_axe=False):
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    citizen = context.new_page()
    citizen.goto(live_url("kassel", event_url))
    if check_axe:  # the form with its error summary first
        citizen.get_by_role("button", name="Anmelden").click()
        assert citizen.locator(".event-register .errorlist").count() >= 3  # name, email, consent
        assert axe_violations(citizen) == []
    citizen.get_by_label("Ihr Name").fill(name)
    citizen.get_by_label("Ihre E-Mail-Adresse").fill(email)
    citizen.get_by_label("Ich bin einverstanden").check()
    citizen.get_by_role("button", name="Anmelden").click()
    assert "Bitte prüfen Sie Ihre E-Mails" in citizen.locator("h1").inner_text()
    if check_axe:
        assert axe_violations(citizen) == []
    citizen.goto(live_url("kassel", _mail_link(email, "bestaetigen")))
    if check_axe:
        assert axe_violations(citizen) == []
    citizen.get_by_role("button", name="Meine Anmeldung bestätigen").click()
    citizen.wait_for_url("**/termine/anmeldung/**")
    status = citizen.locator(".registration-status").inner_text()
    if check_axe:
        assert axe_violations(citizen) == []
    return context, citizen, status


def create_event_in_the_editor(page, live_url, title: str, start) -> None:
    """The clerk fills the event form of the Wagtail editor (two seats, waiting list on) and publishes."""
    from tests.events.factories import events_index

    with schema_context(_schema()):
        index_id = events_index().pk
    page.goto(live_url("kassel", f"/cms/pages/add/events/eventpage/{index_id}/"))
    page.fill("#id_title", title)
    page.fill("#id_teaser", "Wie wird die Nordstadt sicherer? Planen Sie mit uns Wege, Licht und Treffpunkte.")
    page.select_option("#id_category", "workshop")
    page.fill("#id_dates-0-start", start.strftime("%Y-%m-%d %H:%M"))
    page.fill("#id_dates-0-end", (start + timezone.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Escape")  # close the date picker
    page.fill("#id_dates-0-capacity", "2")
    page.fill("#id_address", "Bürgerhaus Nordstadt, Holländische Straße 74, 34127 Kassel")
    page.check("#id_step_free")
    page.check("#id_hearing_loop")
    page.fill("#id_organiser_name", "Ordnungsamt Kassel")
    page.fill("#id_organiser_email", "ordnungsamt@kassel.example")
    assert page.locator("#id_registration_mode").input_value() == "open"
    assert page.is_checked("#id_waitlist_enabled")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.click("button[name=action-publish]")
    page.wait_for_url(f"**/cms/pages/{index_id}/")


def test_clerk_creates_event_three_register_for_two_seats_cancel_promote_check_in_export(
    page, browser, live_url, kassel_admin_totp
):
    from events.links import checkin_url
    from events.models import EventDate, EventPage, Registration

    mail.outbox.clear()
    title = f"Bürgerwerkstatt Nordstadt {uuid.uuid4().hex[:4]}"
    start = timezone.localtime(timezone.now() + timezone.timedelta(days=12)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
    create_event_in_the_editor(page, live_url, title, start)
    with schema_context(_schema()):
        event = EventPage.objects.get(title=title)
        assert event.live and event.waitlist_enabled
        (date,) = EventDate.objects.filter(page=event)
        assert date.capacity == 2 and date.start == start
        event_url = event.url
    try:
        # A first-time citizen on a phone: the event page, the form with its errors, then registering.
        first, first_page, status = register(
            browser, live_url, event_url, "Anna Adler", "anna@example.org", check_axe=True
        )
        assert status == "bestätigt"
        first_page.goto(live_url("kassel", event_url))
        assert "1 Platz frei" in first_page.locator("main").inner_text()
        assert axe_violations(first_page) == []
        screenshot(first_page, "events-page")
        second, _, status = register(browser, live_url, event_url, "Bernd Berg", "bernd@example.org")
        assert status == "bestätigt"
        third, third_page, status = register(browser, live_url, event_url, "Clara Conrad", "clara@example.org")
        assert status == "auf der Warteliste"
        assert axe_violations(third_page) == []

        # Anna cancels with her private link; Clara gets the seat and an email.
        first_page.goto(live_url("kassel", _mail_link("anna@example.org", "anmeldung")))
        first_page.get_by_role("button", name="Meine Anmeldung stornieren").click()
        assert first_page.locator(".registration-status").inner_text() == "storniert"
        assert axe_violations(first_page) == []
        promoted = [m for m in mail.outbox if m.to == ["clara@example.org"] and "bestätigt" in m.subject]
        assert len(promoted) == 1 and "Platz frei geworden" in promoted[0].body
        third_page.reload()
        assert third_page.locator(".registration-status").inner_text() == "bestätigt"

        # The list with filters, the month calendar, and the state portal's list of all municipalities.
        first_page.goto(live_url("kassel", "/termine/"))
        assert title in first_page.locator("main").inner_text()
        assert axe_violations(first_page) == []
        first_page.goto(live_url("kassel", "/termine/?kategorie=workshop&step_free=1"))
        assert title in first_page.locator("main").inner_text()
        assert axe_violations(first_page) == []
        first_page.goto(live_url("kassel", f"/termine/kalender/?monat={start:%Y-%m}"))
        assert title in first_page.locator("table.month").inner_text()
        assert axe_violations(first_page) == []
        first_page.set_viewport_size({"width": 1280, "height": 900})
        screenshot(first_page, "events-calendar")
        first_page.goto(live_url(None, "/veranstaltungen/"))
        assert title in first_page.locator("main").inner_text()
        assert axe_violations(first_page) == []
        for context in (first, second, third):
            context.close()

        # The clerk: the QR code's link on a phone, then the list and its exports on the desktop.
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
        screenshot(page, "events-checkin")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_url("kassel", f"/cms/veranstaltungen/termin/{date.pk}/"))
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV exportieren").click()
        rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
        statuses = {row[0]: (row[3], row[5]) for row in rows[1:]}
        assert statuses["Anna Adler"][0] == "storniert" and statuses["Bernd Berg"] == ("bestätigt", "")
        assert statuses["Clara Conrad"][0] == "bestätigt" and statuses["Clara Conrad"][1] != ""
        with page.expect_download() as download:
            page.get_by_role("link", name="XLSX exportieren").click()
        sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
        names = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert names == {"Anna Adler": "storniert", "Bernd Berg": "bestätigt", "Clara Conrad": "bestätigt"}
    finally:
        with schema_context(_schema()):
            EventPage.objects.get(pk=event.pk).delete()
