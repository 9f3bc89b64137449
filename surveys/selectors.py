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


# One pass over the answers of the survey (a parallel index-only scan of surveys_answer_tally):
# everything the results page shows except the texts and map points comes from these groups.
TALLY_SQL = """
SELECT question_id, option_id, row_id,
       count(*) AS n,
       count(*) FILTER (WHERE is_first) AS respondents,
       sum(number), count(number), min(number), max(number)
FROM surveys_answer
WHERE survey_id = %s
GROUP BY question_id, option_id, row_id
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
    per_option_mean: dict[tuple[int, int | None], float] = {}
    per_question: dict[int, dict] = defaultdict(lambda: {"respondents": 0, "sum": 0, "n": 0, "min": None, "max": None})
    for qid, oid, rid, n, respondents, total_number, n_number, vmin, vmax in tally:
        per_option[(qid, oid, rid)] = n
        if n_number:
            per_option_mean[(qid, oid)] = float(total_number) / n_number
        agg = per_question[qid]  # a handful of groups per question, never one per response
        agg["respondents"] += respondents
        if n_number:
            agg["sum"] += total_number
            agg["n"] += n_number
            agg["min"] = vmin if agg["min"] is None else min(agg["min"], vmin)
            agg["max"] = vmax if agg["max"] is None else max(agg["max"], vmax)
    results = []
    text_questions = []
    map_questions = []
    for q in questions:
        agg = per_question[q.pk]
        respondents = agg["respondents"]
        # Text answers are never empty, and "other" texts are required with the "other" option.
        result = QuestionResult(question=q, respondents=respondents, text_count=respondents)
        opts = [o for o in q.options.all() if not o.is_row]
        rows = [o for o in q.options.all() if o.is_row]
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RATING):
            result.bars = [
                Bar(
                    o.label,
                    per_option.get((q.pk, o.pk, None), 0),
                    _pct(per_option.get((q.pk, o.pk, None), 0), respondents),
                    o.value,
                )
                for o in opts
            ]
            if q.kind == Kind.RATING:
                scored = [
                    (int(o.value), b.count)
                    for o, b in zip(opts, result.bars, strict=True)
                    if not o.is_dont_know and o.value.isdigit()
                ]
                n = sum(c for _, c in scored)
                if n:
                    result.stats = {"mean": round(sum(v * c for v, c in scored) / n, 2), "n": n}
            if any(o.is_other for o in opts):
                result.text_count = sum(per_option.get((q.pk, o.pk, None), 0) for o in opts if o.is_other)
                text_questions.append(result)
        elif q.kind == Kind.MATRIX:
            for row in rows:
                counts = [per_option.get((q.pk, o.pk, row.pk), 0) for o in opts]
                row_total = sum(counts)
                result.matrix.append(
                    (
                        row,
                        [Bar(o.label, c, _pct(c, row_total), o.value) for o, c in zip(opts, counts, strict=True)],
                        row_total,
                    )
                )
        elif q.kind == Kind.RANKING:
            order = sorted(
                opts, key=lambda o: (per_option_mean.get((q.pk, o.pk)) is None, per_option_mean.get((q.pk, o.pk)) or 0)
            )
            result.bars = [Bar(o.label, per_option.get((q.pk, o.pk, None), 0), 0.0, o.value) for o in order]
            result.stats = {
                "means": [
                    (o.label, round(per_option_mean[(q.pk, o.pk)], 2) if (q.pk, o.pk) in per_option_mean else None)
                    for o in order
                ]
            }
        elif q.kind == Kind.NUMBER:
            mean = agg["sum"] / agg["n"] if agg["n"] else None
            result.stats = {"mean": mean, "min": agg["min"], "max": agg["max"]}
        elif q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            text_questions.append(result)
        elif q.kind == Kind.MAP_POINT:
            map_questions.append(result)
        results.append(result)
    _texts(survey, text_questions, text_limit)
    _map(survey, map_questions)
    return {"total": total, "results": results, "sections": sections}


def _texts(survey: Survey, results: list[QuestionResult], limit: int) -> None:
    """The latest ``limit`` texts of each question, read backwards along an index (no full scan)."""
    if not results:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.id, t.text FROM unnest(%s::bigint[]) AS q(id) CROSS JOIN LATERAL (
                SELECT text FROM surveys_answer
                WHERE question_id = q.id AND text <> '' ORDER BY response_id DESC LIMIT %s
            ) t
            """,
            [[r.question.pk for r in results], limit],
        )
        by_question = defaultdict(list)
        for qid, text in cursor.fetchall():
            by_question[qid].append(text)
    for r in results:
        r.texts = by_question.get(r.question.pk, [])


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
    return {
        "question": question,
        "by": by,
        "options": opts,
        "rows": rows,
        "table": table,
        "min_group_size": survey.min_group_size,
    }
