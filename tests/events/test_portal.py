"""The state portal lists upcoming events of all municipalities from rows in the public schema."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from events.models import EventPage
from events.services import date_cancel
from tenants.models import PublicListingEntry
from tests.conftest import host_of

from .factories import first_date, make_event

PORTAL = "beteiligung.localhost"


def published_event(municipality, **fields) -> EventPage:
    with schema_context(municipality.schema_name):
        event = make_event(**fields)
        event.save_revision().publish()
        event = EventPage.objects.get(pk=event.pk)
        event.path_on_site = event.get_url_parts()[2]
        return event


def portal_page(path: str = "/") -> str:
    response = Client(HTTP_HOST=PORTAL).get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_event_in_kassel_appears_on_the_portal(kassel):
    event = published_event(kassel, title="Stadtteilspaziergang Wehlheiden")
    home = portal_page("/")
    assert "Stadtteilspaziergang Wehlheiden" in home
    assert re.search(
        r'href="http://' + re.escape(host_of(kassel)) + r"(:\d+)?" + re.escape(event.path_on_site) + '"', home
    )
    assert "Stadtteilspaziergang Wehlheiden" in portal_page("/veranstaltungen/")


def test_unpublishing_or_deleting_removes_it(kassel):
    event = published_event(kassel, title="Infoabend Haushalt")
    assert "Infoabend Haushalt" in portal_page("/veranstaltungen/")
    with schema_context(kassel.schema_name):
        EventPage.objects.get(pk=event.pk).unpublish()
    assert "Infoabend Haushalt" not in portal_page("/veranstaltungen/")

    other = published_event(kassel, title="Werkstatt Innenstadt")
    assert "Werkstatt Innenstadt" in portal_page("/veranstaltungen/")
    with schema_context(kassel.schema_name):
        EventPage.objects.get(pk=other.pk).delete()
    assert "Werkstatt Innenstadt" not in portal_page("/veranstaltungen/")
    assert not PublicListingEntry.objects.filter(municipality=kassel).exists()


def test_cancelling_a_date_removes_only_that_date(kassel):
    event = published_event(kassel, title="Sicherheitskonferenz", dates=2)
    assert PublicListingEntry.objects.filter(municipality=kassel, title="Sicherheitskonferenz").count() == 2
    with schema_context(kassel.schema_name):
        date_cancel(date=first_date(event), actor=None, reason="Krankheit")
    assert PublicListingEntry.objects.filter(municipality=kassel, title="Sicherheitskonferenz").count() == 1
    with schema_context(kassel.schema_name):
        for date in event.dates.all():
            if not date.is_cancelled:
                date_cancel(date=date, actor=None)
    assert "Sicherheitskonferenz" not in portal_page("/veranstaltungen/")


def test_both_municipalities_appear_with_their_own_links_and_the_district_filter(kassel, marburg):
    in_kassel = published_event(kassel, title="Kasseler Bürgerwerkstatt")
    in_marburg = published_event(marburg, title="Marburger Bürgerwerkstatt")
    page = portal_page("/veranstaltungen/")
    links = dict(re.findall(r'<a href="(http[^"]+)">([^<]+)</a>', page))
    kassel_link = next(href for href, title in links.items() if title == "Kasseler Bürgerwerkstatt")
    marburg_link = next(href for href, title in links.items() if title == "Marburger Bürgerwerkstatt")
    assert f"//{host_of(kassel)}" in kassel_link and kassel_link.endswith(in_kassel.path_on_site)
    assert f"//{host_of(marburg)}" in marburg_link and marburg_link.endswith(in_marburg.path_on_site)

    filtered = portal_page("/veranstaltungen/?kreis=" + marburg.district)
    assert "Marburger Bürgerwerkstatt" in filtered and "Kasseler Bürgerwerkstatt" not in filtered


@pytest.mark.parametrize("path", ["/", "/veranstaltungen/"])
def test_the_portal_never_queries_a_municipality_schema(kassel, marburg, path):
    published_event(kassel, title="Kassel Termin")
    published_event(marburg, title="Marburg Termin")
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as queries:
        page = portal_page(path)
    assert "Kassel Termin" in page and "Marburg Termin" in page
    schemas = [kassel.schema_name, marburg.schema_name]
    assert queries.captured_queries
    # A query into a schema, or a switch of the search path to one, would name it.
    named = [q["sql"] for q in queries.captured_queries if any(schema in q["sql"] for schema in schemas)]
    assert named == []
