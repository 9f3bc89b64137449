"""The clerk's side in the Wagtail admin: attendee list, exports, check-in (list and QR code),
approvals, writing to everyone and cancelling a date."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_tenants.utils import schema_context
from icalendar import Calendar
from openpyxl import load_workbook

from events.links import checkin_url
from events.models import EventDate, Registration
from events.services import registration_create
from events.tasks import qr_png
from platform_core.models import AuditEntry

from .factories import first_date, make_event

Status = Registration.Status


@pytest.fixture
def clerk_client(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    return client


@pytest.fixture
def full_date(kassel):
    """Two seats: Anna and "=HYPERLINK(...)" confirmed, Bernd waiting."""
    with schema_context(kassel.schema_name):
        date = first_date(make_event(capacity=2, title="Werkstatt Einlass"))
        for name in ("Anna", '=HYPERLINK("http://evil.example")', "Bernd"):
            registration_create(date=date, name=name, email=f"{name[:4].strip('=')}@example.org", email_verified=True)
    return date


def test_attendee_list_shows_everyone_with_status(clerk_client, full_date):
    html = clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/").content.decode()
    assert "Anna" in html and "Bernd" in html and "auf der Warteliste" in html and "2 von 2 Plätzen belegt" in html


def test_csv_and_xlsx_exports_hold_the_list_and_no_formula(clerk_client, full_date):
    response = clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/liste.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Name", "E-Mail-Adresse", "Begleitpersonen", "Status"]
    names = {row[0]: row[3] for row in rows[1:]}
    assert names["Anna"] == "bestätigt" and names["Bernd"] == "auf der Warteliste"
    assert '\'=HYPERLINK("http://evil.example")' in names
    response = clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/liste.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert any(c.value == "Anna" for c in cells) and not any(c.data_type == "f" for c in cells)
    assert clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/liste.pdf").status_code == 404


def test_printable_list_holds_only_confirmed_people(clerk_client, full_date):
    html = clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/druck/").content.decode()
    assert "Anna" in html and "Bernd" not in html


def test_check_in_by_name_on_the_phone_list(clerk_client, kassel, full_date):
    with schema_context(kassel.schema_name):
        anna = Registration.objects.get(date=full_date, name="Anna")
    assert (
        "0 von 2 Personen anwesend"
        in clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/einlass/").content.decode()
    )
    response = clerk_client.post(f"/cms/veranstaltungen/anmeldung/{anna.pk}/checkin/", {"next": "checkin"})
    assert response["Location"] == f"/cms/veranstaltungen/termin/{full_date.pk}/einlass/"
    assert "1 von 2 Personen anwesend" in clerk_client.get(response["Location"]).content.decode()


def test_the_qr_code_of_the_email_leads_a_clerk_to_one_button(
    clerk_client, kassel, client_for, django_capture_on_commit_callbacks
):
    with schema_context(kassel.schema_name):
        date = first_date(make_event(capacity=2))
        with django_capture_on_commit_callbacks(execute=True):
            registration, _ = registration_create(
                date=date, name="Carla", email="carla@example.org", email_verified=True
            )
        url = checkin_url(registration)
        (png,) = [content for name, content, _mime in mail.outbox[0].attachments if name.endswith(".png")]
        assert png == qr_png(url)  # the code holds exactly the check-in link
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client_for(kassel).get("/" + path).status_code == 302  # not logged in: to the login
    html = clerk_client.get("/" + path).content.decode()
    assert "Carla" in html and "Einlass bestätigen" in html
    clerk_client.post("/" + path)
    with schema_context(kassel.schema_name):
        registration.refresh_from_db()
        assert registration.checked_in_at is not None
        assert AuditEntry.objects.filter(action="event.checked_in", target_id=str(registration.pk)).count() == 1
    assert "Eingecheckt um" in clerk_client.get("/" + path).content.decode()


def test_approve_and_decline_with_approval_on(clerk_client, kassel, django_capture_on_commit_callbacks):
    with schema_context(kassel.schema_name):
        date = first_date(make_event(capacity=1, approval_required=True))
        first, _ = registration_create(date=date, name="Erste", email="erste@example.org", email_verified=True)
        second, _ = registration_create(date=date, name="Zweite", email="zweite@example.org", email_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(f"/cms/veranstaltungen/anmeldung/{first.pk}/approve/")
    response = clerk_client.post(f"/cms/veranstaltungen/anmeldung/{second.pk}/approve/", follow=True)
    assert "keinen freien Platz" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(f"/cms/veranstaltungen/anmeldung/{second.pk}/reject/")
    with schema_context(kassel.schema_name):
        assert Registration.objects.get(pk=first.pk).status == Status.CONFIRMED
        assert Registration.objects.get(pk=second.pk).status == Status.CANCELLED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "bestätigt" in subjects["erste@example.org"] and "Kein Platz" in subjects["zweite@example.org"]


def test_message_all_reaches_everyone_registered(clerk_client, full_date, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            f"/cms/veranstaltungen/termin/{full_date.pk}/nachricht/",
            {"subject": "Raumwechsel", "body": "Wir sind im Saal 2."},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox if m.subject == "Raumwechsel") == [
        "Anna@example.org",
        "Bern@example.org",
        "HYP@example.org",
    ]
    assert (
        clerk_client.post(f"/cms/veranstaltungen/termin/{full_date.pk}/nachricht/", {"subject": ""}).status_code == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(
            f"/cms/veranstaltungen/termin/{full_date.pk}/nachricht/",
            {"subject": "Neu\r\nBcc: alle@evil.example", "body": "Text"},
        )
    assert [m.subject for m in mail.outbox if m.subject.startswith("Neu")] == ["Neu Bcc: alle@evil.example"] * 3


def test_cancelling_a_date_notifies_everyone_and_the_calendar_says_so(
    clerk_client, kassel, full_date, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(f"/cms/veranstaltungen/termin/{full_date.pk}/absagen/", {"reason": "Saal gesperrt"})
    assert len([m for m in mail.outbox if "abgesagt" in m.subject]) == 3
    with schema_context(kassel.schema_name):
        assert EventDate.objects.get(pk=full_date.pk).status == "cancelled"
        assert AuditEntry.objects.filter(action="event.date_cancelled", data__reason="Saal gesperrt").exists()
        page_id = full_date.page_id
    (vevent,) = Calendar.from_ical(client_for(kassel).get(f"/termine/veranstaltung/{page_id}.ics").content).walk(
        "VEVENT"
    )
    assert vevent["status"] == "CANCELLED"
    again = clerk_client.post(f"/cms/veranstaltungen/termin/{full_date.pk}/absagen/", {}, follow=True)
    assert "bereits abgesagt" in again.content.decode()


def test_editors_get_the_event_forms_in_the_page_tree(clerk_client, kassel):
    with schema_context(kassel.schema_name):
        event = make_event()
        index_id = event.get_parent().pk
        from cms.models import HomePage

        home_id = HomePage.objects.first().pk
    assert clerk_client.get(f"/cms/pages/add/events/eventindexpage/{home_id}/").status_code == 200
    html = clerk_client.get(f"/cms/pages/add/events/eventpage/{index_id}/").content.decode()
    assert "Barrierefreiheit des Veranstaltungsorts" in html and "Alternativtext des Bildes" in html
    assert clerk_client.get(f"/cms/pages/{event.pk}/edit/").status_code == 200


def test_moving_a_date_tells_everyone_with_a_new_calendar_file_and_logs_the_clerk(
    clerk_client, kassel, full_date, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    with schema_context(kassel.schema_name):
        full_date.page.specific.save_revision().publish()  # as an editor leaves it
        full_date.refresh_from_db()
    form = clerk_client.get(f"/cms/veranstaltungen/termin/{full_date.pk}/verschieben/").content.decode()
    assert 'type="datetime-local"' in form and "Neuer Beginn" in form
    new_start = timezone.localtime(full_date.start + timedelta(days=7)).replace(hour=19, minute=30, second=0)
    data = {"start": new_start.strftime("%Y-%m-%dT%H:%M"),
            "end": (new_start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(f"/cms/veranstaltungen/termin/{full_date.pk}/verschieben/", data)
    assert response.status_code == 302
    moved = {m.to[0]: m for m in mail.outbox if m.subject.startswith("Termin geändert")}
    assert set(moved) == {"Anna@example.org", "HYP@example.org", "Bern@example.org"}  # the waiting one too
    for message in moved.values():
        assert new_start.strftime("%H:%M") in message.body
        (ics,) = [c for name, c, _m in message.attachments if name.endswith(".ics")]
        assert Calendar.from_ical(ics).walk("VEVENT")[0].decoded("dtstart") == new_start
    assert not [n for n, _c, _m in moved["Bern@example.org"].attachments if n.endswith(".png")]  # waiting: no QR
    with schema_context(kassel.schema_name):
        date = EventDate.objects.get(pk=full_date.pk)
        assert date.start == new_start and date.seats_taken == 2
        entry = AuditEntry.objects.get(action="event.date_moved", target_id=str(date.pk))
        assert entry.actor_kind == "municipal_user" and entry.actor_label == "admin@kassel.example"
        # The page's revision has the new time: the editor shows it, publishing does not move it back.
        page = date.page.specific
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            page.get_latest_revision().publish()
        assert EventDate.objects.get(pk=full_date.pk).start == new_start
        assert not [m for m in mail.outbox if m.subject.startswith("Termin geändert")]


def test_moving_a_date_refuses_bad_times_with_a_message(clerk_client, kassel, full_date):
    from datetime import timedelta

    from django.utils import timezone

    url = f"/cms/veranstaltungen/termin/{full_date.pk}/verschieben/"
    start = timezone.localtime(full_date.start)
    fmt = "%Y-%m-%dT%H:%M"
    response = clerk_client.post(url, {"start": start.strftime(fmt), "end": (start - timedelta(hours=1)).strftime(fmt)})
    assert response.status_code == 400 and "Das Ende muss nach dem Beginn liegen" in response.content.decode()
    past = timezone.localtime() - timedelta(days=1)
    response = clerk_client.post(url, {"start": past.strftime(fmt), "end": (past + timedelta(hours=1)).strftime(fmt)})
    assert response.status_code == 400 and "in der Zukunft" in response.content.decode()
    response = clerk_client.post(url, {"start": "morgen", "end": ""})
    assert response.status_code == 400 and "31.12.2026 18:00" in response.content.decode()
    with schema_context(kassel.schema_name):
        assert EventDate.objects.get(pk=full_date.pk).start == full_date.start
        assert not AuditEntry.objects.filter(action="event.date_moved", target_id=str(full_date.pk)).exists()
