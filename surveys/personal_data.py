"""A citizen's survey data for the data export and account deletion (registered in ``apps``).

Responses to anonymous surveys are not linked to anyone, so they are neither exported nor
deleted; only that the person took part (``Participation``) is, which holds no answers.
"""

from __future__ import annotations

from collections import defaultdict

from .models import Answer, Participation, Response


def _answer_text(answer: Answer) -> str:
    if answer.row_id is not None:
        return f"{answer.row.label}: {answer.option.label if answer.option_id else ''}".strip()
    if answer.option_id is not None:
        text = answer.option.label
        if answer.number is not None:  # a ranking: the place of this item
            text = f"{answer.number.normalize():f}. {text}"
        return f"{text}: {answer.text}" if answer.text else text
    if answer.lat is not None:
        return f"{answer.lat:.6f}, {answer.lng:.6f}" + (f" ({answer.text})" if answer.text else "")
    if answer.number is not None:
        return f"{answer.number.normalize():f}"
    if answer.date is not None:
        return answer.date.isoformat()
    return answer.text


def export(user) -> dict:
    """The person's answers to non-anonymous surveys (question text and answer) and participations."""
    responses = []
    for response in Response.objects.filter(user=user).select_related("survey").order_by("submitted_on", "pk"):
        answers: dict[int, dict] = {}
        values = defaultdict(list)
        rows = (
            Answer.objects.filter(response=response)
            .select_related("question", "option", "row")
            .order_by("question__section__position", "question__position", "question_id", "pk")
        )
        for answer in rows:
            answers.setdefault(answer.question_id, {"question": answer.question.text})
            values[answer.question_id].append(_answer_text(answer))
        for question_id, item in answers.items():
            item["answer"] = "; ".join(v for v in values[question_id] if v)
        responses.append(
            {
                "survey": response.survey.title,
                "submitted_at": response.submitted_at or response.submitted_on,
                "channel": response.get_channel_display(),
                "answers": list(answers.values()),
            }
        )
    participations = [
        {"survey": p.survey.title, "date": p.created_at}
        for p in Participation.objects.filter(user=user).select_related("survey").order_by("created_at", "pk")
    ]
    return {"responses": responses, "participations": participations}


def erase(user) -> None:
    """Delete the person's responses to non-anonymous surveys (with their answers) and participations."""
    Response.objects.filter(user=user).delete()
    Participation.objects.filter(user=user).delete()
