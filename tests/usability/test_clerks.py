"""Clerks in the Wagtail admin: the question editor shows only what the type needs, suggests the
code, labels scale ends and shows the address the title becomes; publishing shows the link;
the dashboard is the municipality's; blanks in the imprint are flagged and never shown."""

import re
import uuid

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from cms.models import LegalPage
from platform_core.registry import registry
from surveys.models import Survey
from tests.surveys.factories import make_survey


def admin(client_for, municipality):
    client = client_for(municipality)
    client.force_login(get_user_model().objects.get(email=f"admin@{municipality.slug}.example"))
    return client


def _new_survey(client, title):
    client.post("/cms/umfragen/neu/", {
        "title": title, "audience": "everyone", "anonymous": "on", "one_response_per_person": "on",
        "show_on_home": "on", "min_group_size": 5,
    })  # fmt: skip
    return Survey.objects.get(title=title)


def test_the_address_keeps_the_german_letters(in_kassel, client_for):
    client = admin(client_for, in_kassel)
    html = client.get("/cms/umfragen/neu/").content.decode()
    assert 'id="slug-preview"' in html and "/umfragen/" in html and "question_form.js" in html
    survey = _new_survey(client, f"Wilhelmshöhe Straße {uuid.uuid4().hex[:4]}")
    assert survey.slug.startswith("wilhelmshoehe-strasse-")


