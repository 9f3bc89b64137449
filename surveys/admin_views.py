"""The clerk's side in the Wagtail admin (/cms/umfragen/): build, publish, codes, paper entry,
results and exports. Registered in ``wagtail_hooks``; permissions from ``rules``."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.liveness import job_is_abandoned
from platform_core.models import AuditEntry
from platform_core.permissions import require_perm
from themes.charts import bar_chart_svg

from . import exports, rules, services  # noqa: F401 - rules: declares the permissions used here
from .charts import density_map
from .forms import AccessCodeForm, ImportForm, PaperCodeForm, QuestionForm, SectionForm, SurveyForm, parse_answers
from .importers import ImportError_, survey_to_json
from .locks import question_lock_reason
from .models import Question, Response, Section, Survey, SurveyExport
from .selectors import all_questions, response_rate, survey_breakdown, survey_results, survey_structure
from .services import SurveyError

Kind = Question.Kind


def _public_url(request, survey: Survey) -> str:
    return request.build_absolute_uri(reverse("surveys:start", args=[survey.slug]))


def _slug_prefix(request) -> str:
    """The survey's address without its short name, shown while the clerk types the title."""
    return request.build_absolute_uri(reverse("surveys:list"))


def _municipality_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or ""


# --- Building ----------------------------------------------------------------------------------


@require_perm("surveys.open_surveys_admin")
def survey_index(request):
    surveys = Survey.objects.annotate(response_count=Count("responses", distinct=True)).order_by("-created_at")
    return render(request, "surveys/admin/index.html", {"surveys": surveys, "page_title": _("Surveys")})


@require_perm("surveys.build_survey")
def survey_create(request):
    form = SurveyForm(request.POST or None)
    form.fields["slug"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "title"}
            survey = services.survey_create(title=form.cleaned_data["title"], actor=request.user, **data)
        except Exception as exc:  # full_clean errors end up in the form
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Survey created. Now add questions."))
            return redirect("surveys_admin:detail", survey.pk)
    return render(
        request,
        "surveys/admin/form.html",
        {"form": form, "page_title": _("New survey"), "slug_prefix": _slug_prefix(request)},
    )


