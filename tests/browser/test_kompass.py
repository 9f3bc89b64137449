"""KOMPASS for Kassel from interest to the seal, in the browser: the municipality's admin, the
programme office and two police headquarters in the state console, citizens with codes and on paper."""

import re
import uuid

import pytest
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, cms_login, screenshot
from tests.kompass.factories import fill_responses, office_user, police_user
from tests.tenants.conftest import totp_token

pytestmark = pytest.mark.browser

DISTRICTS = "Mitte\nNord-Holland\nWesertor\nBettenhausen"


def console_login(page, live_url, user, device, next_path):
    from django.core.cache import cache

    from tenants.demo import DEMO_PASSWORD

    cache.clear()
    page.goto(live_url(None, f"/konsole/anmelden/?next={next_path}"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/konsole/2fa/**")
    page.fill("input[name=token]", totp_token(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def answer_online(page, live_url, slug, code):
    page.goto(live_url("kassel", f"/umfragen/{slug}/?code={code}"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Umfrage starten").click()
    page.wait_for_url("**/seite/1/")
    page.get_by_label("weiblich").check()
    page.get_by_label("35 bis 44 Jahre").check()
    page.get_by_label("Wesertor").check()
    assert axe_violations(page) == []
    page.click("button[name=action][value=next]")
    page.wait_for_url("**/seite/2/")
    page.locator("fieldset", has_text="tagsüber").get_by_label("eher sicher").check()
    page.locator("fieldset", has_text="Einbruch der Dunkelheit allein").get_by_label("eher unsicher").check()
    assert axe_violations(page) == []
    for number in range(3, 8):
        page.click("button[name=action][value=next]")
        page.wait_for_url(f"**/seite/{number}/")
    page.get_by_label("Was ist für Sie das dringendste Sicherheitsproblem in Ihrer Gemeinde?").fill("Dunkle Wege")
    page.get_by_role("button", name="Antworten absenden").click()
    page.wait_for_url("**/danke/")
    assert axe_violations(page) == []


def test_kompass_programme_for_kassel(page, live_url, browser, kassel_admin_totp):
    from events.models import EventDocument
    from kompass.models import KompassSurvey, Measure
    from kompass.state.models import AggregateRound, Participation
    from surveys.models import Survey
    from tenants.models import Municipality
    from tests.events.factories import make_event

    kassel = Municipality.objects.get(slug="kassel")
    office, office_device = office_user(f"buero-{uuid.uuid4().hex[:6]}@hessen.example")
    nord, nord_device = police_user("Polizeipräsidium Nordhessen", f"nord-{uuid.uuid4().hex[:6]}@polizei.example")
    ost, ost_device = police_user("Polizeipräsidium Osthessen", f"ost-{uuid.uuid4().hex[:6]}@polizei.example")
    event = None
    try:
        # The municipality declares interest and applies from its admin.
        cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
        page.goto(live_url("kassel", "/cms/kompass/"))
        page.fill("#id_contact", "Frau Weber, Ordnungsamt")
        page.fill("#id_email", "kompass@kassel.example")
        page.get_by_role("button", name="Interesse bekunden").click()
        page.get_by_role("button", name="Aufnahme beantragen").click()
        page.wait_for_url("**/cms/kompass/")
        assert page.locator("[data-kompass-status]").text_content() == "Beworben"

        # The programme office admits it in the state console.
        office_page = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()
        console_login(office_page, live_url, office, office_device, "/konsole/kompass/")
        office_page.get_by_role("link", name="Kassel").click()
        office_page.get_by_role("button", name="Aufnehmen").click()
        assert office_page.locator("[data-kompass-status]").text_content() == "Aufgenommen"
        number = office_page.locator("[data-admission-number]").text_content()
        assert number.isdigit()

        # The survey from the template, with access codes; a citizen answers online, a clerk types in paper.
        page.goto(live_url("kassel", "/cms/kompass/"))
        assert page.locator("[data-admission-number]").text_content() == number
        page.get_by_role("link", name="KOMPASS-Befragung aus der Vorlage erstellen").click()
        page.check("#id_variant_0")
        page.fill("#id_districts", DISTRICTS)
        page.get_by_role("button", name="Speichern").click()
        page.wait_for_url(re.compile(r".*/cms/umfragen/\d+/$"))
        survey_pk = int(page.url.rstrip("/").split("/")[-1])
        page.get_by_role("button", name="Veröffentlichen").click()
        page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/codes/"))
        page.fill("#id_count", "2")
        page.locator("form.survey-codes-form button[type=submit]").click()
        with schema_context(kassel.schema_name):
            survey = Survey.objects.get(pk=survey_pk)
            codes = list(survey.access_codes.values_list("code", flat=True))
        citizen = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}).new_page()
        answer_online(citizen, live_url, survey.slug, codes[0])
        page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/papier/"))
        page.fill("#id_code", codes[1])
        page.get_by_label("männlich").check()
        page.locator("fieldset", has_text="tagsüber").get_by_label("sehr sicher").first.check()
        page.locator("fieldset", has_text="Einbruch der Dunkelheit allein").get_by_label("sehr unsicher").first.check()
        page.get_by_role("button", name="Papierfragebogen speichern").click()
        page.wait_for_url(f"**/cms/umfragen/{survey_pk}/papier/")
        with schema_context(kassel.schema_name):
            assert survey.responses.count() == 2 and survey.responses.filter(channel="paper").count() == 1
            fill_responses(survey, 60, seed=3, places=12)  # the rest of the letters' answers

        # Closing copies the aggregates; the report shows them.
        page.goto(live_url("kassel", f"/cms/umfragen/{survey_pk}/"))
        page.get_by_role("button", name="Schließen").click()
        page.goto(live_url("kassel", "/cms/kompass/"))
        page.get_by_role("link", name="Bericht, Runde 1").click()
        body = page.locator("main").inner_text()
        assert "62 Antworten, davon 1 auf Papier." in body and "Rücklaufquote: 100,0 %" in body
        assert "Tag und Nacht" in body and "12 Orte markiert." in body
        screenshot(page, "kompass-report")

        # Benchmark: the programme office and Nordhessen see Kassel, Osthessen is refused.
        office_page.goto(live_url(None, "/konsole/kompass/vergleich/?item=K_SAFE_NIGHT"))
        assert "Kassel" in office_page.locator("[data-benchmark]").inner_text()
        police_page = browser.new_context(locale="de-DE").new_page()
        console_login(police_page, live_url, nord, nord_device, "/konsole/kompass/vergleich/")
        assert "Kassel" in police_page.locator("[data-benchmark]").inner_text()
        other = browser.new_context(locale="de-DE").new_page()
        console_login(other, live_url, ost, ost_device, "/konsole/kompass/vergleich/")
        assert "Kassel" not in other.locator("[data-benchmark]").inner_text()
        p = Participation.objects.get(municipality=kassel)
        refused = other.goto(live_url(None, f"/konsole/kompass/kommunen/{p.pk}/"))
        assert refused.status == 403

        # A security conference with minutes (an events page) and a measure from the admin.
        with schema_context(kassel.schema_name):
            from django.core.files.base import ContentFile
            from wagtail.documents.models import Document

            event = make_event(title="1. KOMPASS-Sicherheitskonferenz", category="security",
                               registration_mode="invitation", invited_emails="polizei@example.org")  # fmt: skip
            minutes = Document.objects.create(title="Protokoll der Konferenz", file=ContentFile(b"%PDF-1.4", "p.pdf"))
            EventDocument.objects.create(page=event, document=minutes)
            event.save_revision().publish()
        page.goto(live_url("kassel", "/cms/kompass/massnahmen/neu/"))
        page.fill("#id_title", "Beleuchtung Unterführung Wesertor")
        page.select_option("#id_need_item", "K_PROBLEMS:lighting")
        page.fill("#id_owner_name", "Straßenverkehrs- und Tiefbauamt")
        page.select_option("#id_status", "in_progress")
        page.get_by_role("button", name="Speichern").click()
        page.wait_for_url("**/cms/kompass/")
        police_page.goto(live_url(None, f"/konsole/kompass/kommunen/{p.pk}/"))
        assert "1. KOMPASS-Sicherheitskonferenz" in police_page.locator("[data-conferences]").inner_text()
        assert "Protokoll der Konferenz" in police_page.locator("[data-conferences]").inner_text()
        assert "Beleuchtung Unterführung Wesertor" in police_page.locator("[data-measures]").inner_text()

        # The seal: checklist, award, shown on the municipality's site.
        office_page.goto(live_url(None, f"/konsole/kompass/kommunen/{p.pk}/"))
        for box in office_page.locator("input[name=met]").all():
            box.check()
        office_page.get_by_role("button", name="Checkliste speichern").click()
        office_page.get_by_role("button", name="Bestätigen und Siegel verleihen").click()
        assert "Verliehen" in office_page.locator("[data-seal-status]").text_content()
        office_page.goto(live_url(None, "/konsole/kompass/"))
        screenshot(office_page, "kompass-dashboard")
        citizen.goto(live_url("kassel", "/kompass/"))
        assert "KOMPASS-Sicherheitssiegel" in citizen.locator("[data-seal]").inner_text()
        assert axe_violations(citizen) == []
    finally:
        with schema_context(kassel.schema_name):
            if event is not None:
                event.delete()
            Measure.objects.all().delete()
            for kompass in KompassSurvey.objects.select_related("survey"):
                kompass.survey.delete()
        AggregateRound.objects.filter(municipality=kassel).delete()
        Participation.objects.filter(municipality=kassel).delete()
        # allauth's tables exist only in municipal schemas: skip the ORM's cascade collector.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from kompass.state.models import PoliceStaff

        users = get_user_model().objects.filter(pk__in=[office.pk, nord.pk, ost.pk])
        TOTPDevice.objects.filter(user__in=users).delete()
        PoliceStaff.objects.filter(user__in=users).delete()
        for group in Group.objects.filter(user__in=users).distinct():
            group.user_set.remove(*users)
        users._raw_delete(users.db)
