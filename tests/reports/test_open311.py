"""Open311 GeoReport v2 on a municipality's site and state-wide (routed), JSON and XML, keys and limits."""

from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from reports.models import Report
from reports.state.models import ApiKey

from .factories import KASSEL_POINT, category, make_report

PORTAL = "beteiligung.localhost"


@pytest.fixture
def api_key(db):
    ApiKey.objects.create(name="App", key_hash=ApiKey.hash("geheim-123"))
    return "geheim-123"


def test_discovery_and_services_in_json_and_xml(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        category()
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["url"].endswith("/open311/v2/")
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code": "streetlight", "service_name": "Straßenbeleuchtung"}.items() <= services[0].items()
    root = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert root.tag == "services" and root.find("service/service_code").text == "streetlight"


def test_get_requests_lists_only_public_reports_without_personal_data(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        public = make_report()
        hidden = make_report(published=False, description="Noch nicht freigegeben")
    data = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in data] == [public.reference]
    assert "anna@example.org" not in str(data) and "Anna" not in str(data)
    assert client.get(f"/open311/v2/requests/{hidden.reference}.json").status_code == 404
    xml = ET.fromstring(client.get(f"/open311/v2/requests/{public.reference}.xml").content)
    assert xml.find("request/status").text == "open"


def test_post_needs_a_key_and_creates_a_report(kassel, client_for, api_key):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        category()
    data = {"service_code": "streetlight", "lat": KASSEL_POINT[0], "long": KASSEL_POINT[1],
            "description": "Über die App: Laterne aus"}  # fmt: skip
    refused = client.post("/open311/v2/requests.json", data)
    assert refused.status_code == 403 and refused.json()[0]["description"] == "a valid api_key is required"
    created = client.post("/open311/v2/requests.json", {**data, "api_key": api_key})
    assert created.status_code == 201
    with schema_context(kassel.schema_name):
        report = Report.objects.get(reference=created.json()[0]["service_request_id"])
        assert report.channel == "open311" and report.status == "new"


def test_state_wide_post_is_routed_into_the_right_municipality(demo_boundaries, kassel, marburg, api_key):
    with schema_context(marburg.schema_name):
        category()
    portal = Client(HTTP_HOST=PORTAL)
    response = portal.post("/open311/v2/requests.xml", {"api_key": api_key, "service_code": "streetlight",
                           "lat": "50.809", "long": "8.77", "description": "Marburg per App"})  # fmt: skip
    assert response.status_code == 201
    reference = ET.fromstring(response.content).find("request/service_request_id").text
    with schema_context(marburg.schema_name):
        assert Report.objects.get(reference=reference).description == "Marburg per App"
    with schema_context(kassel.schema_name):
        assert not Report.objects.filter(description="Marburg per App").exists()
    outside = portal.post("/open311/v2/requests.json", {"api_key": api_key, "service_code": "streetlight",
                          "lat": "52.52", "long": "13.40", "description": "Berlin"})  # fmt: skip
    assert outside.status_code == 400 and "outside Hessen" in outside.json()[0]["description"]


def test_posts_are_rate_limited_per_key(kassel, client_for, api_key, settings):
    settings.REPORTS_OPEN311_RATE_PER_MINUTE = 2
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        category()
    data = {"api_key": api_key, "service_code": "streetlight", "lat": KASSEL_POINT[0], "long": KASSEL_POINT[1],
            "description": "Noch eine"}  # fmt: skip
    codes = [client.post("/open311/v2/requests.json", data).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
