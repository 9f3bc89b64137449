"""The rendered questions of an unanswered page are cached; an edit or an answer must show at once."""

from django_tenants.utils import schema_context

from surveys.models import Question
from tests.surveys.factories import make_big_survey


def test_cached_page_shows_a_question_edit_at_once(in_kassel, client_for):
    survey = make_big_survey(3)
    client = client_for(in_kassel)
    client.post(f"/umfragen/{survey.slug}/")
    first = client.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    question = Question.objects.filter(survey=survey).order_by("position", "pk").first()
    assert question.text in first
    question.text = "Wie sicher fühlen Sie sich am Bahnhof?"
    question.save()
    assert "Wie sicher fühlen Sie sich am Bahnhof?" in client.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()


def test_cached_page_never_shows_another_persons_answers_or_another_town(in_kassel, marburg, client_for):
    survey = make_big_survey(6)  # the sixth question is a short text
    anna = client_for(in_kassel)
    anna.post(f"/umfragen/{survey.slug}/")
    page = anna.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    question = Question.objects.get(survey=survey, kind="short_text")
    anna.post(f"/umfragen/{survey.slug}/seite/1/", {"action": "back", f"q{question.pk}": "Annas Antwort"})
    assert "Annas Antwort" in anna.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    ben = client_for(in_kassel)
    ben.post(f"/umfragen/{survey.slug}/")
    ben_page = ben.get(f"/umfragen/{survey.slug}/seite/1/").content.decode()
    assert "Annas Antwort" not in ben_page
    assert page.count('name="q') == ben_page.count('name="q')
    with schema_context(marburg.schema_name):
        assert client_for(marburg).get(f"/umfragen/{survey.slug}/seite/1/").status_code in (302, 404)
