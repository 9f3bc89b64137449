"""Extra questions per report category: a question set built with the surveys builder, asked in the
citizen's form once the category is chosen, checked by the surveys' code, kept with the report as
text by question code, shown to the clerk and in the evaluation export, exported and erased with
the person's data."""

import csv
import io

from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context

from reports import personal_data
from reports.models import Report
from surveys.models import Question, Survey
from surveys.services import question_save, survey_create

from .factories import KASSEL_POINT, category


def _category_with_questions():
    survey = survey_create(title="Fragen Straßenbeleuchtung", state=Survey.State.DRAFT)
    section = survey.sections.get()
    question_save(
        question=Question(survey=survey, section=section, kind="single", code="DAUER", required=True,
                          text="Seit wann ist die Laterne dunkel?"),
        options=[("h", "seit heute"), ("w", "seit über einer Woche")],
    )  # fmt: skip
    question_save(question=Question(survey=survey, section=section, kind="short_text", code="MAST",
                                    text="Nummer am Mast"))  # fmt: skip
    cat = category()
    cat.questions = survey
    cat.save()
    questions = {q.code: q for q in Question.objects.filter(survey=survey).prefetch_related("options")}
    options = {o.label: o.pk for q in questions.values() for o in q.options.all()}
    return cat, questions, options


def _data(pk, **extra):
    return {"lat": KASSEL_POINT[0], "lon": KASSEL_POINT[1], "address": "Obere Königsstraße 8", "category": pk,
            "description": "Laterne ist dunkel", "name": "Bernd Beispiel", "email": "bernd@example.org", **extra}  # fmt: skip


def test_a_required_question_is_asked_after_choosing_the_category_and_input_is_kept(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        cat, questions, options = _category_with_questions()
    assert "Seit wann ist die Laterne dunkel?" not in client.get("/maengel/melden/").content.decode()
    # The progressive script loads the form with the chosen category (?category=) and shows its questions.
    assert "Seit wann ist die Laterne dunkel?" in client.get(f"/maengel/melden/?category={cat.pk}").content.decode()
    # Without JavaScript: the first submission with the category shows its questions and asks for the answer.
    response = client.post("/maengel/melden/", _data(cat.pk, **{f"q{questions['MAST'].pk}": "L-4711"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beantworten Sie die Fragen zu dieser Kategorie" in html
    assert "Seit wann ist die Laterne dunkel?" in html and "(Pflichtangabe)" in html
    assert f'name="q{questions["DAUER"].pk}" value="{options["seit heute"]}"' in html
    assert "L-4711" in html and "Laterne ist dunkel" in html and "bernd@example.org" in html
    with schema_context(kassel.schema_name):
        assert not Report.objects.exists()


def test_answers_are_stored_shown_to_the_clerk_exported_and_erased(kassel, client_for):
    client = client_for(kassel)
    with schema_context(kassel.schema_name):
        cat, questions, options = _category_with_questions()
    answers = {f"q{questions['DAUER'].pk}": options["seit über einer Woche"], f"q{questions['MAST'].pk}": "L-4711"}
    assert client.post("/maengel/melden/", _data(cat.pk, **answers)).status_code == 302
    with schema_context(kassel.schema_name):
        report = Report.objects.get(reporter_email="bernd@example.org")
        assert report.answers == {"DAUER": "seit über einer Woche", "MAST": "L-4711"}
        Report.objects.filter(pk=report.pk).update(status="new")
        admin = get_user_model().objects.get(email="admin@kassel.example")
        client.force_login(admin)
    html = client.get(f"/cms/maengel/{report.pk}/").content.decode()
    assert "Seit wann ist die Laterne dunkel?" in html and "seit über einer Woche" in html and "L-4711" in html
    rows = list(csv.reader(io.StringIO(client.get("/cms/maengel/auswertung.csv").content.decode("utf-8-sig")),
                           delimiter=";"))  # fmt: skip
    assert "Antworten auf die Zusatzfragen" in rows[0]
    assert any("DAUER: seit über einer Woche | MAST: L-4711" in row for row in rows[1:])
    with schema_context(kassel.schema_name):
        citizen = get_user_model().objects.create_user(username="bernd", email="bernd@example.org")
        assert personal_data.export(citizen)["reports"][0]["answers"]["MAST"] == "L-4711"
        personal_data.erase(citizen)
        report.refresh_from_db()
        assert report.answers == {} and report.reporter_email == ""


def test_the_portal_form_asks_the_municipalitys_category_questions(
    kassel, demo_boundaries, django_capture_on_commit_callbacks
):
    portal = Client(HTTP_HOST="beteiligung.localhost")
    with schema_context(kassel.schema_name):
        cat, questions, options = _category_with_questions()
    response = portal.post("/maengel/06611000/", _data(cat.pk, lat="51.3127", lon="9.4797"))
    html = response.content.decode()
    assert response.status_code == 400 and "Seit wann ist die Laterne dunkel?" in html and "Laterne ist dunkel" in html
    answer = {f"q{questions['DAUER'].pk}": options["seit heute"]}
    with django_capture_on_commit_callbacks(execute=True):
        done = portal.post("/maengel/06611000/", _data(cat.pk, lat="51.3127", lon="9.4797", **answer))
    assert done.status_code == 200
    with schema_context(kassel.schema_name):
        assert Report.objects.get(channel="portal").answers == {"DAUER": "seit heute"}
