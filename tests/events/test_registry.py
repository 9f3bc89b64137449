"""Events in the core's registry: the state's figures, navigation, demo data, a person's data
export and account deletion; and that nothing of an event crosses municipalities."""

import json

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from events.demo import demo_events
from events.models import EventDate, EventIndexPage, EventPage, Registration
from events.services import registration_cancel, registration_create
from tenants.models import MunicipalityStats
from tenants.stats import stats_refresh

from .factories import first_date, make_event

PASSWORD = "Passwort-fuer-Termine-1"


def test_console_figures_count_events_and_active_registrations(kassel, marburg):
    with schema_context(kassel.schema_name):
        before = EventPage.objects.count()
        date = first_date(make_event(capacity=5))
        for n in range(3):
            registration_create(date=date, name=f"P{n}", email=f"p{n}@example.org", email_verified=True)
        registration_cancel(registration=Registration.objects.filter(date=date).first())
    stats_refresh(municipalities=[kassel, marburg])
    figures = MunicipalityStats.objects.get(municipality=kassel).figures
    assert figures["events"] == before + 1 and figures["event_registrations"] == 2
    assert MunicipalityStats.objects.get(municipality=marburg).figures["event_registrations"] == 0


def test_header_navigation_lists_events(kassel, client_for):
    html = client_for(kassel).get("/termine/").content.decode()
    assert '<a href="/termine/" aria-current="page">Veranstaltungen</a>' in html


def test_demo_builds_an_event_with_two_dates_once(kassel):
    with schema_context(kassel.schema_name):
        demo_events(kassel)
        demo_events(kassel)
        assert EventIndexPage.objects.filter(slug="veranstaltungen").count() == 1
        event = EventPage.objects.get(slug="buergerwerkstatt-sicher-unterwegs")
        assert EventDate.objects.filter(page=event).count() == 2 and event.live


def test_data_export_and_account_deletion_include_registrations(kassel, client_for, django_capture_on_commit_callbacks):
    with schema_context(kassel.schema_name):
        user = get_user_model().objects.create_user(username="dana", email="dana@example.org", password=PASSWORD)
        EmailAddress.objects.create(user=user, email="dana@example.org", verified=True, primary=True)
        event = make_event(title="Werkstatt Daten", capacity=1)
        date = first_date(event)
        mine, _ = registration_create(
            date=date, name="Dana D.", email="dana@example.org", user=user, email_verified=True
        )
        waiting, _ = registration_create(date=date, name="Olaf", email="olaf@example.org", email_verified=True)
        client = client_for(kassel)
        assert client.login(username="dana", password=PASSWORD)
    data = json.loads(client.get("/konto/daten/json/").content)
    (entry,) = data["events"]
    assert entry["event"] == "Werkstatt Daten" and entry["name"] == "Dana D." and entry["status"] == "confirmed"
    assert "Olaf" not in json.dumps(data)
    assert "Veranstaltungen werden storniert" in client.get("/konto/loeschen/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/loeschen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        mine.refresh_from_db()
        assert mine.status == "cancelled" and mine.name == mine.email == "" and mine.user_id is None
        assert Registration.objects.get(pk=waiting.pk).status == "confirmed"  # her seat went to the waiting list


def test_a_registration_link_of_one_municipality_is_unknown_in_another(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        event = make_event(capacity=2)
        registration, _ = registration_create(
            date=first_date(event), name="K", email="k@example.org", email_verified=True
        )
    assert client_for(kassel).get(f"/termine/anmeldung/{registration.token}/").status_code == 200
    assert client_for(marburg).get(f"/termine/anmeldung/{registration.token}/").status_code == 404
    assert client_for(marburg).post(f"/termine/anmeldung/{registration.token}/").status_code == 404
    assert client_for(marburg).get(f"/termine/veranstaltung/{event.pk}.ics").status_code == 404
    with schema_context(kassel.schema_name):
        assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_the_console_shows_each_municipalitys_own_event_counts(kassel, marburg, client_for):
    """The figures on the state console's pages are the rows counted in each schema: what Kassel
    has, Marburg does not get, and cancelled registrations do not count."""
    from django.test import Client

    from tests.tenants.conftest import make_staff, staff_login

    counts = {}
    for municipality, people in ((kassel, 3), (marburg, 1)):
        with schema_context(municipality.schema_name):
            date = first_date(make_event(capacity=5))
            for n in range(people):
                registration_create(date=date, name=f"P{n}", email=f"same{n}@example.org", email_verified=True)
            registration_cancel(registration=Registration.objects.filter(date=date).order_by("pk").first())
            counts[municipality.slug] = (
                EventPage.objects.count(),
                Registration.objects.exclude(status="cancelled").count(),
            )
    stats_refresh(municipalities=[kassel, marburg])
    staff = Client(HTTP_HOST="beteiligung.localhost")
    staff_login(staff, *make_staff("zahlen@hessen.example"))
    for municipality in (kassel, marburg):
        html = staff.get(f"/konsole/kommunen/{municipality.pk}/").content.decode()
        assert '<th scope="col">Veranstaltungen</th><th scope="col">Anmeldungen zu Veranstaltungen</th>' in html
        events, registrations = counts[municipality.slug]
        assert f"<td>{events}</td><td>{registrations}</td>" in html, municipality.slug


def test_the_same_person_in_two_municipalities_has_two_separate_registrations(kassel, marburg, client_for):
    """One email address registers in Kassel and in Marburg: two rows in two schemas, each with its
    own seat and link; cancelling in Kassel leaves Marburg's seat alone; a form posted to the
    other municipality's host with Kassel's ids registers nobody in either."""
    dates = {}
    for municipality in (kassel, marburg):
        with schema_context(municipality.schema_name):
            date = first_date(make_event(capacity=1))
            registration, _ = registration_create(
                date=date, name="Pendlerin", email="pendlerin@example.org", email_verified=True
            )
            dates[municipality.slug] = (date, registration)
    (k_date, k_reg), (m_date, m_reg) = dates["kassel"], dates["marburg"]
    assert k_reg.token != m_reg.token
    assert client_for(marburg).post(f"/termine/anmeldung/{k_reg.token}/").status_code == 404
    client_for(kassel).post(f"/termine/anmeldung/{k_reg.token}/")  # cancelled with Kassel's own link
    with schema_context(kassel.schema_name):
        assert Registration.objects.get(pk=k_reg.pk).status == "cancelled"
        assert EventDate.objects.get(pk=k_date.pk).seats_taken == 0
        kassel_rows = Registration.objects.count()
    with schema_context(marburg.schema_name):
        assert Registration.objects.get(pk=m_reg.pk).status == "confirmed"
        assert EventDate.objects.get(pk=m_date.pk).seats_taken == 1
        marburg_rows = Registration.objects.count()
    response = client_for(marburg).post(
        f"/termine/veranstaltung/{k_date.page_id}/anmelden/",
        {"date": k_date.pk, "name": "Quer", "email": "quer@example.org", "privacy": "on"},
    )
    assert response.status_code in (400, 404)
    with schema_context(kassel.schema_name):
        assert Registration.objects.count() == kassel_rows
        assert not Registration.objects.filter(email="quer@example.org").exists()
    with schema_context(marburg.schema_name):
        assert Registration.objects.count() == marburg_rows
        assert not Registration.objects.filter(email="quer@example.org").exists()
