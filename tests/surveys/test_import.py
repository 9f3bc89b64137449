"""LimeSurvey .lss import (two real exports and a richer hand-made one) and the JSON round trip."""

from pathlib import Path

import pytest

from surveys.importers import ImportError_, survey_to_json
from surveys.models import Question
from surveys.services import survey_copy
from surveys.services import survey_import_json as survey_from_json
from surveys.services import survey_import_lss as survey_from_lss
from tests.surveys.factories import make_survey

DATA = Path(__file__).with_name("data")
Kind = Question.Kind


def test_blank_limesurvey_export(in_kassel):
    report = survey_from_lss(content=(DATA / "blank-survey.lss").read_bytes())
    survey = report.survey
    assert survey.title == "blank survey one question one language"
    assert survey.state == "draft"
    question = survey.questions.get()
    assert (question.code, question.kind, question.text) == ("Q00", Kind.LONG_TEXT, "this is an example question")
    assert report.problems == []


def test_two_language_export_takes_one_language(in_kassel):
    report = survey_from_lss(content=(DATA / "one-question-two-languages.lss").read_bytes())
    assert report.questions == 1
    question = report.survey.questions.get()
    assert question.kind == Kind.LONG_TEXT and question.text == "Q1"  # both languages left the text empty
    assert any("Q1" in p and "keinen Text" in p for p in report.problems)
    assert report.survey.sections.get().title == "G1"


def test_rich_export_with_list_multiple_text_array_types(in_kassel):
    report = survey_from_lss(content=(DATA / "rich-survey.lss").read_bytes())
    survey = report.survey
    assert survey.title == "Sicherheit in der Stadt"  # German chosen over the base language
    assert "Wie sicher fühlen Sie sich?" in survey.intro and survey.thank_you == "Danke!"
    assert [s.title for s in survey.sections.all()] == ["Über Sie", "Ihre Meinung"]
    q = {x.code: x for x in survey.questions.all()}
    assert q["Q1"].kind == Kind.SINGLE and q["Q1"].required and q["Q1"].text == "Wie alt sind Sie?"
    assert [(o.value, o.label) for o in q["Q1"].options.all()] == [("A1", "unter 30"), ("A2", "30 bis 59"),
                                                                    ("A3", "60 und älter")]
    assert q["Q2"].kind == Kind.MULTIPLE and q["Q2"].allow_other
    assert [o.label for o in q["Q2"].options.all()] == ["Auto", "Fahrrad", "Bus & Bahn", "Sonstiges, bitte angeben"]
    assert q["Q3"].kind == Kind.SHORT_TEXT
    assert q["Q3"].show_if_question == q["Q1"] and q["Q3"].show_if_option.value == "A1"
    assert q["Q4"].kind == Kind.LONG_TEXT and q["Q5"].kind == Kind.NUMBER
    assert q["Q6"].kind == Kind.MATRIX
    assert [o.label for o in q["Q6"].options.filter(is_row=True)] == ["Grünflächen", "Beleuchtung"]
    assert [o.label for o in q["Q6"].options.filter(is_row=False)] == ["zufrieden", "unzufrieden"]
    assert q["Q7"].kind == Kind.RATING and q["Q7"].options.count() == 5
    assert q["Q8"].kind == Kind.DATE and q["Q9"].kind == Kind.RANKING
    assert q["Q11"].kind == Kind.SINGLE and q["Q12"].kind == Kind.SINGLE
    assert "Q10" not in q
    assert report.questions == 11
    problems = " ".join(report.problems)
    assert "Q10" in problems and "file upload" in problems
    assert "Q11" in problems and "Q5 > 3" in problems


@pytest.mark.parametrize("content", [b"not xml", b"<?xml version='1.0'?><document><x/></document>",
                                     b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'])
def test_bad_lss_is_refused(in_kassel, content):
    with pytest.raises(ImportError_):
        survey_from_lss(content=content)


def test_json_round_trip_and_copy(in_kassel):
    original = make_survey()
    data = survey_to_json(survey=original)
    clone = survey_from_json(data=data, title="Kopie für den Test")
    assert survey_to_json(survey=clone)["sections"] == data["sections"]
    assert clone.state == "draft" and clone.slug != original.slug
    school = clone.questions.get(code="school")
    assert school.show_if_question.survey == clone and school.show_if_option.value == "1"
    copy = survey_copy(survey=original)
    assert copy.title.startswith("Kopie von") and copy.questions.count() == original.questions.count()
    with pytest.raises(ImportError_):
        survey_from_json(data={"format": "something else"})
