"""Inputs that answered 500 before: NUL bytes, numbers without a range, forged tokens.

Each answer is below 500; where a person typed something, they get a German message and keep
what was valid; nothing half-made is stored.
"""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context

from surveys.models import Answer, Question, Response, Survey
from surveys.services import question_save, survey_create

Kind = Question.Kind
PORTAL = "beteiligung.localhost"


def make_open_survey() -> Survey:
    """One page: a number without range, a short text, a single choice with "other", a map point."""
    survey = survey_create(title=f"Robust {uuid.uuid4().hex[:6]}")
    section = survey.sections.get()
    for kind, code, kw in [
        (Kind.NUMBER, "count", {}),
        (Kind.SHORT_TEXT, "name", {}),
        (Kind.SINGLE, "choice", {"allow_other": True}),
        (Kind.MAP_POINT, "place", {}),
    ]:
        question_save(
            question=Question(survey=survey, section=section, kind=kind, code=code, text=f"Frage {code}", **kw),
            options=[("1", "Ja"), ("2", "Nein")] if kind == Kind.SINGLE else None,
        )
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.PUBLISHED)
    survey.refresh_from_db()
    return survey


def field(survey, code):
    return f"q{survey.questions.get(code=code).pk}"


def other_option(survey):
    return survey.questions.get(code="choice").options.get(is_other=True).pk


@pytest.fixture
def survey_client(kassel, client_for):
    with schema_context(kassel.schema_name):
        survey = make_open_survey()
    client = client_for(kassel)
    assert client.post(f"/umfragen/{survey.slug}/").status_code == 302
    return survey, client


@pytest.mark.parametrize(
    "number",
    ["1e20", "-99999999999999999", "1E+999999999", "NaN", "inf", "-Infinity", "9" * 1_000_000, "12345678901"],
)
def test_number_without_range_is_refused_with_a_message_and_other_answers_stay(kassel, survey_client, number):
    survey, client = survey_client
    with schema_context(kassel.schema_name):
        data = {field(survey, "count"): number, field(survey, "name"): "Am Markt"}
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte geben Sie eine Zahl" in html
    assert 'value="Am Markt"' in html  # the valid answer is still on the page
    with schema_context(kassel.schema_name):
        assert not Response.objects.filter(survey=survey).exists()


@pytest.mark.parametrize(("typed", "stored"), [("1234567890,12345", "1234567890.1235"), ("1e-1000000", "0.0000")])
def test_tiny_and_long_numbers_are_rounded_and_stored(kassel, survey_client, typed, stored):
    survey, client = survey_client
    with schema_context(kassel.schema_name):
        data = {field(survey, "count"): typed}
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(kassel.schema_name):
        assert str(Answer.objects.get(response__survey=survey, question__code="count").number) == stored


def test_nul_bytes_in_text_other_and_map_answers_are_removed(kassel, survey_client):
    survey, client = survey_client
    with schema_context(kassel.schema_name):
        data = {
            field(survey, "name"): "Am\x00 Markt",
            field(survey, "choice"): str(other_option(survey)),
            field(survey, "choice") + "_other": "Sonst\x00iges",
            field(survey, "place") + "_text": "Brücke\x00",
        }
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(kassel.schema_name):
        answers = Answer.objects.filter(response__survey=survey)
        texts = {a.question.code: a.text for a in answers}
    assert texts["name"] == "Am Markt" and texts["choice"] == "Sonstiges" and texts["place"] == "Brücke"


@pytest.mark.parametrize("token", ["kein-uuid", "\x00", str(uuid.uuid4()), "1" * 5000])
def test_forged_survey_token_without_a_running_response_starts_over(kassel, client_for, token):
    with schema_context(kassel.schema_name):
        survey = make_open_survey()
    response = client_for(kassel).post(f"/umfragen/{survey.slug}/seite/1/", {"token": token})
    assert response.status_code == 302 and response["Location"].endswith(f"/umfragen/{survey.slug}/")


@pytest.mark.parametrize("token", ["kein-uuid", "\x00", "12345"])
def test_forged_paper_entry_token_stores_the_questionnaire_once(kassel, client_for, token):
    with schema_context(kassel.schema_name):
        survey = make_open_survey()
        admin = get_user_model().objects.get(email="admin@kassel.example")
        data = {"token": token, "code": "", field(survey, "name"): "Papier"}
        client = client_for(kassel)
        client.force_login(admin)
    response = client.post(f"/cms/umfragen/{survey.pk}/papier/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(kassel.schema_name):
        assert Response.objects.filter(survey=survey, channel=Response.Channel.PAPER).count() == 1


def test_nul_in_search_query_is_no_error(kassel, client_for):
    response = client_for(kassel).get("/suche/", {"q": "Rat\x00haus"})
    assert response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/registrierung/?q=%00",
        "/registrierung/?q=Kas%00sel",
        "/registrierung/06611%00000/",
        "/registrierung/%00/",
        "/registrierung/status/ab%00cd/",
        "/registrierung/bestaetigen/ab%00cd/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_nul_in_registration_urls_is_no_error(db, path, method):
    response = getattr(Client(HTTP_HOST=PORTAL), method)(path)
    assert 400 <= response.status_code < 500


def test_nul_in_the_registration_search_is_refused_in_german(db):
    response = Client(HTTP_HOST=PORTAL).get("/registrierung/", {"q": "Kas\x00sel"})
    assert response.status_code == 400
    assert "nicht erlaubt" in response.content.decode()


def test_nul_in_a_registration_key_is_handled_by_the_view_too(db, rf, settings):
    """The view guards itself as well (the middleware is the first line, not the only one)."""
    from django.http import Http404

    settings.ROOT_URLCONF = settings.PUBLIC_SCHEMA_URLCONF
    from tenants.views import registration_create_view, registration_status_view, registration_verify_view

    assert registration_verify_view(rf.post("/", HTTP_HOST=PORTAL), key="ab\x00").status_code == 404
    for view, kwargs in [
        (registration_status_view, {"token": "ab\x00"}),
        (registration_create_view, {"ags": "06\x00"}),
    ]:
        with pytest.raises(Http404):
            view(rf.get("/", HTTP_HOST=PORTAL), **kwargs)


def test_nul_in_the_session_cookie_is_ignored(kassel, client_for):
    client = client_for(kassel)
    client.cookies["beteiligung_session"] = "abc\x00defghijk"
    assert client.get("/").status_code == 200
