"""Reporting on the state portal: the place decides the municipality; the report lands in its schema."""

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from reports.models import Report

from .factories import category, make_report

PORTAL = "beteiligung.localhost"


@pytest.fixture
def portal():
    return Client(HTTP_HOST=PORTAL)


def test_a_point_in_kassel_is_routed_to_kassel_and_written_into_its_schema(
    demo_boundaries, kassel, marburg, portal, django_capture_on_commit_callbacks
):
    with schema_context(kassel.schema_name):
        pk = category().pk
    response = portal.post("/maengel/", {"lat": "51.3127", "lon": "9.4797"})
    assert response.status_code == 302 and response["Location"].startswith("/maengel/06611000/")
    form = portal.get(response["Location"]).content.decode()
    assert "Kassel" in form and "Straßenbeleuchtung" in form  # Kassel's own categories
    with django_capture_on_commit_callbacks(execute=True):
        done = portal.post(response["Location"], {"lat": "51.3127", "lon": "9.4797", "category": pk,
                                                  "description": "Ampel defekt", "email": "eva@example.org"})  # fmt: skip
    html = done.content.decode()
    assert done.status_code == 200 and "Kassel" in html
    with schema_context(kassel.schema_name):
        report = Report.objects.get(description="Ampel defekt")
        assert report.channel == "portal" and report.reference in html
    with schema_context(marburg.schema_name):
        assert not Report.objects.filter(description="Ampel defekt").exists()
    assert "http://kassel." in mail.outbox[-1].body  # the confirmation link points at Kassel's site


def test_a_point_in_a_municipality_that_does_not_take_part_names_it(demo_boundaries, portal):
    response = portal.post("/maengel/", {"lat": "51.23", "lon": "9.55"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Lohfelden nimmt über diese Plattform keine Meldungen an" in html
    assert "wenden Sie sich direkt an die Verwaltung von Lohfelden" in html


def test_a_point_outside_hessen_is_refused_with_a_message(demo_boundaries, portal):
    html = portal.post("/maengel/", {"address": "52.52, 13.405"}).content.decode()
    assert "Dieser Ort liegt außerhalb Hessens" in html


def test_a_town_name_in_the_address_finds_the_town_without_a_map(demo_boundaries, portal):
    response = portal.post("/maengel/", {"address": "Markt 1, Marburg"})
    assert response["Location"].startswith("/maengel/06534014/")


def test_a_point_moved_out_of_the_municipality_is_refused(demo_boundaries, kassel, portal):
    with schema_context(kassel.schema_name):
        pk = category().pk
    response = portal.post("/maengel/06611000/", {"lat": "50.809", "lon": "8.77", "category": pk,
                                                  "description": "x", "email": "eva@example.org"})  # fmt: skip
    assert response.status_code == 400 and "liegt nicht in" in response.content.decode()
    with schema_context(kassel.schema_name):
        assert not Report.objects.filter(reporter_email="eva@example.org").exists()


def test_state_staff_see_participation_per_district_without_personal_data(kassel, marburg, portal):
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tenants.stats import stats_refresh

    with schema_context(kassel.schema_name):
        make_report(email="privat@example.org")
    stats_refresh()
    assert portal.get("/maengel/land/")["Location"].startswith("/konsole/anmelden/")
    staff = get_user_model().objects.create_user(username="land@x.example", email="land@x.example", is_staff=True)
    portal.force_login(staff)
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    session = portal.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    html = portal.get("/maengel/land/").content.decode()
    assert "Kassel, documenta-Stadt" in html and "Marburg-Biedenkopf" in html
    assert 'class="total-participating">2 / 421' in html and 'class="total-reports">1<' in html
    assert "privat@example.org" not in html


def test_the_portal_form_page_offers_map_fields_and_a_button(db, portal):
    html = portal.get("/maengel/").content.decode()
    assert 'id="report-map"' in html and "Adresse oder Ortsbeschreibung" in html
    assert '<button type="submit" class="button-primary">Weiter</button>' in html
