"""Extra questions of a report category in the browser: choosing the category shows its questions
(the small script loads them), the answer is kept with the report; axe finds nothing."""

import uuid

import pytest
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, screenshot


def _schema():
    from tenants.models import Municipality

    return Municipality.objects.get(slug="kassel").schema_name


@pytest.fixture
def questioned_category(committed_db):
    from reports.models import Category, Report
    from surveys.models import Question, Survey
    from surveys.services import question_save, survey_create

    name = f"Browser-Fragen {uuid.uuid4().hex[:4]}"
    with schema_context(_schema()):
        survey = survey_create(title=f"Fragen {name}", state=Survey.State.DRAFT)
        question_save(
            question=Question(survey=survey, section=survey.sections.get(), kind="single", code="DAUER",
                              required=True, text="Seit wann besteht der Mangel?"),
            options=[("h", "seit heute"), ("w", "seit über einer Woche")],
        )  # fmt: skip
        category = Category.objects.create(name=name, questions=survey)
    yield category
    with schema_context(_schema()):
        Report.objects.filter(category=category).delete()
        category.delete()
        survey.delete()


def test_choosing_the_category_shows_its_questions_and_the_answer_is_kept(page, live_url, questioned_category):
    from reports.models import Report

    page.goto(live_url("kassel", "/maengel/melden/"))
    assert page.get_by_text("Seit wann besteht der Mangel?").count() == 0
    page.get_by_label("Adresse oder Ortsbeschreibung").fill("51.3127, 9.4797")
    page.locator("#id_category").select_option(label=questioned_category.name)
    page.get_by_text("Seit wann besteht der Mangel?").wait_for()
    page.get_by_label("seit über einer Woche").check()
    page.locator("#id_description").fill("Browser: Schild umgefahren")
    page.locator("#id_email").fill(f"fragen-{uuid.uuid4().hex[:6]}@example.org")
    assert axe_violations(page) == []
    screenshot(page, "reportq-category-questions")
    page.get_by_role("button", name="Meldung absenden").click()
    page.wait_for_url("**/maengel/danke/**")
    with schema_context(_schema()):
        report = Report.objects.get(category=questioned_category)
        assert report.answers == {"DAUER": "seit über einer Woche"}
