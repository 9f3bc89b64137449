"""The municipality's KOMPASS in its Wagtail admin (/cms/kompass/): interest, application, the survey
from the template, the report, measures. Permission ``kompass.coordinate`` (rules.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.formatting import pct as _pct
from platform_core.permissions import require_perm
from surveys.charts import density_map
from themes.charts import bar_chart_svg

from . import exports, rules, selectors, services  # noqa: F401 - rules: declares the permissions used here
from .forms import InterestForm, MeasureForm, SurveyFromTemplateForm
from .models import KompassSurvey, Measure
from .state.models import AggregateRound, Seal, StateMirror


def _tenant():
    return services.current_municipality()


@require_perm("kompass.coordinate")
def index(request):
    participation = services.participation_of_current()
    seal = (
        Seal.objects.filter(participation=participation).select_related("criteria").first() if participation else None
    )
    rounds = AggregateRound.objects.filter(municipality_id=_tenant().pk).order_by("-round")
    context = {
        "page_title": _("KOMPASS"),
        "participation": participation,
        "interest_form": InterestForm(initial={"email": request.user.email}),
        "survey_form": SurveyFromTemplateForm(),
        "kompass_surveys": KompassSurvey.objects.select_related("survey"),
        "rounds": rounds,
        "measures": Measure.objects.all(),
        "conferences": StateMirror.objects.filter(participation=participation, kind="conference")
        if participation
        else [],
        "seal": seal,
        "seal_items": [(text, i in seal.met) for i, text in enumerate(seal.criteria.items)] if seal else [],
    }
    return render(request, "kompass/admin/index.html", context)


@require_POST
@require_perm("kompass.coordinate")
def declare_interest(request):
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.participation_declare_interest(
                municipality=_tenant(),
                actor=request.user,
                contact=form.cleaned_data["contact"],
                email=form.cleaned_data["email"],
                motivation=form.cleaned_data["motivation"],
            )
        except services.KompassError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your interest is recorded. The programme office will contact you."))
            return redirect("kompass_admin:index")
    else:
        messages.error(request, _("Please name a contact person and a valid email address."))
    return redirect("kompass_admin:index")


@require_POST
@require_perm("kompass.coordinate")
def apply(request):
    participation = services.participation_of_current()
    if participation is None:
        raise Http404
    try:
        services.participation_apply(participation=participation, actor=request.user)
    except services.KompassError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your application has been sent to the programme office."))
    return redirect("kompass_admin:index")


@require_perm("kompass.coordinate")
def survey_create(request):
    form = SurveyFromTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kompass = services.kompass_survey_create(
                variant=form.cleaned_data["variant"], districts=form.district_list(), actor=request.user
            )
        except services.KompassError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your KOMPASS survey has been created from the template."))
            return redirect("surveys_admin:detail", kompass.survey.pk)
    return render(request, "kompass/admin/form.html", {"form": form, "page_title": _("KOMPASS survey")})


def _round_or_404(rnd: int) -> AggregateRound:
    return get_object_or_404(AggregateRound, municipality_id=_tenant().pk, round=rnd)


@require_perm("kompass.coordinate")
def report(request, rnd: int):
    round_row = _round_or_404(rnd)
    reports = selectors.round_report(round_row)
    kompass = KompassSurvey.objects.filter(round=rnd).select_related("survey").first()
    places = selectors.unsafe_places(kompass.survey) if kompass else {"points": [], "cells": [], "count": 0}
    for i, item in enumerate(reports):
        item.chart = bar_chart_svg(
            chart_id=f"item-{i}", title=item.text, bars=item.bars, description=_("The table gives the same figures.")
        )
    day_night = selectors.day_night(reports)
    day_night_chart = bar_chart_svg(
        chart_id="day-night",
        title=_("Feeling safe by day and alone after dark"),
        label_width=300,
        bars=[(label, share or 0, _pct(share) if share is not None else "–") for label, share, _h in day_night],
    )
    context = {
        "page_title": _("KOMPASS report, round %(n)s") % {"n": rnd},
        "round": round_row,
        "reports": reports,
        "day_night": day_night,
        "day_night_chart": day_night_chart,
        "places": places,
        "places_map": density_map(
            chart_id="places", title=_("Unsafe places"), cells=places["cells"], points=places["points"]
        ),
    }
    return render(request, "kompass/admin/report.html", context)


@require_perm("kompass.coordinate")
def report_pdf(request, rnd: int):
    round_row = _round_or_404(rnd)
    content = exports.report_pdf(round_row, selectors.round_report(round_row))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kompass-bericht-{rnd}.pdf"'
    return response


@require_perm("kompass.coordinate")
def measure_edit(request, pk: int | None = None):
    measure = get_object_or_404(Measure, pk=pk) if pk else None
    form = MeasureForm(request.POST or None, instance=measure, items=selectors.benchmark_items())
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_save(measure=form.save(commit=False), actor=request.user)
        except services.KompassError as exc:
            form.add_error(None, str(exc))
        except Exception as exc:  # model validation
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Measure saved."))
            return redirect("kompass_admin:index")
    return render(request, "kompass/admin/form.html", {"form": form, "page_title": _("Measure")})
