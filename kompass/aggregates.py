"""From a closed KOMPASS survey to counts in the public schema, and back out for reports.

Only choice items (single, multiple, scale, matrix rows) are counted; free texts and map points
never leave the municipality's schema. Per item the distribution is stored for everyone and per
district, sex and age group; a group with fewer than ``MIN_GROUP`` answers is dropped before
anything is written (and so is the whole round's item when fewer answered it).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from platform_core.tasks import tenant_task

from .state.models import MIN_GROUP, AggregateRound, ItemAggregate

GROUP_QUESTIONS = {"sex": "K_SEX", "age": "K_AGE", "district": "K_DISTRICT"}
COUNTED_KINDS = {"single", "multiple", "rating", "matrix"}
SCALE_KINDS = {"rating", "matrix"}


def _key_share(counts: dict, n: int, key_values: list[str]) -> float | None:
    """Share (%) of the two most favourable options among those who gave an opinion."""
    opinion = n - counts.get("dk", 0)
    if not key_values or opinion <= 0:
        return None
    return round(100.0 * sum(counts.get(v, 0) for v in key_values) / opinion, 1)


@transaction.atomic
def survey_aggregates_publish(*, survey, actor=None) -> AggregateRound:
    """Count the closed KOMPASS survey and write its aggregates to the public schema (replacing a
    previous run for the same round)."""
    from surveys.models import AccessCode, Answer, Option, Question, Response

    from .services import _log, _reach, current_municipality, participation_of_current

    kompass = survey.kompass
    tenant = current_municipality()
    questions = {q.pk: q for q in Question.objects.filter(survey=survey, kind__in=COUNTED_KINDS)}
    options = {o.pk: o for o in Option.objects.filter(question__survey=survey)}
    by_code = {q.code: q for q in questions.values()}
    # Each response's group: option (value for sex/age, label for districts: comparable by name).
    groups: dict[str, dict[int, str]] = {kind: {} for kind in GROUP_QUESTIONS}
    for kind, code in GROUP_QUESTIONS.items():
        q = by_code.get(code)
        if q is None:
            continue
        for response_id, option_id in Answer.objects.filter(question=q).values_list("response_id", "option_id"):
            option = options.get(option_id)
            if option is not None:
                groups[kind][response_id] = option.label if kind == "district" else option.value
    group_sizes = {kind: defaultdict(int) for kind in GROUP_QUESTIONS}
    for kind, members in groups.items():
        for value in members.values():
            group_sizes[kind][value] += 1
    # counts[(item, kind, value)] = {option_value: count}; respondents[(item, kind, value)] = set()
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    respondents: dict[tuple, set] = defaultdict(set)
    rows = Answer.objects.filter(survey=survey, question_id__in=list(questions)).values_list(
        "response_id", "question_id", "row_id", "option_id"
    )
    for response_id, question_id, row_id, option_id in rows.iterator(chunk_size=20000):
        option = options.get(option_id)
        if option is None:
            continue
        q = questions[question_id]
        item = f"{q.code}:{options[row_id].value}" if row_id else q.code
        value = option.value
        targets = [(item, "all", "")]
        for kind, members in groups.items():
            group = members.get(response_id)
            if group is not None:
                targets.append((item, kind, group))
        for key in targets:
            counts[key][value] += 1
            respondents[key].add(response_id)
    key_values = {}
    for q in questions.values():
        if q.kind in SCALE_KINDS:
            plain = [o for o in options.values() if o.question_id == q.pk and not o.is_row and not o.is_dont_know]
            key_values[q.code] = [o.value for o in sorted(plain, key=lambda o: (o.position, o.pk))[:2]]
    responses = Response.objects.filter(survey=survey)
    participation = participation_of_current()
    round_row, _created = AggregateRound.objects.update_or_create(
        municipality_id=tenant.pk,
        round=kompass.round,
        defaults={
            "municipality_name": tenant.name,
            "district_ags": (tenant.ags or "")[:5],
            "survey_title": survey.title,
            "template_version": kompass.template_version,
            "variant": kompass.variant,
            "closed_on": timezone.localdate(),
            "responses": responses.count(),
            "paper_responses": responses.filter(channel=Response.Channel.PAPER).count(),
            "invited": AccessCode.objects.filter(survey=survey).count(),
            "codes_used": AccessCode.objects.filter(survey=survey, used_at__isnull=False).count(),
        },
    )
    round_row.items.all().delete()
    items = []
    for (item, kind, value), option_counts in counts.items():
        n = len(respondents[(item, kind, value)])
        if n < MIN_GROUP or (kind != "all" and group_sizes[kind][value] < MIN_GROUP):
            continue
        code = item.split(":", 1)[0]
        items.append(
            ItemAggregate(
                round=round_row,
                item=item,
                group_kind=kind,
                group_value=value[:300],
                n=n,
                counts=dict(option_counts),
                key_share=_key_share(option_counts, n, key_values.get(code, [])),
            )
        )
    ItemAggregate.objects.bulk_create(items, batch_size=2000)
    type(kompass).objects.filter(pk=kompass.pk).update(aggregated_at=timezone.now())
    if participation is not None:
        from .state.models import Participation

        _reach(participation, Participation.Status.ANALYSIS)
    _log("kompass.aggregates", actor=actor, target=round_row, round=kompass.round, items=len(items))
    return round_row


@tenant_task
def aggregate_survey(survey_id: int) -> None:
    """Task: count a closed KOMPASS survey (queued when it closes)."""
    from surveys.models import Survey

    survey = Survey.objects.filter(pk=survey_id, kompass__isnull=False).first()
    if survey is not None and survey.state == Survey.State.CLOSED:
        survey_aggregates_publish(survey=survey)


def on_survey_closed(sender, survey, actor=None, **kwargs) -> None:
    """surveys' ``survey_closed``: queue the counting after the close is committed."""
    from .models import KompassSurvey

    if KompassSurvey.objects.filter(survey_id=survey.pk).exists():
        schema = connection.schema_name
        transaction.on_commit(lambda: aggregate_survey.enqueue(schema, survey.pk))
