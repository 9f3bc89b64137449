"""A questionnaire with nothing answered is refused with a message, online and on paper, and
never counts as a response (which would also block the person from answering later)."""

import uuid

import pytest
from django.contrib.auth import get_user_model

from surveys.models import AccessCode, Participation, Response, Survey
from surveys.selectors import all_questions, survey_structure
from surveys.services import EmptyResponseError, access_codes_generate, response_submit
from tests.surveys.factories import make_survey, opt, qname


def test_empty_submission_is_refused_with_a_message_and_the_person_can_still_answer(in_kassel, client_for):
    survey = make_survey("Leer absenden")
    user = get_user_model().objects.create_user(username=f"leer-{uuid.uuid4().hex[:6]}", password="x-Passwort-123")
    client = client_for(in_kassel)
    client.force_login(user)
    base = f"/umfragen/{survey.slug}/"
    # The first page has a required question: answer it empty-handed and it says so.
    age = survey.questions.get(code="age")
    age.required = False
    age.save()
    client.post(base)
    assert client.post(base + "seite/1/", {}).status_code == 302  # nothing required: on to page 2
    response = client.post(base + "seite/2/", {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Sie haben noch keine Frage beantwortet" in html and 'role="alert"' in html
    assert not Response.objects.filter(survey=survey).exists()
    assert not Participation.objects.filter(survey=survey, user=user).exists()
    # The person can still answer: one answer on the last page is enough.
    response = client.post(base + "seite/2/", {qname(survey, "wish"): "Mehr Bänke"})
    assert response.status_code == 302 and response["Location"].endswith("/danke/")
    assert Response.objects.filter(survey=survey).count() == 1


def test_one_page_survey_refuses_an_empty_submit(in_kassel, client_for):
    survey = make_survey("Leer einseitig", pages=1)
    survey.questions.filter(required=True).update(required=False)
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/")
    response = client.post(f"/umfragen/{survey.slug}/seite/1/", {})
    assert response.status_code == 400 and "mindestens eine Frage" in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_the_service_refuses_empty_answers_on_every_channel(in_kassel):
    survey = make_survey("Leer Dienst", pages=1)
    questions = all_questions(survey_structure(survey))
    for channel in (Response.Channel.ONLINE, Response.Channel.PAPER):
        with pytest.raises(EmptyResponseError):
            response_submit(survey=survey, questions=questions, answers={}, token=uuid.uuid4(), channel=channel)
    # An answer to a hidden question (its condition is not met) does not count either.
    school = survey.questions.get(code="school")
    with pytest.raises(EmptyResponseError):
        response_submit(survey=survey, questions=questions, answers={str(school.pk): "Goethe"}, token=uuid.uuid4())
    assert not Response.objects.filter(survey=survey).exists()


def test_paper_entry_refuses_an_empty_sheet_and_keeps_the_code_unused(in_kassel, client_for):
    survey = make_survey("Leer Papier", audience=Survey.Audience.ACCESS_CODE, pages=1)
    access_codes_generate(survey=survey, count=1)
    code = AccessCode.objects.get(survey=survey)
    client = client_for(in_kassel)
    client.force_login(get_user_model().objects.get(email=f"admin@{in_kassel.slug}.example"))
    response = client.post(f"/cms/umfragen/{survey.pk}/papier/", {"code": code.code})
    html = response.content.decode()
    assert response.status_code == 200 and "mindestens eine Frage" in html
    code.refresh_from_db()
    assert code.used_at is None and not Response.objects.filter(survey=survey).exists()
    data = {"code": code.code, qname(survey, "age"): opt(survey, "age", "2")}
    assert client.post(f"/cms/umfragen/{survey.pk}/papier/", data).status_code == 302


def test_required_marker_and_legend_use_the_same_word(in_kassel, client_for):
    survey = make_survey("Pflicht Wort")
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/")
    html = client.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    assert "(Pflichtangabe)" in html and "„Pflichtangabe“" in html
