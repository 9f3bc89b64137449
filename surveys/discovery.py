"""What the core shows of surveys on the home page, "Beteiligung" and in the site search.

Registered as ``open_now`` / ``search`` in ``apps``; both run inside the municipality's schema
and return ``platform_core.registry.OpenItem``s. The estimated time comes from the questions:
a rough number of seconds per kind (a click for a choice, longer for free text, per row for a
matrix), rounded up to whole minutes.
"""

from __future__ import annotations

import math

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from platform_core.registry import OpenItem

from .models import Question, Survey
from .selectors import open_surveys

Kind = Question.Kind

# Seconds a typical person needs for one question of the kind; matrix and ranking per row/item.
SECONDS_PER_QUESTION = {
    Kind.SINGLE: 10,
    Kind.MULTIPLE: 15,
    Kind.RATING: 10,
    Kind.SHORT_TEXT: 30,
    Kind.LONG_TEXT: 90,
    Kind.NUMBER: 10,
    Kind.DATE: 15,
    Kind.MAP_POINT: 60,
}
SECONDS_PER_ROW = {Kind.MATRIX: 8, Kind.RANKING: 6}


def estimated_minutes(questions) -> int:
    """Minutes to answer questions given as (kind, rows) pairs; at least one minute."""
    seconds = 0
    for kind, rows in questions:
        if kind in SECONDS_PER_ROW:
            seconds += 10 + SECONDS_PER_ROW[kind] * max(rows, 1)
        else:
            seconds += SECONDS_PER_QUESTION.get(kind, 15)
    return max(1, math.ceil(seconds / 60))


def survey_durations(survey_ids) -> dict[int, int]:
    """Estimated minutes per survey, from one query over their questions."""
    rows = (
        Question.objects.filter(survey_id__in=list(survey_ids))
        .annotate(
            rows=Count("options", filter=Q(options__is_row=True)),
            items=Count("options", filter=Q(options__is_row=False)),
        )
        .values_list("survey_id", "kind", "rows", "items")
    )
    per_survey: dict[int, list] = {}
    for survey_id, kind, matrix_rows, items in rows:
        per_survey.setdefault(survey_id, []).append((kind, matrix_rows if kind == Kind.MATRIX else items))
    return {pk: estimated_minutes(questions) for pk, questions in per_survey.items()}


def _item(survey: Survey, minutes: int | None) -> OpenItem:
    return OpenItem(
        kind=_("Survey"),
        title=survey.title,
        url=reverse("surveys:start", args=[survey.slug]),
        summary=Truncator(survey.intro).words(30),
        starts_at=survey.opens_at,
        ends_at=survey.closes_at,
        duration_minutes=minutes,
    )


def _items(surveys) -> list[OpenItem]:
    surveys = list(surveys)
    durations = survey_durations(s.pk for s in surveys)
    return [_item(s, durations.get(s.pk)) for s in surveys]


def open_now() -> list[OpenItem]:
    """Published surveys open now that clerks left marked "show on the home page"."""
    return _items(open_surveys().filter(show_on_home=True))


def search(query: str) -> list[OpenItem]:
    """Open surveys whose title, introduction, page titles or questions contain a word of the query."""
    words = [w for w in query.split() if len(w) >= 2][:8]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= (
            Q(title__icontains=word)
            | Q(intro__icontains=word)
            | Q(sections__title__icontains=word)
            | Q(questions__text__icontains=word)
        )
    if any(word.casefold() in {"umfrage", "umfragen", "befragung", "survey", "surveys"} for word in words):
        condition = Q()  # asking for surveys as such: all open ones
    matching = open_surveys().filter(condition).values("pk").distinct()
    return _items(open_surveys().filter(pk__in=matching)[:20])
