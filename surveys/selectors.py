"""Reads on surveys: the questionnaire structure and the results, counted by PostgreSQL.

The results of a survey come from a handful of ``GROUP BY`` queries whose number does not
depend on the number of responses; nothing loops over responses in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import AccessCode, Option, Question, Response, Section, Survey

Kind = Question.Kind


def open_surveys():
    now = timezone.now()
    return (
        Survey.objects.filter(state=Survey.State.PUBLISHED)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("closes_at", "-pk")
    )


def survey_structure(survey: Survey) -> list[Section]:
    """Sections with their questions and options: three queries, whatever the size."""
    questions = Question.objects.order_by("position", "pk").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("is_row", "position", "pk"))
    )
    return list(survey.sections.order_by("position", "pk").prefetch_related(Prefetch("questions", queryset=questions)))


def all_questions(sections: list[Section]) -> list[Question]:
    return [q for s in sections for q in s.questions.all()]


def response_rate(survey: Survey) -> dict:
    codes = AccessCode.objects.filter(survey=survey).aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
    )
    responses = Response.objects.filter(survey=survey).aggregate(
        total=Count("pk"), paper=Count("pk", filter=Q(channel=Response.Channel.PAPER))
    )
    rate = round(100 * codes["used"] / codes["total"], 1) if codes["total"] else None
    return {"codes": codes["total"], "codes_used": codes["used"], "rate": rate, **responses}


# --- Results ------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    value: str = ""


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    bars: list[Bar] = field(default_factory=list)
    matrix: list[tuple[Option, list[Bar], int]] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    text_count: int = 0
    points: list[tuple[float, float]] = field(default_factory=list)
    grid: list[dict] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)


TALLY_SQL = """
SELECT question_id, option_id, row_id,
       count(*) AS n,
       count(*) FILTER (WHERE is_first) AS respondents,
       avg(number), min(number), max(number),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY number)
FROM surveys_answer
WHERE survey_id = %s
GROUP BY GROUPING SETS ((question_id, option_id, row_id), (question_id))
"""


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def survey_results(survey: Survey, sections: list[Section] | None = None, *, text_limit: int = 20) -> dict:
    """Per-question counts, percentages, number statistics, free texts and map points."""
    sections = sections if sections is not None else survey_structure(survey)
    questions = all_questions(sections)
    with connection.cursor() as cursor:
        cursor.execute(TALLY_SQL, [survey.pk])
        tally = cursor.fetchall()
        total = Response.objects.filter(survey=survey).count()
    per_option: dict[tuple[int, int | None, int | None], int] = {}
    per_question: dict[int, tuple] = {}
    for qid, oid, rid, n, respondents, avg, vmin, vmax, median in tally:
        # Grouping sets: the (question) total row has NULL option and row; so does the detail row
        # of a number question. Both carry the same figures then, so a collision does no harm.
        per_option[(qid, oid, rid)] = n
        per_question.setdefault(qid, (respondents, avg, vmin, vmax, median))
        if oid is None and rid is None:
            per_question[qid] = (respondents, avg, vmin, vmax, median)
    results = []
    text_questions = []
    map_questions = []
    for q in questions:
        respondents, avg, vmin, vmax, median = per_question.get(q.pk, (0, None, None, None, None))
        result = QuestionResult(question=q, respondents=respondents)
        opts = [o for o in q.options.all() if not o.is_row]
        rows = [o for o in q.options.all() if o.is_row]
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RATING):
            result.bars = [
                Bar(o.label, per_option.get((q.pk, o.pk, None), 0), _pct(per_option.get((q.pk, o.pk, None), 0),
                                                                       respondents), o.value)
                for o in opts
            ]
            if q.kind == Kind.RATING:
                scored = [(int(o.value), b.count) for o, b in zip(opts, result.bars, strict=True)
                          if not o.is_dont_know and o.value.isdigit()]
                n = sum(c for _, c in scored)
                if n:
                    result.stats = {"mean": round(sum(v * c for v, c in scored) / n, 2), "n": n}
            if any(o.is_other for o in opts):
                text_questions.append(result)
        elif q.kind == Kind.MATRIX:
            for row in rows:
                counts = [per_option.get((q.pk, o.pk, row.pk), 0) for o in opts]
                row_total = sum(counts)
                result.matrix.append(
                    (row, [Bar(o.label, c, _pct(c, row_total), o.value) for o, c in zip(opts, counts, strict=True)],
                     row_total)
                )
        elif q.kind == Kind.RANKING:
            result.bars = [Bar(o.label, per_option.get((q.pk, o.pk, None), 0), 0.0, o.value) for o in opts]
        elif q.kind == Kind.NUMBER:
            result.stats = {"mean": avg, "min": vmin, "max": vmax, "median": median}
        elif q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            text_questions.append(result)
        elif q.kind == Kind.MAP_POINT:
            map_questions.append(result)
        results.append(result)
    _ranking_means(survey, [r for r in results if r.question.kind == Kind.RANKING])
    _texts(survey, text_questions, text_limit)
    _map(survey, map_questions)
    return {"total": total, "results": results, "sections": sections}


def _ranking_means(survey: Survey, results: list[QuestionResult]) -> None:
    if not results:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT option_id, avg(number) FROM surveys_answer WHERE survey_id = %s AND question_id = ANY(%s)"
            " GROUP BY option_id",
            [survey.pk, [r.question.pk for r in results]],
        )
        means = dict(cursor.fetchall())
    for r in results:
        opts = [o for o in r.question.options.all() if not o.is_row]
        order = sorted(opts, key=lambda o: (means.get(o.pk) is None, means.get(o.pk) or 0))
        counts = {b.value: b.count for b in r.bars}
        r.bars = [Bar(o.label, counts.get(o.value, 0), 0.0, o.value) for o in order]
        r.stats = {"means": [(o.label, round(float(means[o.pk]), 2) if means.get(o.pk) else None) for o in order]}


def _texts(survey: Survey, results: list[QuestionResult], limit: int) -> None:
    if not results:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT question_id, text, n FROM (
                SELECT question_id, text, count(*) OVER (PARTITION BY question_id) AS n,
                       row_number() OVER (PARTITION BY question_id ORDER BY id DESC) AS rn
                FROM surveys_answer
                WHERE survey_id = %s AND question_id = ANY(%s) AND text <> ''
            ) t WHERE rn <= %s
            """,
            [survey.pk, [r.question.pk for r in results], limit],
        )
        by_question = defaultdict(list)
        counts = {}
        for qid, text, n in cursor.fetchall():
            by_question[qid].append(text)
            counts[qid] = n
    for r in results:
        r.texts = by_question.get(r.question.pk, [])
        r.text_count = counts.get(r.question.pk, 0)


