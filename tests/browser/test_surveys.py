"""A clerk builds a survey in Kassel's Wagtail admin; two citizens answer (one with a letter's
access code, one anonymously); a paper questionnaire is typed in; results and exports check out."""

import csv
import io
import re
import uuid

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser


def login(page, live_url, secret):
    cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", secret)


def add_question(page, live_url, survey_pk, **fields):
    page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/"))
    page.get_by_role("link", name="Frage hinzufügen").first.click()
    page.select_option("#id_kind", fields.pop("kind"))
    for name, value in fields.items():
        if value is True:
            page.check(f"#id_{name}")
        else:
            page.fill(f"#id_{name}", value)
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url(f"**/cms/umfragen/{survey_pk}/")


def answer(page, live_url, slug, *, code=""):
    page.goto(live_url("kassel", f"/umfragen/{slug}/" + (f"?code={code}" if code else "")))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Umfrage starten").click()
    page.wait_for_url("**/seite/1/")
    # submitting without the required answer keeps the other answers and says what is missing
    page.get_by_label("Was wünschen Sie sich?").fill("Mehr Licht am Bahnhof")
    page.get_by_role("button", name="Antworten absenden").click()
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("Was wünschen Sie sich?").input_value() == "Mehr Licht am Bahnhof"
    assert axe_violations(page) == []
    page.get_by_label("unter 30").check()
    page.get_by_label("eher sicher").check()
    # No map tiles configured: the place is described (with Kassel's districts), never as coordinates
    assert page.locator(".map").count() == 0 and page.get_by_label("Breitengrad").count() == 0
    page.get_by_label("Stadtteil").select_option("Wehlheiden")
    page.get_by_label("Beschreiben Sie den Ort").fill("Unterführung am Bahnhof")
    assert axe_violations(page) == []
    screenshot(page, "survey-answering")
    page.get_by_role("button", name="Antworten absenden").click()
    page.wait_for_url("**/danke/")
    assert "Vielen Dank" in page.locator("h1").inner_text()
    assert axe_violations(page) == []


def test_survey_from_admin_to_results(page, live_url, browser, kassel_admin_totp):
    login(page, live_url, kassel_admin_totp)
    title = f"Sicherheit im Quartier {uuid.uuid4().hex[:6]}"
    page.goto(live_url("kassel", "/cms/umfragen/neu/"))
    page.fill("#id_title", title)
    page.fill("#id_intro", "Wie sicher fühlen Sie sich in Ihrem Quartier?")
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/cms/umfragen/*/")
    survey_pk = int(page.url.rstrip("/").split("/")[-1])
    add_question(
        page,
        live_url,
        survey_pk,
        kind="single",
        code="alter",
        text="Wie alt sind Sie?",
        options_text="1=unter 30\n2=30 bis 59\n3=60 und älter",
        required=True,
    )
    add_question(
        page,
        live_url,
        survey_pk,
        kind="rating",
        code="sicher",
        text="Wie sicher fühlen Sie sich nachts?",
        options_text="sehr unsicher\neher unsicher\neher sicher\nsehr sicher",
        dont_know=True,
    )
    add_question(
        page,
        live_url,
        survey_pk,
        kind="map_point",
        code="ort",
        text="Wo fühlen Sie sich unsicher?",
        map_center_lat="51.3127",
        map_center_lng="9.4797",
    )
    add_question(page, live_url, survey_pk, kind="long_text", code="wunsch", text="Was wünschen Sie sich?")
    screenshot(page, "survey-builder")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(f"**/cms/umfragen/{survey_pk}/")
    assert page.locator("[data-survey-state]").text_content() == "Veröffentlicht"

    page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/codes/"))
    page.fill("#id_count", "3")
    page.locator("form.survey-codes-form button[type=submit]").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Codes für den Serienbrief (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
    codes = [r[0] for r in rows[1:]]
    assert len(codes) == 3

    from surveys.models import Survey
    from tenants.models import Municipality

    with schema_context(Municipality.objects.get(slug="kassel").schema_name):
        slug = Survey.objects.get(pk=survey_pk).slug

    for code in ("", codes[0]):  # an anonymous visitor, then a citizen with a letter
        context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})  # phone
        citizen = context.new_page()
        answer(citizen, live_url, slug, code=code)
        context.close()

    page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/papier/"))
    page.fill("#id_code", codes[1])
    page.get_by_label("60 und älter").check()
    page.get_by_label("sehr unsicher").check()
    page.get_by_label("Beschreiben Sie den Ort (Straße, Kreuzung, Orientierungspunkt)").fill("Unterführung")
    page.get_by_role("button", name="Papierfragebogen speichern").click()
    page.wait_for_url(f"**/cms/umfragen/{survey_pk}/papier/")

    page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/ergebnisse/"))
    body = page.locator("main").inner_text()
    assert "3 (1 auf Papier)" in body and "2 / 3" in body  # the letter's code and the paper's code
    assert page.locator("svg.chart").count() >= 2  # age and rating (no map points without tiles)
    # The places described on the phones (no map tiles here) are listed with their district.
    assert "Wehlheiden: Unterführung am Bahnhof" in body
    assert axe_violations(page) == []
    screenshot(page, "survey-results")

    page.select_option("#id_frage", label="sicher: Wie sicher fühlen Sie sich nachts?")
    page.select_option("#id_nach", label="alter: Wie alt sind Sie?")
    page.locator(".breakdown-form button[type=submit]").click()
    assert "weniger als 5 Antworten" in page.locator("[data-breakdown]").inner_text()

    # Exports are built by a task (run at once here); the list then offers the file.
    page.get_by_role("button", name="Excel exportieren (XLSX)").click()
    page.wait_for_url(f"**/cms/umfragen/{survey_pk}/exporte/")
    assert page.locator("[data-export-status]").first.get_attribute("data-export-status") == "done"
    # Wagtail's green "success" message fails axe's contrast rule; the list itself is checked after a refresh.
    page.get_by_role("link", name="Aktualisieren").click()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\.xlsx herunterladen$")).first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()), read_only=True)
    sheet = list(book["Antworten"].values)
    header = list(sheet[0])
    assert len(sheet) == 4
    assert sorted(r[header.index("alter")] for r in sheet[1:]) == ["60 und älter", "unter 30", "unter 30"]
    assert [r[header.index("channel")] for r in sheet[1:]].count("Papier") == 1
    page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/ergebnisse/"))
    page.get_by_role("button", name="PDF-Bericht exportieren").click()
    page.wait_for_url(f"**/cms/umfragen/{survey_pk}/exporte/")
    page.get_by_role("link", name="Aktualisieren").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"-report\.pdf herunterladen$")).first.click()
    assert open(download.value.path(), "rb").read(4) == b"%PDF"
    screenshot(page, "survey-export")
