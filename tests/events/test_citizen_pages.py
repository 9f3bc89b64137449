"""What citizens see and do: the event page, registering with and without an account, the
private link, the list with filters, the month calendar and the iCalendar files."""

import re
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context
from icalendar import Calendar

from events.models import EventDate, Registration

from .factories import first_date, make_event

Status = Registration.Status


def _form(date_, **extra):
    data = {"date": date_.pk, "name": "Erika Mustermann", "email": "erika@example.org", "privacy": "on"}
    data.update(extra)
    return data


def _link(body, part):
    return re.search(rf"https?://[^/\s]+(/termine/{part}/[^/\s]+/)", body).group(1)


def test_event_page_shows_dates_free_seats_and_accessibility_but_not_the_online_link(kassel, client_for):
    with schema_context(kassel.schema_name):
        event = make_event(capacity=12, dates=2, step_free=True, online_link="https://meet.example/geheim")
        url = event.url
    html = client_for(kassel).get(url).content.decode()
    assert html.count("12 Plätze frei") >= 2 and "stufenloser Zugang" in html
    assert "meet.example/geheim" not in html
    assert f'action="/termine/veranstaltung/{event.pk}/anmelden/"' in html


def test_without_account_double_opt_in_then_confirmation_with_ics(
    kassel, client_for, django_capture_on_commit_callbacks
):
    with schema_context(kassel.schema_name):
        event = make_event(capacity=1, online_link="https://meet.example/geheim")
        date = first_date(event)
    client = client_for(kassel)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/termine/veranstaltung/{event.pk}/anmelden/", _form(date))
    assert response.status_code == 200 and "Bitte prüfen Sie Ihre E-Mails" in response.content.decode()
    with schema_context(kassel.schema_name):
        assert EventDate.objects.get(pk=date.pk).seats_taken == 0  # not before the email is confirmed
    confirm = _link(mail.outbox[0].body, "bestaetigen")
    page = client.get(confirm)
    assert page.status_code == 200 and "Anmeldung bestätigen" in page.content.decode()
    with schema_context(kassel.schema_name):
        assert EventDate.objects.get(pk=date.pk).seats_taken == 0  # a link scanner's GET takes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "bestätigt" in detail and "meet.example/geheim" in detail
    with schema_context(kassel.schema_name):
        assert EventDate.objects.get(pk=date.pk).seats_taken == 1
    ticket = mail.outbox[-1]
    (ics,) = [content for name, content, _mime in ticket.attachments if name.endswith(".ics")]
    assert Calendar.from_ical(ics).walk("VEVENT")[0]["summary"] == event.title


def test_account_users_are_prefilled_and_confirmed_at_once(kassel, client_for, django_capture_on_commit_callbacks):
    with schema_context(kassel.schema_name):
        user = get_user_model().objects.create_user(
            username="jo", email="jo@example.org", first_name="Jo", last_name="Beispiel"
        )
        EmailAddress.objects.create(user=user, email="jo@example.org", verified=True, primary=True)
        event = make_event(capacity=3)
        date = first_date(event)
        url = event.url
        client = client_for(kassel)
        client.force_login(user)
    html = client.get(url).content.decode()
    assert 'value="Jo Beispiel"' in html and 'value="jo@example.org"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/termine/veranstaltung/{event.pk}/anmelden/", _form(date, name="Jo Beispiel", email="jo@example.org")
        )
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        registration = Registration.objects.get(date=date)
        assert registration.status == Status.CONFIRMED and registration.user_id == user.pk
    assert "bestätigt" in mail.outbox[0].subject


