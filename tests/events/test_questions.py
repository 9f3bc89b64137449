"""Extra registration questions: a question set built with the surveys builder, asked in the
registration form with the surveys' own fields and checks, kept with the registration, shown in
the attendee list and exports, and part of a person's data export and erasure."""

import csv
import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from events.models import Registration
from surveys.models import Question, Survey
from surveys.services import question_save, survey_create

from .factories import first_date, make_event

PASSWORD = "Passwort-fuer-Fragen-1"


def _question_set() -> Survey:
    """Menu (single choice, required), needs (multiple with "other"), a remark (short text)."""
    survey = survey_create(title="Anmeldefragen Werkstatt", state=Survey.State.DRAFT)
    section = survey.sections.get()
    question_save(
        question=Question(survey=survey, section=section, kind="single", code="ESSEN", required=True,
                          text="Welches Essen möchten Sie?"),
        options=[("v", "vegetarisch"), ("f", "mit Fleisch")],
    )  # fmt: skip
    question_save(
        question=Question(survey=survey, section=section, kind="multiple", code="BEDARF", allow_other=True,
                          text="Brauchen Sie Unterstützung?"),
        options=[("r", "Rollstuhlplatz"), ("g", "Gebärdensprache")],
    )  # fmt: skip
    question_save(question=Question(survey=survey, section=section, kind="short_text", code="HINWEIS",
                                    text="Ihr Hinweis an uns"))  # fmt: skip
    return survey


@pytest.fixture
def questioned_event(kassel):
    with schema_context(kassel.schema_name):
        survey = _question_set()
        event = make_event(capacity=5, registration_questions=survey, title="Werkstatt mit Fragen")
        questions = {q.code: q for q in Question.objects.filter(survey=survey).prefetch_related("options")}
        options = {o.label: o.pk for q in questions.values() for o in q.options.all()}
        event.url_path_for_test = event.url
    return event, questions, options


def test_the_form_asks_the_questions_with_the_surveys_fields(kassel, client_for, questioned_event):
    event, questions, options = questioned_event
    html = client_for(kassel).get(event.url_path_for_test).content.decode()
    assert "Welches Essen möchten Sie?" in html and "(Pflichtangabe)" in html and "5 Plätze frei" in html
    q = questions["ESSEN"].pk
    assert f'name="q{q}" value="{options["vegetarisch"]}"' in html and 'type="radio"' in html
    assert f'id="q{questions["BEDARF"].pk}_other"' in html  # the surveys' "other, please specify"
    assert "data-survey-form" in html and "surveys/survey.js" in html


def test_a_missing_required_answer_is_refused_and_the_input_kept(kassel, client_for, questioned_event):
    event, questions, options = questioned_event
    with schema_context(kassel.schema_name):
        date = first_date(event)
    response = client_for(kassel).post(
        f"/termine/veranstaltung/{event.pk}/anmelden/",
        {"date": date.pk, "name": "Erika Mustermann", "email": "erika@example.org", "privacy": "on",
         f"q{questions['HINWEIS'].pk}": "Ich komme etwas später", f"q{questions['BEDARF'].pk}": "999999"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Antworten" in html and "Bitte beantworten Sie diese Frage." in html
    assert "Bitte wählen Sie unter den Antworten." in html  # a forged option
    assert 'value="Ich komme etwas später"' in html and 'value="Erika Mustermann"' in html
    assert f'href="#q{questions["ESSEN"].pk}-field"' in html  # the summary links to the question
    with schema_context(kassel.schema_name):
        assert not Registration.objects.filter(date=date).exists()


def test_answers_are_kept_shown_exported_and_in_the_data_export_and_erasure(
    kassel, client_for, questioned_event, django_capture_on_commit_callbacks
):
    event, questions, options = questioned_event
    with schema_context(kassel.schema_name):
        date = first_date(event)
        user = get_user_model().objects.create_user(username="erika", email="erika@example.org", password=PASSWORD)
        EmailAddress.objects.create(user=user, email="erika@example.org", verified=True, primary=True)
        admin = get_user_model().objects.get(email="admin@kassel.example")
        citizen = client_for(kassel)
        assert citizen.login(username="erika", password=PASSWORD)
    bedarf = questions["BEDARF"].pk
    other = next(o for o in questions["BEDARF"].options.all() if o.is_other)
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(f"/termine/veranstaltung/{event.pk}/anmelden/", {
            "date": date.pk, "name": "Erika Mustermann", "email": "erika@example.org", "privacy": "on",
            f"q{questions['ESSEN'].pk}": options["vegetarisch"],
            f"q{bedarf}": [options["Rollstuhlplatz"], other.pk], f"q{bedarf}_other": "Induktionsschleife",
            f"q{questions['HINWEIS'].pk}": "=1+1",
        })  # fmt: skip
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        registration = Registration.objects.get(date=date, email="erika@example.org")
        assert registration.status == "confirmed"
        assert registration.answers == {
            "ESSEN": "vegetarisch",
            "BEDARF": f"Rollstuhlplatz; {other.label}: Induktionsschleife",
            "HINWEIS": "=1+1",
        }

    clerk = client_for(kassel)
    with schema_context(kassel.schema_name):
        clerk.force_login(admin)
    html = clerk.get(f"/cms/veranstaltungen/termin/{date.pk}/").content.decode()
    assert "Welches Essen möchten Sie?" in html and "vegetarisch" in html and "Induktionsschleife" in html
    rows = list(csv.reader(io.StringIO(
        clerk.get(f"/cms/veranstaltungen/termin/{date.pk}/liste.csv").content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[0][-3:] == ["ESSEN", "BEDARF", "HINWEIS"]
    assert rows[1][-3:] == ["vegetarisch", f"Rollstuhlplatz; {other.label}: Induktionsschleife", "'=1+1"]
    sheet = load_workbook(io.BytesIO(clerk.get(f"/cms/veranstaltungen/termin/{date.pk}/liste.xlsx").content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-3:] == ["ESSEN", "BEDARF", "HINWEIS"] and values[1][-3] == "vegetarisch"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)

    (entry,) = json.loads(citizen.get("/konto/daten/json/").content)["events"]
    assert entry["answers"]["ESSEN"] == "vegetarisch" and entry["answers"]["HINWEIS"] == "=1+1"
    with django_capture_on_commit_callbacks(execute=True):
        citizen.post("/konto/loeschen/", {"password": PASSWORD, "confirm": "on"})
    with schema_context(kassel.schema_name):
        registration.refresh_from_db()
        assert registration.answers == {} and registration.name == "" and registration.status == "cancelled"
    assert not [m for m in mail.outbox if "Induktionsschleife" in m.body]  # answers are not mailed around


def test_without_a_question_set_the_form_is_unchanged(kassel, client_for):
    with schema_context(kassel.schema_name):
        url = make_event(capacity=2).url
    html = client_for(kassel).get(url).content.decode()
    assert "data-survey-form" not in html and "surveys.css" not in html