GRID_DEGREES = 0.005  # about 550 m north-south in Hessen


def _map(survey: Survey, results: list[QuestionResult], point_limit: int = 2000) -> None:
    if not results:
        return
    ids = [r.question.pk for r in results]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT question_id, floor(lat / %s) AS gy, floor(lng / %s) AS gx, count(*)
            FROM surveys_answer WHERE survey_id = %s AND question_id = ANY(%s) AND lat IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 4 DESC
            """,
            [GRID_DEGREES, GRID_DEGREES, survey.pk, ids],
        )
        grids = defaultdict(list)
        for qid, gy, gx, n in cursor.fetchall():
            grids[qid].append(
                {"lat": round((gy + 0.5) * GRID_DEGREES, 5), "lng": round((gx + 0.5) * GRID_DEGREES, 5), "count": n}
            )
        cursor.execute(
            """
            SELECT question_id, lat, lng, text FROM (
                SELECT question_id, lat, lng, text, row_number() OVER (PARTITION BY question_id ORDER BY id DESC) rn
                FROM surveys_answer WHERE survey_id = %s AND question_id = ANY(%s)
            ) t WHERE rn <= %s
            """,
            [survey.pk, ids, point_limit],
        )
        points, texts = defaultdict(list), defaultdict(list)
        for qid, lat, lng, text in cursor.fetchall():
            if lat is not None:
                points[qid].append((lat, lng))
            if text and len(texts[qid]) < 20:
                texts[qid].append(text)
    for r in results:
        r.grid = grids.get(r.question.pk, [])[:50]
        r.points = points.get(r.question.pk, [])
        r.descriptions = texts.get(r.question.pk, [])


# --- Breakdown ----------------------------------------------------------------------------------


def survey_breakdown(*, survey: Survey, question: Question, by: Question) -> dict:
    """Answers to ``question`` per option of the choice question ``by``; groups with fewer than
    ``survey.min_group_size`` respondents are suppressed (shown without numbers)."""
    opts = [o for o in question.options.all() if not o.is_row]
    rows = [o for o in question.options.all() if o.is_row]
    groups = [o for o in by.options.all() if not o.is_row]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT g.option_id, a.option_id, a.row_id, count(*), count(*) FILTER (WHERE a.is_first), avg(a.number)
            FROM surveys_answer g JOIN surveys_answer a ON a.response_id = g.response_id
            WHERE g.survey_id = %s AND g.question_id = %s AND a.question_id = %s AND g.option_id IS NOT NULL
            GROUP BY GROUPING SETS ((g.option_id, a.option_id, a.row_id), (g.option_id))
            """,
            [survey.pk, by.pk, question.pk],
        )
        data = cursor.fetchall()
        cursor.execute(
            "SELECT option_id, count(*) FROM surveys_answer WHERE survey_id = %s AND question_id = %s GROUP BY 1",
            [survey.pk, by.pk],
        )
        group_sizes = dict(cursor.fetchall())
    cells: dict = {}
    answered: dict = {}
    means: dict = {}
    for gid, oid, rid, n, respondents, avg in data:
        if oid is None and rid is None:
            answered[gid] = respondents
            means[gid] = avg
        else:
            cells[(gid, oid, rid)] = n
    table = []
    for g in groups:
        size = group_sizes.get(g.pk, 0)
        suppressed = size < survey.min_group_size
        row = {"group": g, "size": size, "suppressed": suppressed, "answered": answered.get(g.pk, 0), "cells": []}
        if not suppressed:
            if question.kind == Kind.MATRIX:
                for item in rows:
                    counts = [cells.get((g.pk, o.pk, item.pk), 0) for o in opts]
                    total = sum(counts)
                    row["cells"].append((item, [(c, _pct(c, total)) for c in counts]))
            elif question.kind == Kind.NUMBER:
                row["mean"] = means.get(g.pk)
            else:
                row["cells"] = [
                    (cells.get((g.pk, o.pk, None), 0), _pct(cells.get((g.pk, o.pk, None), 0), answered.get(g.pk, 0)))
                    for o in opts
                ]
        table.append(row)
    return {"question": question, "by": by, "options": opts, "rows": rows, "table": table,
            "min_group_size": survey.min_group_size}
