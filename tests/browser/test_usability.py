"""First-time people, in headless Chromium: a citizen on a phone finds and answers the safety
survey, creates an account and reads their data; a clerk on a desktop builds and publishes a
survey from the dashboard. axe-core finds nothing on the pages walked."""

import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "Ein-gutes-Passwort-2026"
PHONE = {"width": 390, "height": 844}


def _kassel_schema():
    from tenants.models import Municipality

    return Municipality.objects.get(slug="kassel").schema_name


def _open_nav_link(page, name):
    """The header link, behind the menu button where the phone header has one."""
    link = page.get_by_role("navigation").get_by_role("link", name=name, exact=True).first
    if not link.is_visible():
        page.get_by_role("button", name=re.compile("Menü", re.I)).first.click()
    link.click()


def test_first_time_citizen_on_a_phone(browser, live_url, committed_db):
    from django.contrib.auth import get_user_model

    from surveys.demo import DEMO_SURVEY_SLUG, demo_survey
    from surveys.models import Participation, Response, Survey
    from tenants.models import Municipality

    schema = _kassel_schema()
    email = f"erstbesuch-{uuid.uuid4().hex[:6]}@example.org"
    with schema_context(schema):
        created = not Survey.objects.filter(slug=DEMO_SURVEY_SLUG).exists()
        demo_survey(Municipality.objects.get(slug="kassel"))
        survey = Survey.objects.get(slug=DEMO_SURVEY_SLUG)
        before = Response.objects.filter(survey=survey).count()
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    page = context.new_page()
    try:
        # Home page, then the surveys through the navigation.
        page.goto(live_url("kassel", "/"))
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-home")
        _open_nav_link(page, "Umfragen")
        page.wait_for_url("**/umfragen/")
        card = page.locator("li.card", has_text=survey.title)  # other tests leave similar titles
        assert "Minuten" in card.inner_text()
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-surveys")
        card.get_by_role("link").first.click()
        page.get_by_role("button", name="Umfrage starten").click()
        page.wait_for_url("**/seite/1/")

        # Submitting nothing is refused with a message; nothing is stored.
        page.get_by_role("button", name="Antworten absenden").click()
        assert "noch keine Frage beantwortet" in page.locator("#error-summary").inner_text()
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-empty-refused")
        with schema_context(schema):
            assert Response.objects.filter(survey=survey).count() == before

        # Answering: two scales, the place described (no map tiles), no coordinates asked.
        page.get_by_role("group", name=re.compile("tagsüber")).get_by_label("eher sicher").check()
        page.get_by_role("group", name=re.compile("nachts")).get_by_label("eher unsicher").check()
        assert page.get_by_label("Breitengrad").count() == 0
        page.get_by_label("Stadtteil").select_option("Wehlheiden")
        page.get_by_label("Beschreiben Sie den Ort").fill("Unterführung am Bahnhof")
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-answering")
        page.get_by_role("button", name="Antworten absenden").click()
        page.wait_for_url("**/danke/")
        with schema_context(schema):
            assert Response.objects.filter(survey=survey).count() == before + 1

        # An account: a styled, large submit button, a privacy note, "Sie".
        page.goto(live_url("kassel", "/konto/signup/"))
        submit = page.get_by_role("button", name="Konto anlegen")
        box = submit.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        assert page.get_by_role("link", name="Zur Datenschutzerklärung").count() == 1
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-signup")
        page.get_by_label("Ihr Name").fill("Erika Muster")
        page.get_by_label("E-Mail").first.fill(email)
        page.locator("input[name=password1]").fill(PASSWORD)
        page.locator("input[name=password2]").fill(PASSWORD)
        submit.click()
        page.wait_for_url("**/konto/confirm-email/")
        message = [m for m in mail.outbox if m.to == [email]][-1]
        assert message.body.startswith("Guten Tag Erika Muster,") and "Stadt Kassel" in message.body
        link = re.search(r"https?://\S+", message.body).group(0)
        page.goto(live_url("kassel", urlsplit(link).path))
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/konto/willkommen/")
        assert "Willkommen, Erika Muster!" in page.locator("h1").inner_text()
        assert page.get_by_role("link", name="Weiter zu den Umfragen").is_visible()
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-welcome")

        # The data download: a readable German page beside the JSON file.
        page.goto(live_url("kassel", "/konto/profil/"))
        page.get_by_role("link", name="Meine Daten herunterladen").click()
        page.wait_for_url("**/konto/daten/")
        main = page.locator("main").inner_text()
        assert "Meine Daten" in main and "Vorname" in main and "Erika" in main and "first_name" not in main
        assert page.get_by_role("link", name=re.compile("JSON")).is_visible()
        assert axe_violations(page) == []
        screenshot(page, "usability-phone-my-data")
    finally:
        context.close()
        with schema_context(schema):
            get_user_model().objects.filter(email=email).delete()
            Participation.objects.filter(survey=survey).delete()
            if created:
                Survey.objects.filter(pk=survey.pk).delete()


def test_first_time_clerk_on_a_desktop(page, live_url, kassel_admin_totp):
    from surveys.models import Survey

    schema = _kassel_schema()
    suffix = uuid.uuid4().hex[:4]
    title = f"Treffpunkt Wilhelmshöhe {suffix}"
    try:
        cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
        assert "Stadt Kassel" in page.locator("h1").first.inner_text()
        tasks = page.locator("[data-municipality-tasks]")
        assert "Impressum ergänzen" in tasks.inner_text()
        screenshot(page, "usability-clerk-dashboard")
        tasks.get_by_role("link", name="Umfrage anlegen").click()
        page.wait_for_url("**/cms/umfragen/neu/")
        page.fill("#id_title", title)
        assert page.locator("#slug-preview").inner_text().endswith(f"/umfragen/treffpunkt-wilhelmshoehe-{suffix}/")
        screenshot(page, "usability-clerk-new-survey")
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/cms/umfragen/\d+/$"))

        # A long-text question: only the fields it needs are shown.
        page.get_by_role("link", name="Frage hinzufügen").first.click()
        page.select_option("#id_kind", "long_text")
        for name in ("map_zoom", "map_center_lat", "options_text", "rows_text", "min_value", "scale_low"):
            assert not page.locator(f"#id_{name}").is_visible(), name
        assert page.locator("#id_code").input_value() == "Q1"
        page.select_option("#id_kind", "rating")
        assert page.locator("#id_scale_low").is_visible() and page.locator("#id_options_text").is_visible()
        page.select_option("#id_kind", "long_text")
        page.fill("#id_text", "Was wünschen Sie sich für den Treffpunkt?")
        screenshot(page, "usability-clerk-long-text-question")
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/cms/umfragen/\d+/$"))

        # Publish: the public link is right there.
        page.get_by_role("button", name="Veröffentlichen").click()
        online = page.locator("[data-survey-online]")
        online.wait_for()
        slug = f"treffpunkt-wilhelmshoehe-{suffix}"
        assert f"/umfragen/{slug}/" in online.inner_text()
        assert axe_violations(page) == []
        screenshot(page, "usability-clerk-published")
        page.goto(live_url("kassel", "/umfragen/"))
        assert title in page.locator("main").inner_text()
    finally:
        with schema_context(schema):
            Survey.objects.filter(title=title).delete()
