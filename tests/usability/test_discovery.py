"""Citizens find what they can take part in: open surveys and events through the registry, the
site search and the survey list."""

from datetime import timedelta

from django.utils import timezone

from events.services import registration_create
from platform_core.registry import registry
from surveys.demo import DEMO_SURVEY_SLUG, demo_survey
from surveys.discovery import estimated_minutes
from surveys.models import Question, Survey
from surveys.services import survey_update
from tests.events.factories import first_date, make_event
from tests.surveys.factories import make_survey

Kind = Question.Kind


def test_open_now_lists_the_demo_survey_with_end_and_duration(in_kassel):
    demo_survey(in_kassel)
    survey = Survey.objects.get(slug=DEMO_SURVEY_SLUG)
    survey.closes_at = timezone.now() + timedelta(days=20)
    survey.save()
    items = {item.url: item for item in registry.open_now()}
    item = items[f"/umfragen/{DEMO_SURVEY_SLUG}/"]
    assert item.title == survey.title and item.ends_at == survey.closes_at
    assert str(item.kind) == "Umfrage"
    # Two rating scales, one map, one single choice, one long text: about three minutes, as its introduction says.
    assert item.duration_minutes == 3


def test_drafts_closed_and_unflagged_surveys_are_not_open_now(in_kassel):
    draft = make_survey("Entwurf Discovery", state=Survey.State.DRAFT)
    hidden = make_survey("Versteckt Discovery")
    hidden.show_on_home = False
    hidden.save()
    ended = make_survey("Vorbei Discovery", closes_at=timezone.now() - timedelta(days=1), opens_at=None)
    titles = {item.title for item in registry.open_now()}
    assert not titles & {draft.title, hidden.title, ended.title}
    # Still found by searching, as long as it is open.
    assert hidden.title in {item.title for item in registry.search("Versteckt")}


def test_duration_grows_with_the_questions():
    assert estimated_minutes([(Kind.SINGLE, 3)]) == 1
    assert estimated_minutes([(Kind.LONG_TEXT, 0)] * 4) == 6
    assert estimated_minutes([(Kind.MATRIX, 10)]) > estimated_minutes([(Kind.MATRIX, 2)])


def test_search_page_finds_the_safety_survey(in_kassel, client_for):
    demo_survey(in_kassel)
    client = client_for(in_kassel)
    for term in ("Sicherheit", "Umfrage", "sicher fühlen"):
        html = client.get("/suche/", {"q": term}).content.decode()
        assert f'href="/umfragen/{DEMO_SURVEY_SLUG}/"' in html, term
        assert "Mitmachen" in html and "Minuten" in html
    html = client.get("/suche/", {"q": "Gartenzwergparade"}).content.decode()
    assert DEMO_SURVEY_SLUG not in html and "Nichts gefunden" in html


def test_events_are_open_now_with_free_seats_and_found_by_search(in_kassel, client_for):
    event = make_event(title="Stadtteilspaziergang Nordstadt", capacity=3, teaser="Wir gehen gemeinsam.")
    registration_create(date=first_date(event), name="Ida", email="ida@example.org", email_verified=True)
    item = next(i for i in registry.open_now() if i.title == event.title)
    assert item.url == event.url and "2 Plätze frei" in item.summary
    assert item.starts_at == first_date(event).start
    full = make_event(title="Volles Haus Nordstadt", capacity=1)
    registration_create(date=first_date(full), name="Jo", email="jo@example.org", email_verified=True)
    assert "Ausgebucht" in next(i for i in registry.open_now() if i.title == full.title).summary
    html = client_for(in_kassel).get("/suche/", {"q": "Nordstadt"}).content.decode()
    assert "Stadtteilspaziergang Nordstadt" in html and "Volles Haus Nordstadt" in html
    assert html.count(f'href="{event.url}"') == 1  # the page is not listed a second time


def test_survey_list_shows_end_date_and_duration(in_kassel, client_for):
    survey = make_survey("Liste mit Dauer")
    survey.closes_at = timezone.now() + timedelta(days=30)
    survey_update(survey=survey)
    html = client_for(in_kassel).get("/umfragen/").content.decode()
    start = html.index("Liste mit Dauer")
    card = html[start : start + 600]
    assert "Geöffnet bis" in card and "etwa" in card and "Minuten" in card
