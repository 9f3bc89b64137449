"""Citizens answer surveys: one section per page, answers kept in the session (and on the access
code, for save-and-resume) until the last page stores the response once."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import rules
from .discovery import survey_durations
from .forms import is_visible, parse_answers, token_or_none
from .models import AccessCode, Question, Response, Survey
from .places import municipality_districts
from .selectors import all_questions, open_surveys, survey_structure
from .services import SurveyError, access_code_find, access_code_save_draft, has_any_answer, response_submit

Kind = Question.Kind


def _state_key(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def _state(request, survey: Survey) -> dict | None:
    return request.session.get(_state_key(survey))


def _save_state(request, survey: Survey, state: dict) -> None:
    request.session[_state_key(survey)] = state


def survey_list(request):
    """All open surveys with their end date and the estimated time to answer."""
    surveys = list(open_surveys())
    durations = survey_durations(s.pk for s in surveys)
    for survey in surveys:
        survey.duration_minutes = durations.get(survey.pk)
    return render(request, "surveys/list.html", {"surveys": surveys})


def _get_survey(request, slug: str, *, preview_ok: bool = True) -> tuple[Survey, bool]:
    survey = get_object_or_404(Survey, slug=slug)
    state = _state(request, survey) or {}
    preview = bool(state.get("preview")) and preview_ok and rules.can_preview(request.user, survey)
    if survey.state == Survey.State.DRAFT and not preview:
        raise Http404
    return survey, preview


@require_http_methods(["GET", "POST"])
def survey_start(request, slug: str):
    """Intro, privacy notice, and the start: with an access code, as a logged-in citizen or as anyone."""
    survey, preview = _get_survey(request, slug)
    refusal = None if preview else rules.answer_refusal(request.user, survey)
    is_open = preview or survey.is_open()
    code_error = ""
    if request.method == "POST" and is_open and refusal is None:
        state = {"answers": {}, "token": str(uuid.uuid4()), "code_id": None, "preview": preview, "page": 0}
        if survey.audience == Survey.Audience.ACCESS_CODE or request.POST.get("code"):
            try:
                code = access_code_find(survey=survey, code=request.POST.get("code", ""))
            except SurveyError as exc:
                code_error = str(exc)
                code = None
            if code is not None:
                state["code_id"] = code.pk
                if code.draft:  # resume where the citizen stopped
                    state.update(
                        answers=code.draft.get("answers", {}),
                        token=code.draft.get("token", state["token"]),
                        page=code.draft.get("page", 0),
                    )
                _save_state(request, survey, state)
                return redirect("surveys:page", slug=survey.slug, number=state["page"] + 1)
        else:
            _save_state(request, survey, state)
            return redirect("surveys:page", slug=survey.slug, number=1)
    return render(
        request,
        "surveys/start.html",
        {
            "survey": survey,
            "preview": preview,
            "refusal": refusal,
            "is_open": is_open,
            "code_error": code_error,
            "needs_code": survey.audience == Survey.Audience.ACCESS_CODE,
            "offers_code": survey.audience == Survey.Audience.ACCESS_CODE or survey.access_codes.exists(),
            "code": request.POST.get("code", request.GET.get("code", "")),
        },
        status=200 if not code_error else 400,
    )


def survey_preview(request, slug: str):
    """Clerks try a draft (or published) survey; nothing they answer is stored."""
    survey = get_object_or_404(Survey, slug=slug)
    if not rules.can_preview(request.user, survey):
        raise Http404
    _save_state(
        request, survey, {"answers": {}, "token": str(uuid.uuid4()), "code_id": None, "preview": True, "page": 0}
    )
    return redirect("surveys:page", slug=survey.slug, number=1)


def _structure_fingerprint(questions: list[Question]) -> str:
    """A digest of every field of the page's questions and options: any edit changes it."""
    parts = []
    for q in questions:
        parts.append(sorted((k, v) for k, v in q.__dict__.items() if not k.startswith("_")))
        parts.extend(sorted((k, v) for k, v in o.__dict__.items() if not k.startswith("_")) for o in q.options.all())
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def _pristine_questions_html(request, survey, number, questions, question_views, answers, errors) -> str | None:
    """The rendered questions of a page nobody has answered yet, cached per municipality.

    Most page views are first views with no answers and no errors; their HTML depends only on
    the page's questions and the language, so it is rendered once. The cache key carries the
    schema (django_tenants.cache.make_key) and a digest of the questions, so an edit shows at once.
    """
    if errors or request.method != "GET" or any(str(q.pk) in answers for q in questions):
        return None
    tiles = "tiles" if settings.SURVEYS_MAP_TILE_URL else "no-tiles"
    key = f"surveys:page:{survey.pk}:{number}:{get_language()}:{tiles}:{_structure_fingerprint(questions)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("surveys/_questions.html", {"questions": question_views}, request=request)
        cache.set(key, html, 3600)
    return mark_safe(html)  # noqa: S308 - our own template's output