def test_bad_input_gets_german_messages_and_keeps_valid_fields(kassel, client_for):
    with schema_context(kassel.schema_name):
        event = make_event(capacity=3, max_companions=1)
        other = first_date(make_event(capacity=3))
        date = first_date(event)
    client = client_for(kassel)
    url = f"/termine/veranstaltung/{event.pk}/anmelden/"
    response = client.post(url, {"date": date.pk, "name": "Erika Mustermann", "email": "kein-at", "companions": "5"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in html and "höchstens 1 Begleitpersonen" in html
    assert "Bitte stimmen Sie der Speicherung" in html and 'value="Erika Mustermann"' in html
    for data in (_form(other), _form(date, date="x"), {"date": "", "email": "\x00"}, {}):
        response = client.post(url, data)
        assert response.status_code == 400
    assert "Bitte wählen Sie einen der Termine" in client.post(url, _form(other)).content.decode()
    assert client.post("/termine/veranstaltung/999999/anmelden/", _form(date)).status_code == 404
    assert client.get(url).status_code == 405
    with schema_context(kassel.schema_name):
        assert not Registration.objects.filter(date__in=[date, other]).exists()


def test_full_date_waitlists_and_cancelling_by_the_private_link_promotes(
    kassel, client_for, django_capture_on_commit_callbacks
):
    with schema_context(kassel.schema_name):
        from events.services import registration_create

        event = make_event(capacity=1)
        date = first_date(event)
        seated, _ = registration_create(date=date, name="A", email="a@example.org", email_verified=True)
        waiting, _ = registration_create(date=date, name="B", email="b@example.org", email_verified=True)
        url = event.url
    client = client_for(kassel)
    assert "Ausgebucht" in client.get(url).content.decode()
    assert "Warteliste" in client.get(f"/termine/anmeldung/{waiting.token}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/termine/anmeldung/{seated.token}/")
    assert response.status_code == 302
    assert "storniert" in client.get(response["Location"]).content.decode()
    with schema_context(kassel.schema_name):
        assert Registration.objects.get(pk=waiting.pk).status == Status.CONFIRMED
    assert [m.to for m in mail.outbox if "bestätigt" in m.subject] == [["b@example.org"]]
    assert client.get("/termine/anmeldung/unbekannt/").status_code == 404


def test_list_filters_by_category_date_and_accessibility(kassel, client_for):
    with schema_context(kassel.schema_name):
        walk = make_event(title="Rundgang Nordstadt", category="walk", step_free=True, days_ahead=5)
        evening = make_event(title="Infoabend Haushalt", category="information", hearing_loop=True, days_ahead=40)
        index_url = walk.get_parent().url
    client = client_for(kassel)
    html = client.get("/termine/").content.decode()
    assert "Rundgang Nordstadt" in html and "Infoabend Haushalt" in html
    html = client.get("/termine/?kategorie=walk").content.decode()
    assert "Rundgang Nordstadt" in html and "Infoabend Haushalt" not in html
    html = client.get("/termine/?hearing_loop=1").content.decode()
    assert "Rundgang Nordstadt" not in html and "Infoabend Haushalt" in html
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    html = client.get(f"/termine/?ab={later}").content.decode()
    assert "Rundgang Nordstadt" not in html and "Infoabend Haushalt" in html
    assert client.get("/termine/?ab=2026-13-45&kategorie=<script>").status_code == 200
    index_html = client.get(index_url + "?kategorie=walk").content.decode()
    assert "Rundgang Nordstadt" in index_html and "Infoabend Haushalt" not in index_html
    assert evening.title in client.get(index_url).content.decode()


def test_month_calendar_shows_the_dates_of_the_month(kassel, client_for):
    with schema_context(kassel.schema_name):
        event = make_event(title="Werkstatt im Kalender", days_ahead=3)
        start = timezone.localtime(first_date(event).start)
        url = event.url
    client = client_for(kassel)
    html = client.get(f"/termine/kalender/?monat={start:%Y-%m}").content.decode()
    assert "Werkstatt im Kalender" in html and f'href="{url}"' in html
    for bad in ("2026-13", "abc", "9999-01", "-"):
        assert client.get(f"/termine/kalender/?monat={bad}").status_code == 200


def test_feeds_and_event_ics_parse_and_hold_the_right_dates(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        walk = make_event(
            title="Rundgang Süd",
            category="walk",
            dates=2,
            latitude=Decimal("51.3"),
            longitude=Decimal("9.5"),
            online_link="https://meet.example/geheim",
        )
        make_event(title="Konferenz Sicherheit", category="security")
        walk_dates = list(EventDate.objects.filter(page=walk).order_by("start"))
    with schema_context(marburg.schema_name):
        make_event(title="Marburger Abend")
    client = client_for(kassel)
    response = client.get("/termine/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries.count("Rundgang Süd") == 2 and "Konferenz Sicherheit" in summaries
    assert "Marburger Abend" not in summaries
    assert "geheim" not in response.content.decode()
    category = Calendar.from_ical(client.get("/termine/kategorie/walk.ics").content)
    assert {str(e["summary"]) for e in category.walk("VEVENT")} == {"Rundgang Süd"}
    one = Calendar.from_ical(client.get(f"/termine/veranstaltung/{walk.pk}.ics").content).walk("VEVENT")
    assert [e.decoded("dtstart") for e in one] == [d.start for d in walk_dates]
    assert one[0]["geo"].latitude == 51.3
    assert client.get("/termine/kategorie/unbekannt.ics").status_code == 404


def test_before_and_after_the_registration_window_the_page_says_so(kassel, client_for):
    with schema_context(kassel.schema_name):
        soon = make_event(registration_opens_at=timezone.now() + timedelta(days=2))
        closed = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
        urls = soon.url, closed.url
        closed_date = first_date(closed)
    client = client_for(kassel)
    html = client.get(urls[0]).content.decode()
    assert "Die Anmeldung beginnt am" in html and 'name="email"' not in html
    assert "Die Anmeldung ist geschlossen." in client.get(urls[1]).content.decode()
    response = client.post(f"/termine/veranstaltung/{closed.pk}/anmelden/", _form(closed_date))
    assert response.status_code == 400 and "Die Anmeldung ist geschlossen." in response.content.decode()


def test_a_registration_is_one_short_transaction_of_few_queries(kassel, client_for, django_capture_on_commit_callbacks):
    """The request path of the benchmark: a logged-in person with a verified address registers.
    The seat's UPDATE and the INSERT with the decided status are all the transaction holds (no
    separate status UPDATE, no token SELECT, no second page query for view restrictions)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context(kassel.schema_name):
        date = first_date(make_event(capacity=5))
        title = date.page.title
        user = get_user_model().objects.create_user(username="kurz", email="kurz@example.org")
        EmailAddress.objects.create(user=user, email="kurz@example.org", verified=True, primary=True)
        client = client_for(kassel)
        client.force_login(user)
    data = {"date": date.pk, "name": "Kurt Kurz", "email": "kurz@example.org", "privacy": "on"}
    client.get("/termine/")  # the host's municipality is cached per process after its first request
    with django_capture_on_commit_callbacks(execute=True):  # the email task runs after the request
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/termine/veranstaltung/{date.page_id}/anmelden/", data)
    assert response.status_code == 302
    statements = [q["sql"].split()[0] for q in queries.captured_queries if not q["sql"].startswith("SET ")]
    writes = [s for s in statements if s in ("INSERT", "UPDATE", "DELETE")]
    assert writes == ["UPDATE", "INSERT"], statements  # the seat, the registration (decided at once)
    assert len(statements) <= 9, [q["sql"][:120] for q in queries.captured_queries]
    assert [m.subject for m in mail.outbox if m.to == ["kurz@example.org"]] == [f"Ihr Platz ist bestätigt: {title}"]
    with schema_context(kassel.schema_name):
        assert EventDate.objects.get(pk=date.pk).seats_taken == 1
        assert Registration.objects.get(date=date, email="kurz@example.org").status == Status.CONFIRMED


def test_a_private_event_takes_no_registrations(kassel, client_for):
    from wagtail.models import PageViewRestriction

    with schema_context(kassel.schema_name):
        event = make_event(capacity=5)
        date = first_date(event)
        restriction = PageViewRestriction.objects.create(
            page=event.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
    try:
        response = client_for(kassel).post(f"/termine/veranstaltung/{event.pk}/anmelden/", _form(date))
        assert response.status_code == 404
        with schema_context(kassel.schema_name):
            assert not Registration.objects.filter(date=date).exists()
    finally:
        with schema_context(kassel.schema_name):
            restriction.delete()
    assert client_for(kassel).post(f"/termine/veranstaltung/{event.pk}/anmelden/", _form(date)).status_code == 200
