"""Responses: storing a completed questionnaire once, online or typed in from paper."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..forms import is_visible
from ..models import AccessCode, Answer, Participation, Question, Response, Survey
from .base import SurveyError, audit

Kind = Question.Kind


def _answer_rows(*, survey: Survey, response: Response, questions: list[Question], answers: dict) -> list[Answer]:
    rows: list[Answer] = []
    for q in questions:
        value = answers.get(str(q.pk))
        if value in (None, "", [], {}) or not is_visible(q, answers):
            continue
        new: list[Answer] = []

        def add(_new=new, _q=q, **kw):
            _new.append(Answer(survey=survey, response=response, question=_q, **kw))

        if q.kind in (Kind.SINGLE, Kind.RATING):
            if isinstance(value, dict):
                add(option_id=value["o"], text=value.get("other", ""))
            else:
                add(option_id=value)
        elif q.kind == Kind.MULTIPLE:
            other_ids = {o.pk for o in q.options.all() if o.is_other}
            for pk in value["o"]:
                add(option_id=pk, text=value.get("other", "") if pk in other_ids else "")
        elif q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            add(text=value)
        elif q.kind == Kind.NUMBER:
            add(number=Decimal(value))
        elif q.kind == Kind.DATE:
            add(date=datetime.date.fromisoformat(value))
        elif q.kind == Kind.MATRIX:
            for row_id, option_id in value.items():
                add(row_id=int(row_id), option_id=option_id)
        elif q.kind == Kind.RANKING:
            for option_id, rank in value.items():
                add(option_id=int(option_id), number=Decimal(rank))
        elif q.kind == Kind.MAP_POINT:
            add(lat=value.get("lat"), lng=value.get("lng"), text=value.get("text", ""))
        for i, a in enumerate(new):
            a.is_first = i == 0
        rows += new
    return rows


class EmptyResponseError(SurveyError):
    """A questionnaire with no answer at all: it would count as a response and block the person."""


def has_any_answer(questions: list[Question], answers: dict) -> bool:
    """Whether at least one visible question has an answer."""
    return any(answers.get(str(q.pk)) not in (None, "", [], {}) and is_visible(q, answers) for q in questions)


def response_submit(
    *,
    survey: Survey,
    questions: list[Question],
    answers: dict,
    token: str | uuid.UUID,
    user=None,
    access_code: AccessCode | None = None,
    channel: str = Response.Channel.ONLINE,
    actor=None,
) -> Response:
    """Store a completed questionnaire once.

    A questionnaire without a single answer is refused (``EmptyResponseError``), online and on
    paper: it would count as a response and block the person from answering again.
    A repeated submit with the same token returns the response stored the first time. In an
    anonymous survey neither the user nor the code is stored with the response; the code is
    only marked used and its unfinished answers are deleted.
    """
    token = uuid.UUID(str(token))
    existing = Response.objects.filter(survey=survey, token=token).first()
    if existing is not None:
        return existing
    if not has_any_answer(questions, answers):
        raise EmptyResponseError(_("Please answer at least one question before you submit the questionnaire."))
    if channel == Response.Channel.ONLINE and not survey.is_open():
        raise SurveyError(_("This survey is not open for answers."))
    try:
        with transaction.atomic():
            if access_code is not None:
                # Locks the code: two submits with one code cannot both pass.
                code = AccessCode.objects.select_for_update().get(pk=access_code.pk)
                if code.used_at is not None:
                    raise SurveyError(_("This access code is not valid or has already been used."))
                code.used_at = timezone.now()
                code.draft = {}
                code.save(update_fields=["used_at", "draft"])
            elif survey.audience == Survey.Audience.ACCESS_CODE and channel == Response.Channel.ONLINE:
                raise SurveyError(_("This survey can only be answered with an access code."))
            if user is not None and user.is_authenticated and channel == Response.Channel.ONLINE:
                if survey.one_response_per_person:
                    Participation.objects.create(survey=survey, user=user)
            elif survey.audience == Survey.Audience.LOGGED_IN and channel == Response.Channel.ONLINE:
                raise SurveyError(_("Please log in to answer this survey."))
            keep_link = not survey.anonymous
            response = Response.objects.create(
                survey=survey,
                token=token,
                channel=channel,
                user=user if keep_link and user is not None and user.is_authenticated else None,
                access_code=access_code if keep_link else None,
                submitted_at=None if survey.anonymous else timezone.now(),
            )
            Answer.objects.bulk_create(
                _answer_rows(survey=survey, response=response, questions=questions, answers=answers)
            )
            if channel == Response.Channel.PAPER:
                audit(survey=survey, action="survey.paper_entry", actor=actor, with_code=access_code is not None)
    except IntegrityError as exc:
        existing = Response.objects.filter(survey=survey, token=token).first()
        if existing is not None:
            return existing
        raise SurveyError(_("You have already answered this survey.")) from exc
    return response