def _question_views(questions: list[Question], answers: dict, errors: dict, data=None) -> list[dict]:
    """Everything the template needs per question, so the template only prints."""
    views = []
    on_page = {q.pk for q in questions}
    for q in questions:
        key = str(q.pk)
        value = answers.get(key)
        opts = [o for o in q.options.all() if not o.is_row]
        view = {"q": q, "name": f"q{q.pk}", "error": errors.get(q.pk), "value": value}
        if q.show_if_question_id in on_page and q.show_if_option_id:
            view["show_if"] = (f"q{q.show_if_question_id}", q.show_if_option_id)
            view["hidden"] = not is_visible(q, answers)
        if q.kind in (Kind.SINGLE, Kind.RATING, Kind.MULTIPLE):
            chosen = value.get("o") if isinstance(value, dict) else value
            chosen = set(chosen) if isinstance(chosen, list) else {chosen}
            view["options"] = [(o, o.pk in chosen) for o in opts]
            view["other"] = value.get("other", "") if isinstance(value, dict) else ""
            if data is not None and not view["other"]:
                view["other"] = data.get(f"q{q.pk}_other", "")
        elif q.kind == Kind.MATRIX:
            value = value or {}
            view["options"] = opts
            view["rows"] = [(r, [(o, value.get(str(r.pk)) == o.pk) for o in opts]) for r in q.options.all() if r.is_row]
        elif q.kind == Kind.RANKING:
            value = value or {}
            view["items"] = [(o, value.get(str(o.pk))) for o in opts]
            view["places"] = list(range(1, len(opts) + 1))
        elif q.kind == Kind.MAP_POINT:
            value = value or {}
            view["lat"] = "" if value.get("lat") is None else value["lat"]
            view["lng"] = "" if value.get("lng") is None else value["lng"]
            # Without tiles there is no map to point at: a description (and a district) instead.
            view["tiles"] = bool(settings.SURVEYS_MAP_TILE_URL)
            view["districts"] = [] if view["tiles"] else municipality_districts()
            text = value.get("text", "")
            district, _sep, rest = text.partition(": ")
            if district in view["districts"]:
                view["district"], text = district, rest
            elif text in view["districts"]:
                view["district"], text = text, ""
            view["text"] = text
        elif q.kind == Kind.DATE and value:
            view["value"] = value
        views.append(view)
    return views


@require_http_methods(["GET", "POST"])
def survey_page(request, slug: str, number: int):
    survey, preview = _get_survey(request, slug)
    state = _state(request, survey)
    if state is None:
        token = token_or_none(request.POST.get("token"))
        if request.method == "POST" and token and Response.objects.filter(survey=survey, token=token).exists():
            return redirect("surveys:thanks", slug=survey.slug)  # a repeated submit of a stored response
        return redirect("surveys:start", slug=survey.slug)
    if not preview and not survey.is_open():
        messages.error(request, _("This survey is not open for answers."))
        return redirect("surveys:start", slug=survey.slug)
    sections = survey_structure(survey)
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    answers = dict(state["answers"])
    # Questions whose condition refers to an earlier page are decided now; same-page ones in the browser.
    page_ids = {q.pk for q in section.questions.all()}
    questions = [
        q
        for q in section.questions.all()
        if q.show_if_question_id in page_ids or q.show_if_question_id is None or is_visible(q, answers)
    ]
    errors: dict = {}
    data = None
    empty = False
    if request.method == "POST":
        data = request.POST
        action = data.get("action", "next")
        earlier = {k: v for k, v in answers.items() if int(k) not in page_ids}
        page_answers, errors = parse_answers(questions, data, earlier, enforce_required=action != "back")
        answers = {**earlier, **page_answers}
        state["answers"] = answers
        state["page"] = number - 1
        _save_state(request, survey, state)
        code = AccessCode.objects.filter(pk=state["code_id"]).first() if state.get("code_id") else None
        if code is not None:
            access_code_save_draft(code=code, answers=answers, page=number - 1, token=state["token"])
        if action == "back":
            return redirect("surveys:page", slug=survey.slug, number=max(1, number - 1))
        if action == "save" and not errors:
            messages.success(request, _("Your answers are saved. Enter your access code again to continue later."))
            return redirect("surveys:page", slug=survey.slug, number=number)
        if not errors and number == len(sections) and not has_any_answer(all_questions(sections), answers):
            # Nothing answered on any page: stay on the last page and say so, store nothing.
            empty = True
        elif not errors:
            if number < len(sections):
                return redirect("surveys:page", slug=survey.slug, number=number + 1)
            if preview:
                request.session.pop(_state_key(survey), None)
                messages.info(request, _("Preview: the answers were checked but not stored."))
                return redirect("surveys:thanks", slug=survey.slug)
            try:
                response_submit(
                    survey=survey,
                    questions=all_questions(sections),
                    answers=answers,
                    token=state["token"],
                    user=request.user,
                    access_code=code,
                )
            except SurveyError as exc:
                messages.error(request, str(exc))
                return redirect("surveys:start", slug=survey.slug)
            request.session.pop(_state_key(survey), None)
            return redirect("surveys:thanks", slug=survey.slug)
    has_map = bool(settings.SURVEYS_MAP_TILE_URL) and any(q.kind == Kind.MAP_POINT for q in questions)
    question_views = _question_views(questions, answers, errors, data)
    return render(
        request,
        "surveys/page.html",
        {
            "survey": survey,
            "section": section,
            "number": number,
            "page_count": len(sections),
            "questions": question_views,
            "errors": errors,
            "questions_html": _pristine_questions_html(
                request, survey, number, questions, question_views, answers, errors
            ),
            "error_count": len(errors),
            "empty": empty,
            "token": state["token"],
            "preview": preview,
            "has_code": bool(state.get("code_id")),
            "has_map": has_map,
            "tile_url": settings.SURVEYS_MAP_TILE_URL,
            "tile_attribution": settings.SURVEYS_MAP_TILE_ATTRIBUTION,
            "is_last": number == len(sections),
        },
        status=400 if errors or empty else 200,
    )


def survey_thanks(request, slug: str):
    survey = (
        get_object_or_404(Survey.objects.exclude(state=Survey.State.DRAFT), slug=slug)
        if not (rules.can_preview(request.user, None))
        else get_object_or_404(Survey, slug=slug)
    )
    return render(request, "surveys/thanks.html", {"survey": survey, "list_url": reverse("surveys:list")})
