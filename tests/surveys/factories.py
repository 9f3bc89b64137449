"""Surveys for tests: one with every question type, and bulk responses."""

from __future__ import annotations

import uuid

from surveys.models import Question, Section, Survey
from surveys.services import question_save, survey_create

Kind = Question.Kind


def make_survey(title: str | None = None, *, state: str = Survey.State.PUBLISHED, pages: int = 2, **fields) -> Survey:
    """Page 1: single (with other), multiple (with other), rating with don't know, matrix, number,
    date; page 2: short/long text, ranking, map point, and a conditional question."""
    survey = survey_create(title=title or f"Umfrage {uuid.uuid4().hex[:6]}", **fields)
    first = survey.sections.get()
    second = Section.objects.create(survey=survey, position=1, title="Seite 2") if pages > 1 else first

    def q(section, kind, code, text, options=None, rows=None, **kw):
        return question_save(
            question=Question(survey=survey, section=section, kind=kind, code=code, text=text, **kw),
            options=options,
            rows=rows,
        )

    q(
        first,
        Kind.SINGLE,
        "age",
        "Wie alt sind Sie?",
        [("1", "unter 30"), ("2", "30 bis 59"), ("3", "60 und älter")],
        required=True,
    )
    q(
        first,
        Kind.MULTIPLE,
        "transport",
        "Wie sind Sie unterwegs?",
        [("car", "Auto"), ("bike", "Rad"), ("bus", "Bus")],
        allow_other=True,
    )
    q(
        first,
        Kind.RATING,
        "safe",
        "Wie sicher fühlen Sie sich nachts?",
        [("1", "sehr unsicher"), ("2", "eher unsicher"), ("3", "eher sicher"), ("4", "sehr sicher")],
        dont_know=True,
    )
    q(
        first,
        Kind.MATRIX,
        "parks",
        "Wie zufrieden sind Sie mit …",
        [("1", "unzufrieden"), ("2", "teils"), ("3", "zufrieden")],
        rows=[("green", "Grünflächen"), ("light", "Beleuchtung")],
    )
    q(first, Kind.NUMBER, "years", "Seit wie vielen Jahren wohnen Sie hier?", min_value=0, max_value=120)
    q(first, Kind.DATE, "visit", "Wann waren Sie zuletzt im Park?")
    q(second, Kind.SHORT_TEXT, "district", "In welchem Stadtteil wohnen Sie?")
    q(second, Kind.LONG_TEXT, "wish", "Was wünschen Sie sich?")
    q(
        second,
        Kind.RANKING,
        "priorities",
        "Was ist Ihnen wichtig?",
        [("a", "Sauberkeit"), ("b", "Licht"), ("c", "Bänke")],
    )
    q(second, Kind.MAP_POINT, "place", "Wo fühlen Sie sich unsicher?", map_center_lat=51.31, map_center_lng=9.48)
    young = survey.questions.get(code="age").options.get(value="1")
    q(
        second,
        Kind.SHORT_TEXT,
        "school",
        "Welche Schule besuchen Sie?",
        show_if_question=young.question,
        show_if_option=young,
    )
    if state != Survey.State.DRAFT:
        Survey.objects.filter(pk=survey.pk).update(state=state)
        survey.refresh_from_db()
    return survey


def opt(survey: Survey, code: str, value: str) -> int:
    return survey.questions.get(code=code).options.get(value=value).pk


def row(survey: Survey, code: str, value: str) -> int:
    return survey.questions.get(code=code).options.get(value=value, is_row=True).pk


def qname(survey: Survey, code: str) -> str:
    return f"q{survey.questions.get(code=code).pk}"


def make_big_survey(n: int, title: str | None = None) -> Survey:
    """``n`` questions on one page, cycling through the types citizens see most."""
    survey = survey_create(title=title or f"Groß {n} {uuid.uuid4().hex[:6]}")
    section = survey.sections.get()
    scale = [("1", "gar nicht"), ("2", "wenig"), ("3", "teils"), ("4", "ziemlich"), ("5", "sehr")]
    for i in range(n):
        kind = [Kind.SINGLE, Kind.RATING, Kind.MULTIPLE, Kind.MATRIX, Kind.NUMBER, Kind.SHORT_TEXT][i % 6]
        question_save(
            question=Question(
                survey=survey,
                section=section,
                kind=kind,
                code=f"F{i + 1}",
                text=f"Frage {i + 1}?",
                min_value=0 if kind == Kind.NUMBER else None,
                max_value=100 if kind == Kind.NUMBER else None,
            ),
            options=scale if kind in (Kind.RATING, Kind.MATRIX) else [(str(j), f"Antwort {j}") for j in range(1, 6)],
            rows=[("a", "Punkt A"), ("b", "Punkt B"), ("c", "Punkt C")] if kind == Kind.MATRIX else None,
        )
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.PUBLISHED)
    survey.refresh_from_db()
    return survey
