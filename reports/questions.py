"""Extra questions per report category: a category links a question set built with the surveys
builder; the report form asks its questions with the surveys' own code, exactly as the events'
registration form does (the helpers are the events' ones, which only wrap ``surveys``). The
answers are kept with the report as readable text by question code."""

from __future__ import annotations

from events.questions import answer_texts, columns, parse, question_views, questions_of

__all__ = ["answer_texts", "columns", "parse", "question_views", "questions_of", "category_id_of"]


def category_id_of(data) -> int | None:
    """The category chosen in a posted form (its questions are asked), or None."""
    value = (data or {}).get("category", "")
    return int(value) if str(value).isdigit() else None


def answer_rows(report) -> list[tuple[str, str]]:
    """``(question text, answer)`` for a report: the category's questions in order, then answers whose
    question has gone from the set since (labelled with their code)."""
    if not report.answers:
        return []
    labels = dict(columns(report.category.questions_id))
    rows = [(text, report.answers[code]) for code, text in labels.items() if code in report.answers]
    return rows + [(code, text) for code, text in report.answers.items() if code not in labels]


def answers_line(report, cache: dict | None = None) -> str:
    """All answers of a report in one cell (exports), in question order: ``"CODE: answer | CODE: answer"``.

    ``cache`` keeps each question set's order across the rows of one export (jsonb does not keep it)."""
    if not report.answers:
        return ""
    cache = {} if cache is None else cache
    survey_id = report.category.questions_id
    if survey_id not in cache:
        cache[survey_id] = [code for code, _text in columns(survey_id)]
    order = cache[survey_id]
    codes = [c for c in order if c in report.answers] + sorted(c for c in report.answers if c not in order)
    return " | ".join(f"{code}: {report.answers[code]}" for code in codes)