def test_the_question_editor_suggests_a_code_and_marks_fields_per_type(in_kassel, client_for, settings):
    settings.SURVEYS_MAP_TILE_URL = ""
    client = admin(client_for, in_kassel)
    survey = _new_survey(client, f"Fragen {uuid.uuid4().hex[:6]}")
    html = client.get(f"/cms/umfragen/{survey.pk}/fragen/neu/").content.decode()
    assert 'value="Q1"' in html and ">Section<" not in html and "Seite" in html
    # Map centre and zoom belong to the map question only; options to the choice types.
    assert re.search(r'data-kinds="map_point"[^>]*name="map_zoom"|name="map_zoom"[^>]*data-kinds="map_point"', html)
    assert re.search(r'name="options_text"[^>]*data-kinds="single multiple rating matrix ranking"', html) or (
        'data-kinds="single multiple rating matrix ranking"' in html
    )
    assert "keine Kartenkacheln" in html
    # A long-text question needs none of them, not even the code or the zoom.
    response = client.post(f"/cms/umfragen/{survey.pk}/fragen/neu/", {
        "section": survey.sections.get().pk, "kind": "long_text", "text": "Was wünschen Sie sich?",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert survey.questions.get().code == "Q1"
    assert 'value="Q2"' in client.get(f"/cms/umfragen/{survey.pk}/fragen/neu/").content.decode()


def test_scale_ends_are_labelled_for_citizens(in_kassel, client_for):
    client = admin(client_for, in_kassel)
    survey = _new_survey(client, f"Skala {uuid.uuid4().hex[:6]}")
    client.post(f"/cms/umfragen/{survey.pk}/fragen/neu/", {
        "section": survey.sections.get().pk, "kind": "rating", "text": "Wie zufrieden sind Sie?",
        "scale_low": "sehr unzufrieden", "scale_high": "sehr zufrieden",
    })  # fmt: skip
    labels = [o.label for o in survey.questions.get().options.all()]
    assert labels == ["1 – sehr unzufrieden", "2", "3", "4", "5 – sehr zufrieden"]
    client.post(f"/cms/umfragen/{survey.pk}/aktion/publish/")
    citizen = client_for(in_kassel)
    citizen.post(f"/umfragen/{survey.slug}/")
    page = citizen.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    assert "1 – sehr unzufrieden" in page and "5 – sehr zufrieden" in page


def test_publishing_shows_the_public_link_and_the_home_page_option(in_kassel, client_for):
    client = admin(client_for, in_kassel)
    survey = make_survey(f"Veröffentlicht {uuid.uuid4().hex[:6]}", state=Survey.State.DRAFT)
    response = client.post(f"/cms/umfragen/{survey.pk}/aktion/publish/")
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert f"/umfragen/{survey.slug}/" in text and "veröffentlicht" in text
    detail = client.get(f"/cms/umfragen/{survey.pk}/").content.decode()
    assert "data-survey-online" in detail and "Startseite" in detail
    assert survey.title in {i.title for i in registry.open_now()}
    settings_form = client.get(f"/cms/umfragen/{survey.pk}/einstellungen/").content.decode()
    assert 'name="show_on_home"' in settings_form and "auf der startseite zeigen" in settings_form.lower()
    survey.show_on_home = False
    survey.save()
    assert survey.title not in {i.title for i in registry.open_now()}


def test_the_dashboard_is_the_municipalitys_start_screen(in_kassel, client_for):
    client = admin(client_for, in_kassel)
    html = client.get("/cms/").content.decode()
    assert "Stadt Kassel" in html and "Beteiligungsplattform Hessen</h1>" not in html
    assert "Umfrage anlegen" in html and "Impressum ergänzen" in html
    response = client.get("/cms/pages/")
    home = LegalPage.objects.first().get_parent()
    assert response.status_code == 302 and response["Location"] == f"/cms/pages/{home.pk}/"


def test_imprint_blanks_are_flagged_in_the_admin_and_hidden_on_the_site(in_kassel, client_for):
    imprint = LegalPage.objects.get(kind=LegalPage.Kind.IMPRINT)
    assert "[Anschrift]" in imprint.placeholders()
    client = admin(client_for, in_kassel)
    edit = client.get(f"/cms/pages/{imprint.pk}/edit/").content.decode()
    assert "data-placeholder-warning" in edit and "[Telefon]" in edit and "unvollständig" in edit
    public = client_for(in_kassel).get(imprint.url).content.decode()
    main = public[public.index("<main") :]
    assert "[Anschrift]" not in main and "[Telefon]" not in main and "werden gerade vervollständigt" in main
    assert "Zuletzt geprüft" not in main


def test_installation_settings_are_neither_offered_nor_reachable_for_the_municipal_admin(in_kassel, client_for):
    """The municipality's first administrator is a superuser in its schema; Sites and the other
    installation-level screens are still the platform's (domains come from the state console)."""
    client = admin(client_for, in_kassel)
    assert get_user_model().objects.get(email="admin@kassel.example").is_superuser
    html = client.get("/cms/").content.decode()
    assert 'href="/cms/sites/"' not in html and 'href="/cms/locales/"' not in html
    for url in ("/cms/sites/", "/cms/sites/add/", "/cms/locales/", "/cms/collections/", "/cms/redirects/"):
        assert client.get(url).status_code == 403, url


def test_a_page_can_carry_a_survey_teaser_that_follows_the_survey(in_kassel, client_for):
    """The clerk places a survey on any content page; citizens see title, time and link, and a plain
    note once the survey has closed (no dead link)."""
    from django_tenants.utils import schema_context

    from cms.models import ContentPage, HomePage
    from surveys.blocks import survey_choices
    from surveys.services.building import survey_close

    with schema_context(in_kassel.schema_name):
        survey = make_survey(f"Spielplatz Nordstadt {uuid.uuid4().hex[:4]}", intro="Wie soll der Spielplatz werden?")
        assert (str(survey.pk), survey.title) in survey_choices()  # what the editor offers
        page = ContentPage(title="Spielplätze", slug=f"spielplaetze-{uuid.uuid4().hex[:4]}", live=False)
        page.body = [("survey_teaser", {"survey": str(survey.pk), "text": ""})]
        HomePage.objects.get().add_child(instance=page)
        page.save_revision().publish()
        url = page.url
    client = client_for(in_kassel)
    html = client.get(url).content.decode()
    assert survey.title in html and "Wie soll der Spielplatz werden?" in html
    assert f'href="/umfragen/{survey.slug}/"' in html and "An der Umfrage teilnehmen" in html
    assert re.search(r"Etwa \d+ Minuten?", html)
    with schema_context(in_kassel.schema_name):
        survey_close(survey=survey, actor="test")
    html = client.get(url).content.decode()
    assert "Diese Umfrage ist beendet" in html and "An der Umfrage teilnehmen" not in html
