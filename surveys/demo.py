"""Demo content of surveys for `make run` (registered in ``apps``; run inside each demo municipality)."""

from .models import Question, Survey
from .services import question_save, survey_create, survey_publish

DEMO_SURVEY_SLUG = "sicherheit-im-quartier"


def demo_survey(municipality) -> None:
    """A short published safety survey (in the spirit of KOMPASS), so /umfragen/ is not empty."""
    if Survey.objects.filter(slug=DEMO_SURVEY_SLUG).exists():
        return
    Kind = Question.Kind
    survey = survey_create(
        title=f"Sicherheit im Quartier: Wie sicher fühlen Sie sich in {municipality.name}?",
        slug=DEMO_SURVEY_SLUG,
        intro="Die Befragung dauert etwa drei Minuten. Ihre Antworten sind anonym.",
        anonymous=True,
    )
    section = survey.sections.get()
    scale = [("1", "sehr unsicher"), ("2", "eher unsicher"), ("3", "eher sicher"), ("4", "sehr sicher")]
    for code, kind, text, options, extra in (
        ("tag", Kind.RATING, "Wie sicher fühlen Sie sich tagsüber in Ihrem Wohnviertel?", scale, {"dont_know": True}),
        ("nacht", Kind.RATING, "Wie sicher fühlen Sie sich nachts in Ihrem Wohnviertel?", scale, {"dont_know": True}),
        ("ort", Kind.MAP_POINT, "Wo fühlen Sie sich unsicher?", None, {"required": False}),
        ("alter", Kind.SINGLE, "Wie alt sind Sie?", [("1", "unter 30"), ("2", "30 bis 59"), ("3", "60 und älter")], {}),
        ("idee", Kind.LONG_TEXT, "Was würde Ihr Sicherheitsgefühl verbessern?", None, {"required": False}),
    ):
        question_save(
            question=Question(survey=survey, section=section, kind=kind, code=code, text=text, **extra),
            options=options,
        )
    survey_publish(survey=survey)
