"""Extra registration questions: an event links a question set built with the surveys builder, and
the registration form asks its questions with the surveys' own code (``surveys.forms.parse_answers``
validates them, ``surveys/_question.html`` renders them). There is no second form engine here;
this module only turns the parsed answers into readable text, kept with the registration by
question code (for the attendee list, the exports and the personal-data export)."""

from __future__ import annotations

import datetime

from surveys.forms import parse_answers
from surveys.models import Question, Survey
from surveys.selectors import all_questions, survey_structure

Kind = Question.Kind


def questions_of(survey_id: int | None) -> list[Question]:
    """The questions of the linked set, in order, with their options (three queries); [] without one."""
    if not survey_id:
        return []
    survey = Survey.objects.filter(pk=survey_id).first()
    return all_questions(survey_structure(survey)) if survey else []


def parse(questions: list[Question], data) -> tuple[dict, dict]:
    """The surveys' own parsing and validation: ``(answers by question id, errors by question id)``."""
    return parse_answers(questions, data, {})


def question_views(questions: list[Question], answers: dict, errors: dict, data=None) -> list[dict]:
    """What ``surveys/_question.html`` needs per question (the surveys' own view helper)."""
    from surveys.views import _question_views

    return _question_views(questions, answers, errors, data)


def _label(options: dict, pk) -> str:
    option = options.get(int(pk)) if str(pk).isdigit() else None
    return option.label if option else ""


def answer_text(question: Question, value) -> str:  # noqa: C901 - one branch per question type
    """One answer as a line of text, e.g. ``"vegetarisch"`` or ``"Licht: sehr wichtig; Wege: wichtig"``."""
    options = {o.pk: o for o in question.options.all()}
    if question.kind in (Kind.SINGLE, Kind.RATING):
        if isinstance(value, dict):
            label = _label(options, value["o"])
            return f"{label}: {value['other']}" if value.get("other") else label
        return _label(options, value)
    if question.kind == Kind.MULTIPLE:
        labels = [_label(options, pk) for pk in value["o"]]
        other = value.get("other", "")
        return "; ".join(f"{label}: {other}" if options[pk].is_other and other else label
                         for label, pk in zip(labels, value["o"], strict=True))  # fmt: skip
    if question.kind == Kind.DATE:
        return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
    if question.kind == Kind.MATRIX:
        return "; ".join(f"{_label(options, row)}: {_label(options, pk)}" for row, pk in value.items())
    if question.kind == Kind.RANKING:
        ranked = sorted(value.items(), key=lambda item: item[1])
        return "; ".join(f"{rank}. {_label(options, pk)}" for pk, rank in ranked)
    if question.kind == Kind.MAP_POINT:
        parts = [f"{value['lat']}, {value['lng']}" if value.get("lat") is not None else "", value.get("text", "")]
        return " – ".join(part for part in parts if part)
    return str(value)


def answer_texts(questions: list[Question], answers: dict) -> dict[str, str]:
    """The answers to keep with a registration: ``{question code: text}`` in question order."""
    return {q.code: answer_text(q, answers[str(q.pk)]) for q in questions if str(q.pk) in answers}


def columns(survey_id: int | None) -> list[tuple[str, str]]:
    """``(code, question text)`` of the linked set, for the attendee list and the exports."""
    if not survey_id:
        return []
    return list(Question.objects.filter(survey_id=survey_id).order_by("section__position", "position", "pk")
                .values_list("code", "text"))  # fmt: skip
