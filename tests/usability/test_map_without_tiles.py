"""A map question without map tiles asks for a description of the place (with the municipality's
districts where known) and never for coordinates; with tiles the map sets them itself."""

from surveys.models import Answer
from tests.surveys.factories import make_survey, qname


def _page_with_map(client, survey):
    client.post(f"/umfragen/{survey.slug}/")
    return client.get(f"/umfragen/{survey.slug}/seite/2/").content.decode()


def test_without_tiles_citizens_describe_the_place_and_pick_a_district(in_kassel, client_for, settings):
    settings.SURVEYS_MAP_TILE_URL = ""
    survey = make_survey("Karte ohne Kacheln")
    client = client_for(in_kassel)
    html = _page_with_map(client, survey)
    assert "Breitengrad" not in html and "Längengrad" not in html and "_lat" not in html
    assert "leaflet" not in html and "map-widget" not in html
    assert "Beschreiben Sie den Ort" in html and "<option>Wehlheiden</option>" in html
    name = qname(survey, "place")
    response = client.post(
        f"/umfragen/{survey.slug}/seite/2/",
        {name + "_district": "Wehlheiden", name + "_text": "Unterführung am Bahnhof"},
    )
    assert response.status_code == 302
    answer = Answer.objects.get(question__survey=survey, question__code="place")
    assert answer.text == "Wehlheiden: Unterführung am Bahnhof" and answer.lat is None


def test_an_unknown_district_is_ignored(in_kassel, client_for, settings):
    settings.SURVEYS_MAP_TILE_URL = ""
    survey = make_survey("Karte falscher Stadtteil")
    client = client_for(in_kassel)
    _page_with_map(client, survey)
    name = qname(survey, "place")
    client.post(f"/umfragen/{survey.slug}/seite/2/", {name + "_district": "Atlantis", name + "_text": "Brücke"})
    assert Answer.objects.get(question__survey=survey, question__code="place").text == "Brücke"


def test_with_tiles_the_map_sets_hidden_coordinates(in_kassel, client_for, settings):
    settings.SURVEYS_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    survey = make_survey("Karte mit Kacheln")
    html = _page_with_map(client_for(in_kassel), survey)
    name = qname(survey, "place")
    assert "map-widget" in html and f'type="hidden" id="{name}_lat"' in html
    assert "Breitengrad" not in html
