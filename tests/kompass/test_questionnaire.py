"""The KOMPASS questionnaire: the shipped template, the survey made from it, locked core items,
and new template versions that must stay comparable."""

import copy

import pytest
from django_tenants.utils import schema_context

from kompass import services
from kompass.state.models import QuestionnaireTemplate
from surveys.models import Question
from surveys.services import SurveyError, question_delete, question_move, question_save

DISTRICTS = ["Mitte", "Nord-Holland", "Wesertor", "Bettenhausen"]


def test_version_one_covers_the_programme_and_has_a_short_variant(db):
    full = QuestionnaireTemplate.objects.get(version=1, variant="full")
    short = QuestionnaireTemplate.objects.get(version=1, variant="short")
    codes = set(full.questions())
    assert {"K_SEX", "K_AGE", "K_DISTRICT", "K_YEARS", "K_SAFE_DAY", "K_SAFE_NIGHT", "K_WORRY", "K_AVOID",
            "K_PLACES", "K_PLACE_WHY", "K_PROBLEMS", "K_VICTIM", "K_REPORTED", "K_TRUST", "K_PATROL", "K_URGENT",
            "K_IDEAS"} <= codes  # fmt: skip
    worry = {v for v, _label in full.questions()["K_WORRY"]["rows"]}
    assert worry == {"burglary", "theft", "robbery", "assault", "harassment", "fraud"}
    problems = {v for v, _label in full.questions()["K_PROBLEMS"]["rows"]}
    assert problems == {"litter", "graffiti", "lighting", "traffic", "noise", "drugs", "groups"}
    assert full.questions()["K_SAFE_NIGHT"]["dont_know"] and len(full.questions()["K_SAFE_NIGHT"]["options"]) == 4
    assert set(short.questions()) < codes and "K_SAFE_NIGHT" in short.questions()
    assert full.slots == {"K_DISTRICT": "districts"}


def test_survey_from_template_fills_districts_and_locks_core_items(admitted_kassel, kassel, kassel_admin):
    response = kassel_admin.post("/cms/kompass/umfrage/", {"variant": "full", "districts": "\n".join(DISTRICTS)})
    assert response.status_code == 302
    with schema_context(kassel.schema_name):
        district = Question.objects.get(code="K_DISTRICT")
        assert [o.label for o in district.options.order_by("position")] == DISTRICTS
        survey = district.survey
        assert survey.kompass.round == 1 and survey.kompass.template_version == 1
        assert survey.questions.count() == len(QuestionnaireTemplate.objects.get(version=1, variant="full").core)
        night = Question.objects.get(code="K_SAFE_NIGHT")
        night.text = "Fühlen Sie sich wohl?"
        with pytest.raises(SurveyError, match="Kernfrage"):
            question_save(question=night, options=[("1", "ja")])
        with pytest.raises(SurveyError):
            question_delete(question=Question.objects.get(code="K_IDEAS"))
        with pytest.raises(SurveyError):
            question_move(question=Question.objects.get(code="K_SAFE_DAY"), up=False)
        assert Question.objects.get(code="K_SAFE_NIGHT").text.startswith("Wie sicher")
        # A local question of the municipality is free to change.
        local = question_save(
            question=Question(survey=survey, section=night.section, kind="short_text", code="L1", text="Lokal?")
        )
        local.text = "Lokale Frage"
        question_save(question=local)
        question_delete(question=local)
    participation = services.Participation.objects.get(pk=admitted_kassel.pk)
    assert participation.status == "survey"


def test_the_survey_builder_refuses_locked_items_in_the_admin(admitted_kassel, kassel, kassel_admin):
    kassel_admin.post("/cms/kompass/umfrage/", {"variant": "short", "districts": "Mitte\nNord"})
    with schema_context(kassel.schema_name):
        q = Question.objects.get(code="K_SAFE_DAY")
    response = kassel_admin.post(f"/cms/umfragen/{q.survey_id}/fragen/{q.pk}/delete/", follow=True)
    assert "KOMPASS-Kernfrage" in response.content.decode()
    page = kassel_admin.get(f"/cms/umfragen/{q.survey_id}/fragen/{q.pk}/")
    assert "KOMPASS-Kernfrage" in page.content.decode()
    with schema_context(kassel.schema_name):
        assert Question.objects.get(pk=q.pk).text.startswith("Wie sicher")


def test_survey_from_template_needs_admission_and_two_districts(kassel, kassel_admin):
    response = kassel_admin.post("/cms/kompass/umfrage/", {"variant": "full", "districts": "Mitte\nNord"})
    assert response.status_code == 200 and "Nur eine aufgenommene Kommune" in response.content.decode()


def test_only_district_list_invalid_is_refused(admitted_kassel, kassel_admin):
    response = kassel_admin.post("/cms/kompass/umfrage/", {"variant": "full", "districts": "Mitte"})
    assert response.status_code == 200 and "mindestens zwei" in response.content.decode()


def test_new_template_versions_keep_core_items_comparable(db):
    current = QuestionnaireTemplate.objects.get(version=1, variant="full")
    reworded = copy.deepcopy(current.structure)
    reworded["sections"][1]["questions"][1]["text"] = "Wie sicher fühlen Sie sich nachts allein draußen?"
    v2 = services.template_version_add(structure=reworded, actor="office")
    assert v2.version == 2 and set(v2.core) >= set(current.core)
    changed = copy.deepcopy(reworded)
    changed["sections"][1]["questions"][1]["options"] = [["1", "sicher"], ["2", "unsicher"]]
    with pytest.raises(services.KompassError, match="K_SAFE_NIGHT"):
        services.template_version_add(structure=changed, actor="office")
    dropped = copy.deepcopy(reworded)
    dropped["sections"][1]["questions"] = dropped["sections"][1]["questions"][2:]
    with pytest.raises(services.KompassError, match="K_SAFE_DAY"):
        services.template_version_add(structure=dropped, actor="office")
    assert QuestionnaireTemplate.objects.filter(variant="full").count() == 2
