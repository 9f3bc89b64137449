"""LimeSurvey .lss import (two real exports and a richer hand-made one) and the JSON round trip."""

import ast
import html
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from platform_core.models import AuditEntry
from surveys import importers
from surveys.importers import ImportError_, survey_to_json
from surveys.models import Question, Section, Survey
from surveys.services import survey_copy
from surveys.services import survey_import_json as survey_from_json
from surveys.services import survey_import_lss as survey_from_lss
from tests.surveys.factories import make_survey
from tests.surveys.test_building import admin_client

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
    assert [(o.value, o.label) for o in q["Q1"].options.all()] == [
        ("A1", "unter 30"),
        ("A2", "30 bis 59"),
        ("A3", "60 und älter"),
    ]
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


@pytest.mark.parametrize(
    "content",
    [
        b"not xml",
        b"<?xml version='1.0'?><document><x/></document>",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
    ],
)
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


# --- Malformed files: a German report, nothing half-made, never a 500 -------------------------


def _valid_json() -> dict:
    return {
        "format": "beteiligung-hessen-survey",
        "version": 1,
        "title": "Import-Test",
        "settings": {"audience": "everyone", "anonymous": True},
        "sections": [
            {
                "title": "Seite",
                "description": "",
                "questions": [
                    {"code": "Q1", "kind": "number", "text": "Wie viele?", "min_value": "0", "max_value": "10"},
                    {"code": "Q2", "kind": "single", "text": "Welche?", "options": [["a", "A"], ["b", "B"]]},
                ],
            }
        ],
    }


def _broken(change) -> bytes:
    data = _valid_json()
    change(data)
    return json.dumps(data).encode()


def _q(data, key, value):
    data["sections"][0]["questions"][0][key] = value


MALFORMED = {
    "sections_not_a_list": (_broken(lambda d: d.update(sections={"a": 1})), "Seiten: eine Liste wird erwartet."),
    "section_not_an_object": (_broken(lambda d: d.update(sections=["Seite 1"])), "Seite 1: ein Objekt wird erwartet."),
    "questions_not_a_list": (
        _broken(lambda d: d["sections"][0].update(questions="Q1")),
        "Seite 1: die Fragen müssen eine Liste sein.",
    ),
    "question_not_an_object": (
        _broken(lambda d: d["sections"][0].update(questions=[["Q1"]])),
        "Seite 1, Frage 1: ein Objekt wird erwartet.",
    ),
    "min_value_not_a_number": (
        _broken(lambda d: _q(d, "min_value", "zehn")),
        "Seite 1, Frage 1, min_value: „zehn“ ist keine Zahl.",
    ),
    "min_value_a_list": (
        _broken(lambda d: _q(d, "min_value", [1])),
        "Seite 1, Frage 1, min_value: eine Zahl wird erwartet.",
    ),
    "min_value_infinite": (_broken(lambda d: _q(d, "min_value", "Infinity")), "„Infinity“ ist keine Zahl."),
    "min_value_too_large": (_broken(lambda d: _q(d, "min_value", "1e20")), "Seite 1, Frage 1"),
    "unknown_kind": (_broken(lambda d: _q(d, "kind", "essay")), "unbekannter Fragetyp „essay“."),
    "unknown_audience": (
        _broken(lambda d: d["settings"].update(audience="aliens")),
        "Einstellungen, audience: unbekannte Zielgruppe „aliens“.",
    ),
    "nul_in_title": (_broken(lambda d: d.update(title="Umfrage\x00")), "Titel: der Text enthält ein Null-Byte (NUL)."),
    "nul_in_question": (_broken(lambda d: _q(d, "text", "Wie\x00viele?")), "Null-Byte"),
    "options_not_pairs": (_broken(lambda d: d["sections"][0]["questions"][1].update(options=["a", "b"])), "Wertepaar"),
    "duplicate_codes": (_broken(lambda d: d["sections"][0]["questions"][1].update(code="Q1")), "Seite 1, Frage 2"),
    "not_json": (b"\xff\xfe garbage \x00", "Dies ist keine Umfragedatei dieser Plattform."),
    "json_but_a_list": (b"[1, 2, 3]", "Dies ist keine Umfragedatei dieser Plattform."),
    "deeply_nested": (b"[" * 100000 + b"]" * 100000, "Dies ist keine Umfragedatei dieser Plattform."),
    "broken_xml": (b"<?xml version='1.0'?><document><LimeSurveyDocType>Survey", "LimeSurvey"),
    "xml_nul_reference": (
        b"<?xml version='1.0'?><document><LimeSurveyDocType>Survey&#0;</LimeSurveyDocType></document>",
        "LimeSurvey",
    ),
}


@pytest.mark.parametrize("content,message", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_import_answers_with_a_report_and_creates_nothing(in_kassel, client_for, content, message):
    client = admin_client(client_for, in_kassel)
    counts = (Survey.objects.count(), Section.objects.count(), Question.objects.count(), AuditEntry.objects.count())
    upload = SimpleUploadedFile("umfrage.json", content, content_type="application/octet-stream")
    response = client.post("/cms/umfragen/import/", {"file": upload, "title": ""})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert (
        Survey.objects.count(),
        Section.objects.count(),
        Question.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_every_problem_of_a_file_is_reported_at_once(in_kassel):
    data = _valid_json()
    _q(data, "min_value", "viel")
    data["settings"]["audience"] = "niemand"
    data["sections"][0]["questions"][1]["kind"] = "essay"
    with pytest.raises(ImportError_) as caught:
        survey_from_json(data=data)
    assert len(caught.value.problems) == 3


def test_a_valid_file_still_imports_through_the_admin(in_kassel, client_for):
    client = admin_client(client_for, in_kassel)
    upload = SimpleUploadedFile("umfrage.json", json.dumps(_valid_json()).encode())
    response = client.post("/cms/umfragen/import/", {"file": upload, "title": ""})
    survey = Survey.objects.get(title="Import-Test")
    assert response.status_code == 302 and response["Location"] == f"/cms/umfragen/{survey.pk}/"
    assert [q.code for q in survey.questions.all()] == ["Q1", "Q2"]
    assert survey.questions.get(code="Q1").min_value == 0


def test_lss_with_odd_orders_and_unknown_type_is_reported(in_kassel):
    content = (DATA / "rich-survey.lss").read_bytes().replace(b"<group_order>", b"<group_order>x", 1)
    report = survey_from_lss(content=content)
    assert report.questions == 11 and report.survey.sections.count() == 2


def _imported_modules(source: str) -> set[str]:
    """Every module a file imports, at the top or inside a function, relative ones with their dots."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            dots = "." * node.level
            if node.module:
                names.add(dots + node.module)
            else:
                names.update(dots + a.name for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


CYCLE_FREE = {
    "surveys/importers.py": {".services", "surveys.services", ".tasks", "surveys.tasks"},
    "surveys/services/building.py": {"..tasks", "surveys.tasks"},
    "surveys/services/exports.py": {"..tasks", "surveys.tasks"},
    "tenants/registration.py": {".tasks", "tenants.tasks"},
}


@pytest.mark.parametrize("module", CYCLE_FREE)
def test_no_import_cycles_between_services_importers_and_tasks(module):
    """The importers are parsers that never call a service; registration no longer imports the
    tasks module that imports it (each task sits beside its service)."""
    root = Path(__file__).resolve().parents[2]
    imported = _imported_modules((root / module).read_text())
    assert not imported & CYCLE_FREE[module]


def test_importers_do_not_write():
    source = Path(importers.__file__).read_text()
    assert "objects.create" not in source and ".save(" not in source and "transaction" not in source
