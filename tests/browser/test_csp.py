"""The pages work under their Content-Security-Policy: no violation in Chromium while opening
the home pages, a survey with a map question (vendored Leaflet) and Wagtail's page editor."""

import uuid

import pytest
from django_tenants.utils import schema_context

from tests.browser.conftest import cms_login

pytestmark = pytest.mark.browser

# Runs before any page script (DevTools protocol, so the CSP does not apply to it).
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' @ ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def csp_page(browser, committed_db):
    """A page that records CSP violations (event listener and console messages)."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.console_violations = []
    page.on(
        "console",
        lambda msg: page.console_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.console_violations + page.evaluate("window.__csp || []")


@pytest.fixture
def map_survey():
    from surveys.models import Question, Survey
    from surveys.services import question_save, survey_create
    from tenants.models import Municipality

    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        survey = survey_create(title=f"Karte {uuid.uuid4().hex[:6]}")
        question_save(
            question=Question(
                survey=survey,
                section=survey.sections.get(),
                kind=Question.Kind.MAP_POINT,
                code="ort",
                text="Wo ist es unsicher?",
            )
        )
        Survey.objects.filter(pk=survey.pk).update(state=Survey.State.PUBLISHED)
    yield survey
    with schema_context(schema):
        Survey.objects.filter(pk=survey.pk).delete()


def test_home_pages_have_no_csp_violation(csp_page, live_url):
    for url in (
        live_url(None, "/"),
        live_url("kassel", "/"),
        live_url("kassel", "/konto/login/"),
        live_url(None, "/registrierung/"),
        live_url("kassel", "/gibt-es-nicht/"),
    ):
        csp_page.goto(url)
        csp_page.wait_for_load_state("networkidle")
        assert csp_page.evaluate("document.styleSheets.length") >= 1  # our CSS was allowed
        assert violations(csp_page) == [], url


def test_survey_map_works_under_the_policy(csp_page, live_url, map_survey, settings):
    settings.SURVEYS_MAP_TILE_URL = "/static/tiles/{z}/{x}/{y}.png"  # same origin: the map is shown
    csp_page.goto(live_url("kassel", f"/umfragen/{map_survey.slug}/"))
    csp_page.get_by_role("button", name="Umfrage starten").click()
    csp_page.wait_for_url("**/seite/1/")
    csp_page.wait_for_selector(".leaflet-container")  # Leaflet (a static file) ran
    csp_page.locator(".map").click()
    assert csp_page.locator("input[name$='_lat']").input_value() != ""
    assert violations(csp_page) == [], "\n".join(violations(csp_page))


def test_wagtail_page_editor_works_under_the_policy(csp_page, live_url, kassel_admin_totp):
    from cms.models import HomePage
    from tenants.models import Municipality

    # the login with its second factor runs under the policy too
    cms_login(csp_page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
    with schema_context(Municipality.objects.get(slug="kassel").schema_name):
        home_id = HomePage.objects.get().pk
    csp_page.goto(live_url("kassel", f"/cms/pages/{home_id}/edit/"))
    csp_page.wait_for_load_state("networkidle")
    csp_page.wait_for_selector("#id_title")
    csp_page.fill("#id_title", "Kassel")  # the editor's scripts react (Stimulus controllers)
    csp_page.goto(live_url("kassel", "/cms/documents/"))
    csp_page.wait_for_load_state("networkidle")
    assert violations(csp_page) == [], "\n".join(violations(csp_page))