@require_perm("surveys.build_survey")
def survey_settings(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.survey_update(survey=form.save(commit=False), actor=request.user)
        messages.success(request, _("Settings saved."))
        return redirect("surveys_admin:detail", survey.pk)
    return render(
        request,
        "surveys/admin/form.html",
        {
            "form": form,
            "survey": survey,
            "page_title": _("Settings of %(title)s") % {"title": survey},
            "slug_prefix": _slug_prefix(request),
        },
    )


@require_perm("surveys.open_surveys_admin")
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return render(
        request,
        "surveys/admin/detail.html",
        {
            "survey": survey,
            "sections": survey_structure(survey),
            "rate": response_rate(survey),
            "page_title": survey.title,
            "public_url": _public_url(request, survey),
            "section_form": SectionForm(),
        },
    )


@require_perm("surveys.build_survey")
def section_edit(request, pk: int, section_pk: int | None = None):
    survey = get_object_or_404(Survey, pk=pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey) if section_pk else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        if section is None:
            services.section_add(survey=survey, **form.cleaned_data)
        else:
            form.save()
        return redirect("surveys_admin:detail", survey.pk)
    return render(request, "surveys/admin/form.html", {"form": form, "survey": survey, "page_title": _("Page")})


@require_perm("surveys.build_survey")
def question_edit(request, pk: int, question_pk: int | None = None):
    survey = get_object_or_404(Survey, pk=pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey) if question_pk else None
    initial = {"section": request.GET.get("section")} if question is None else None
    form = QuestionForm(request.POST or None, instance=question, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save_from_form(form=form, survey=survey)
        except SurveyError as exc:
            form.add_error(None, str(exc))
        except Exception as exc:  # model validation (e.g. duplicate code)
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys_admin:detail", survey.pk)
    return render(
        request,
        "surveys/admin/form.html",
        {
            "form": form,
            "survey": survey,
            "page_title": _("Question"),
            "note": (question and question_lock_reason(question))
            or (
                _("The survey has answers: only wording can change and options can be added.")
                if survey.state != Survey.State.DRAFT and survey.responses.exists()
                else ""
            ),
        },
    )


@require_POST
@require_perm("surveys.build_survey")
def question_action(request, pk: int, question_pk: int, action: str):
    survey = get_object_or_404(Survey, pk=pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    try:
        if action == "delete":
            services.question_delete(question=question)
        elif action in ("up", "down"):
            services.question_move(question=question, up=action == "up")
    except SurveyError as exc:
        messages.error(request, str(exc))
    return redirect("surveys_admin:detail", survey.pk)


@require_POST
@require_perm("surveys.build_survey")
def survey_action(request, pk: int, action: str):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        if action == "publish":
            services.survey_publish(survey=survey, actor=request.user)
            messages.success(
                request,
                _("The survey is published. Citizens reach it at %(url)s") % {"url": _public_url(request, survey)},
            )
        elif action == "close":
            services.survey_close(survey=survey, actor=request.user)
            messages.success(request, _("The survey is closed."))
        elif action == "copy":
            copy = services.survey_copy(survey=survey, actor=request.user)
            messages.success(request, _("Copy created."))
            return redirect("surveys_admin:detail", copy.pk)
        elif action == "delete":
            services.survey_delete(survey=survey, actor=request.user)
            messages.success(request, _("Survey deleted."))
            return redirect("surveys_admin:index")
    except SurveyError as exc:
        messages.error(request, str(exc))
    return redirect("surveys_admin:detail", survey.pk)


@require_perm("surveys.build_survey")
def survey_export_json(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    response = HttpResponse(
        json.dumps(survey_to_json(survey=survey), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}.json"'
    return response


@require_perm("surveys.build_survey")
def survey_import(request):
    """Import a survey file; whatever is wrong with it comes back as a list, and nothing is saved."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(10 * 1024 * 1024 + 1)
        title = form.cleaned_data.get("title", "")
        try:
            if len(content) > 10 * 1024 * 1024:
                raise ImportError_(_("The file is larger than 10 MB."))
            if upload.name.lower().endswith(".lss") or content.lstrip()[:5] == b"<?xml":
                report = services.survey_import_lss(content=content, title=title, actor=request.user)
            else:
                try:
                    data = json.loads(content.decode("utf-8"))
                except (UnicodeDecodeError, ValueError, RecursionError) as exc:
                    raise ImportError_(_("This is not a survey file of this platform.")) from exc
                survey = services.survey_import_json(data=data, title=title, actor=request.user)
                messages.success(request, _("Survey imported."))
                return redirect("surveys_admin:detail", survey.pk)
        except ImportError_ as exc:
            for problem in exc.problems[:50]:
                form.add_error("file", problem)
    return render(
        request, "surveys/admin/import.html", {"form": form, "report": report, "page_title": _("Import a survey")}
    )


# --- Access codes and paper --------------------------------------------------------------------


@require_perm("surveys.build_survey")
def access_codes(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.access_codes_generate(
                survey=survey, count=form.cleaned_data["count"], actor=request.user
            )
            messages.success(request, _("%(n)s codes created.") % {"n": len(created)})
            return redirect("surveys_admin:codes", survey.pk)
        except SurveyError as exc:
            form.add_error("count", str(exc))
    return render(
        request,
        "surveys/admin/codes.html",
        {"survey": survey, "form": form, "rate": response_rate(survey), "page_title": _("Access codes")},
    )


@require_perm("surveys.build_survey")
def access_codes_download(request, pk: int, fmt: str):
    survey = get_object_or_404(Survey, pk=pk)
    services.audit(survey=survey, action=f"survey.codes_export_{fmt}", actor=request.user)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.codes_csv(survey, _public_url(request, survey)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{survey.slug}-codes.csv"'
        return response
    pdf = exports.codes_pdf(survey, base_url=_public_url(request, survey), municipality_name=_municipality_name())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-letters.pdf"'
    return response


@require_perm("surveys.enter_paper_responses")
def paper_entry(request, pk: int):
    """Type in a paper questionnaire: first the code from the sheet (if any), then all answers."""
    survey = get_object_or_404(Survey.objects.exclude(state=Survey.State.DRAFT), pk=pk)
    sections = survey_structure(survey)
    questions = all_questions(sections)
    code_form = PaperCodeForm(request.POST or None)
    errors: dict = {}
    answers: dict = {}
    if request.method == "POST" and code_form.is_valid():
        code = None
        raw = code_form.cleaned_data["code"]
        try:
            if raw:
                code = services.access_code_find(survey=survey, code=raw)
            elif survey.audience == Survey.Audience.ACCESS_CODE:
                raise SurveyError(_("Please enter the access code printed on the questionnaire."))
        except SurveyError as exc:
            code_form.add_error("code", str(exc))
        answers, errors = parse_answers(questions, request.POST, {}, enforce_required=False)
        if code_form.is_valid() and not code_form.errors and not errors:
            from .forms import token_or_none  # a forged token gets a fresh one, never a 500

            try:
                services.response_submit(
                    survey=survey,
                    questions=questions,
                    answers=answers,
                    token=token_or_none(request.POST.get("token")) or uuid.uuid4(),
                    access_code=code,
                    channel=Response.Channel.PAPER,
                    actor=request.user,
                )
            except services.EmptyResponseError as exc:
                code_form.add_error(None, str(exc))
            except SurveyError as exc:
                code_form.add_error("code", str(exc))
            else:
                messages.success(request, _("Paper questionnaire saved. Next one:"))
                return redirect("surveys_admin:paper", survey.pk)
    from .views import _question_views

    return render(
        request,
        "surveys/admin/paper.html",
        {
            "survey": survey,
            "code_form": code_form,
            "token": uuid.uuid4(),
            "blocks": [
                (s, _question_views(list(s.questions.all()), answers, errors, request.POST or None)) for s in sections
            ],
            "error_count": len(errors),
            "page_title": _("Paper entry: %(title)s") % {"title": survey.title},
        },
    )


# --- Results and exports -----------------------------------------------------------------------


@require_perm("surveys.read_results")
def survey_results_view(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    sections = survey_structure(survey)
    data = survey_results(survey, sections)
    for r in data["results"]:
        q = r.question
        if r.bars and q.kind != Kind.RANKING:
            r.svg = bar_chart_svg(
                chart_id=f"chart-{q.pk}",
                title=_("%(question)s: percent per answer") % {"question": q.text[:120]},
                bars=[(b.label, b.percent, number_format(b.percent, 1) + " %") for b in r.bars],
            )
        if r.matrix:
            r.matrix_svgs = [
                (
                    row,
                    bars,
                    total,
                    bar_chart_svg(
                        chart_id=f"chart-{q.pk}-{row.pk}",
                        title=f"{row.label}: %",
                        bars=[(b.label, b.percent, number_format(b.percent, 1) + " %") for b in bars],
                    ),
                )
                for row, bars, total in r.matrix
            ]
        if q.kind == Kind.MAP_POINT and (r.grid or r.points):
            r.svg = density_map(
                chart_id=f"chart-{q.pk}",
                title=_("Places marked for %(question)s") % {"question": q.text[:120]},
                cells=r.grid,
                points=r.points,
            )
    choice_questions = [q for q in all_questions(sections) if q.kind in Question.CHOICE_KINDS]
    breakdown = None
    try:
        q_id, by_id = int(request.GET.get("frage", 0)), int(request.GET.get("nach", 0))
    except ValueError:
        q_id = by_id = 0
    if q_id and by_id:
        by_q = {q.pk: q for q in all_questions(sections)}
        if q_id in by_q and by_id in by_q and by_q[by_id].kind in Question.CHOICE_KINDS:
            breakdown = survey_breakdown(survey=survey, question=by_q[q_id], by=by_q[by_id])
    return render(
        request,
        "surveys/admin/results.html",
        {
            "survey": survey,
            "data": data,
            "rate": response_rate(survey),
            "choice_questions": choice_questions,
            "all_questions": [
                q for q in all_questions(sections) if q.kind in Question.OPTION_KINDS or q.kind == Kind.NUMBER
            ],
            "breakdown": breakdown,
            "selected_q": q_id,
            "selected_by": by_id,
            "page_title": _("Results: %(title)s") % {"title": survey.title},
            "has_map": any(r.question.kind == Kind.MAP_POINT and r.points for r in data["results"]),
            "tile_url": settings.SURVEYS_MAP_TILE_URL,
            "tile_attribution": settings.SURVEYS_MAP_TILE_ATTRIBUTION,
        },
    )


@require_perm("surveys.read_results")
def survey_exports(request, pk: int):
    """The survey's exports with their state; a POST queues a new one (built by a task)."""
    survey = get_object_or_404(Survey, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "mark_abandoned":
        if services.survey_exports_recover_abandoned():
            messages.success(request, _("The export is marked as failed. You can request it again."))
        else:
            messages.info(request, _("The export is still running or has already finished."))
        return redirect("surveys_admin:exports", survey.pk)
    if request.method == "POST":
        try:
            services.survey_export_request(
                survey=survey, format=request.POST.get("format", ""), requested_by=request.user
            )
        except SurveyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The export is being prepared. Refresh this page to see when it is ready."))
        return redirect("surveys_admin:exports", survey.pk)
    rows = list(SurveyExport.objects.filter(survey=survey).select_related("requested_by")[:50])
    for export in rows:  # a read: a dead worker's export is shown, and marked failed only by a POST
        export.abandoned = export.status == SurveyExport.Status.RUNNING and job_is_abandoned(
            services.export_lock_key(export.pk)
        )
    return render(
        request,
        "surveys/admin/exports.html",
        {
            "survey": survey,
            "exports": rows,
            "page_title": _("Exports: %(title)s") % {"title": survey.title},
        },
    )


CONTENT_TYPES = {
    SurveyExport.Format.CSV: "text/csv; charset=utf-8",
    SurveyExport.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SurveyExport.Format.PDF: "application/pdf",
}


@require_perm("surveys.read_results")
def survey_export_download(request, pk: int, export_pk: int):
    """Hand out a finished export from the municipality's private folder (it has no public URL)."""
    export = get_object_or_404(SurveyExport, pk=export_pk, survey_id=pk, status=SurveyExport.Status.DONE)
    try:
        handle = export.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    services.audit(survey=export.survey, action="survey.export_download", actor=request.user, export=export.pk)
    return FileResponse(handle, as_attachment=True, filename=export.filename, content_type=CONTENT_TYPES[export.format])


@require_perm("surveys.open_surveys_admin")
def audit_log(request):
    entries = AuditEntry.objects.filter(target_type=Survey._meta.label_lower)[:300]
    return render(request, "surveys/admin/audit.html", {"entries": entries, "page_title": _("Survey audit log")})
