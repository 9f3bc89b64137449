"""The helpers that replaced copies: one base URL rule, one cache of the domain table, one SVG
bar chart (themes), each used by every place that had its own."""

import re

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from tenants.hosts import clear_domain_cache, lookup_tenant, registered_domains
from tenants.models import Domain
from tenants.services import site_base_url
from tests.conftest import host_of
from themes.charts import bar_chart_svg, bar_rows

PORTAL = "beteiligung.localhost"


# --- Base URL ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scheme,port,request_port,expected",
    [
        ("http", "8000", None, "http://kassel.example:8000"),
        ("http", "80", None, "http://kassel.example"),
        ("http", "", None, "http://kassel.example"),
        ("https", "8000", None, "https://kassel.example"),  # TLS ends at the proxy on 443
        ("http", "8000", "8123", "http://kassel.example:8123"),  # in a request: the port the visitor used
        ("http", "8000", "80", "http://kassel.example"),
        ("https", "8000", "8443", "https://kassel.example"),
    ],
)
def test_site_base_url_rule(settings, scheme, port, request_port, expected):
    settings.PLATFORM_SCHEME, settings.PLATFORM_PORT = scheme, port
    request = RequestFactory().get("/", SERVER_PORT=request_port) if request_port else None
    assert site_base_url("kassel.example", request=request) == expected


@pytest.mark.parametrize("port", ["80", "8123"])
def test_portal_links_follow_the_same_rule(kassel, port):
    html = Client(HTTP_HOST=PORTAL).get("/", SERVER_PORT=port).content.decode()
    suffix = "" if port == "80" else f":{port}"
    assert f'href="http://{host_of(kassel)}{suffix}/"' in html  # the list of municipalities
    site = Client(HTTP_HOST=host_of(kassel)).get("/", SERVER_PORT=port)
    assert site.context["state_portal_url"] == f"http://{PORTAL}{suffix}"  # the context processor


# --- Domain table cache -----------------------------------------------------------------------


def test_one_query_serves_the_middleware_and_the_host_check(kassel, marburg):
    kassel_host, marburg_host = host_of(kassel), host_of(marburg)
    clear_domain_cache()
    with CaptureQueriesContext(connection) as queries:
        assert lookup_tenant(kassel_host).pk == kassel.pk
        assert lookup_tenant(marburg_host).pk == marburg.pk
        assert lookup_tenant("unbekannt.example") is None  # an unknown host costs no query either
        assert {kassel_host, marburg_host, PORTAL} <= set(registered_domains())
    assert len(queries) == 1


def test_a_new_domain_is_seen_at_once_in_this_process(kassel):
    lookup_tenant(host_of(kassel))  # fill the cache
    assert Client(HTTP_HOST="neu.kassel.example").get("/").status_code == 404
    Domain.objects.create(domain="neu.kassel.example", tenant=kassel, is_primary=False)  # the signal clears it
    assert lookup_tenant("neu.kassel.example").pk == kassel.pk
    assert "neu.kassel.example" in registered_domains()
    assert Client(HTTP_HOST="neu.kassel.example").get("/").status_code == 200


def test_each_lookup_gets_its_own_copy(kassel):
    first = lookup_tenant(host_of(kassel))
    first.domain_url = "anders.example"
    assert lookup_tenant(host_of(kassel)).domain_url != "anders.example"


# --- Bar chart --------------------------------------------------------------------------------


def test_bar_chart_is_accessible_escaped_and_clamped():
    svg = bar_chart_svg(
        chart_id="c1",
        title="Anteil <b>",
        description="Tabelle darunter",
        bars=[
            ("<script>x</script>", 50, "50 %"),
            ("zu viel", 250, "250 %"),
            ("negativ", -5, "-5 %"),
            ("L" * 40, 10, "10 %"),
        ],
        bar_width=300,
    )
    assert svg.startswith('<svg role="img"') and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Anteil &lt;b&gt;</title>' in svg and '<desc id="c1-desc">' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="20" class="bar"', svg)]
    assert widths == [150.0, 300.0, 0.0, 30.0]
    assert "L" * 31 + "…" in svg and "L" * 32 not in svg


def test_pdf_bars_use_the_same_geometry():
    assert [(r.label, r.length) for r in bar_rows([("a", 25, "25 %"), ("b", 120, "")], bar_width=200)] == [
        ("a", 50.0),
        ("b", 200.0),
    ]


def test_console_and_survey_results_draw_with_the_shared_helper(kassel, client_for):
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from tests.surveys.factories import make_survey
    from tests.surveys.test_results import seed
    from tests.tenants.conftest import make_staff, staff_login

    user, device = make_staff("chart@hessen.example")
    staff = Client(HTTP_HOST=PORTAL)
    staff_login(staff, user, device)
    console = staff.get("/konsole/beteiligung/").content.decode()
    assert '<svg role="img" class="bar-chart"' in console and 'class="track"' in console and "25 %</text>" in console
    with schema_context(kassel.schema_name):
        survey = make_survey()
        seed(survey)
        clerk = client_for(kassel)
        clerk.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    results = clerk.get(f"/cms/umfragen/{survey.pk}/ergebnisse/").content.decode()
    assert '<svg role="img" class="chart"' in results and 'class="bar" fill="#004f80"' in results
