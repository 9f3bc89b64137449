"""KOMPASS in the state console (/konsole/kompass/): dashboard, participations, benchmark, seal criteria.

The programme office sees and manages everything; police KOMPASS staff see the municipalities of
their headquarters' districts only (``selectors.participations_visible_to`` and the object rule
``kompass.view_participation``). Everyone here has passed the console's second factor.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.formatting import pct as _pct
from themes.charts import bar_chart_svg

from . import exports, selectors, services
from .forms import ContactsForm, CriteriaForm, DocumentForm, StatusForm, WithdrawForm
from .rules import is_otp_verified, is_state_account
from .state.models import Participation, Seal, SealCriteria, StateMirror


def console_view(perm: str):
    """Like the console's own guard: sign-in, then the second factor, then the declared permission."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if connection.schema_name != "public":
                raise PermissionDenied
            user = request.user
            if not user.is_authenticated:
                return redirect(f"{reverse('console:login')}?{urlencode({'next': request.get_full_path()})}")
            if not is_state_account(user):
                raise PermissionDenied
            if not is_otp_verified(user):
                return redirect(f"{reverse('console:otp')}?{urlencode({'next': request.get_full_path()})}")
            if not rules.has_perm(perm, user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _participation(request, pk: int) -> Participation:
    participation = get_object_or_404(Participation.objects.select_related("headquarters"), pk=pk)
    if not rules.has_perm("kompass.view_participation", request.user, participation):
        raise PermissionDenied
    return participation


@console_view("kompass.view_programme")
def home(request):
    participations = list(selectors.participations_visible_to(request.user))
    data = selectors.dashboard(participations)
    chart = bar_chart_svg(
        chart_id="kompass-chart",
        title=_("KOMPASS municipalities per police headquarters"),
        description=_("Horizontal bar chart; the table below gives the same figures."),
        bars=[
            (hq, c["participating"] + c["admitted"], f"{c['participating']} + {c['admitted']}")
            for hq, c in data["by_hq"]
        ],
        max_value=max([c["participating"] + c["admitted"] for _hq, c in data["by_hq"]] + [1]),
        label_width=280,
        bar_width=380,
        css_class="bar-chart",
        fluid=True,
    )
    context = {
        **data,
        "chart": chart,
        "participations": participations,
        "can_manage": rules.has_perm("kompass.manage_programme", request.user),
    }
    return render(request, "kompass/console/home.html", context)


@console_view("kompass.view_programme")
def participation_detail(request, pk: int):
    participation = _participation(request, pk)
    seal = Seal.objects.filter(participation=participation).select_related("criteria").first()
    rounds = participation.municipality.kompass_rounds.order_by("round")
    context = {
        "p": participation,
        "can_manage": rules.has_perm("kompass.manage_programme", request.user),
        "status_form": StatusForm(),
        "contacts_form": ContactsForm(initial={f: getattr(participation, f) for f in ContactsForm.base_fields}),
        "document_form": DocumentForm(),
        "withdraw_form": WithdrawForm(),
        "seal": seal,
        "criteria": seal.criteria if seal else SealCriteria.objects.order_by("-version").first(),
        "met": set(seal.met) if seal else set(),
        "conferences": participation.mirrors.filter(kind=StateMirror.Kind.CONFERENCE),
        "measures": participation.mirrors.filter(kind=StateMirror.Kind.MEASURE),
        "rounds": rounds,
        "items": selectors.benchmark_items(),
    }
    return render(request, "kompass/console/participation.html", context)


def _admit(request, p):
    return services.participation_admit(participation=p, actor=request.user)


def _status(request, p):
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise services.KompassError(_("Please choose a status and a valid date."))
    return services.participation_set_status(
        participation=p, status=form.cleaned_data["status"], on=form.cleaned_data["on"], actor=request.user
    )


def _contacts(request, p):
    form = ContactsForm(request.POST)
    if not form.is_valid():
        raise services.KompassError(_("Please enter valid email addresses."))
    return services.participation_update_contacts(participation=p, actor=request.user, **form.cleaned_data)


def _document(request, p):
    form = DocumentForm(request.POST)
    if not form.is_valid():
        raise services.KompassError(_("Please give a title and a complete link (https://…)."))
    return services.participation_add_document(participation=p, actor=request.user, **form.cleaned_data)


def _seal_check(request, p):
    met = [int(v) for v in request.POST.getlist("met") if v.isdigit()]
    return services.seal_check(participation=p, met=met, actor=request.user)


def _seal_withdraw(request, p):
    return services.seal_withdraw(participation=p, actor=request.user, reason=request.POST.get("reason", ""))


# Each POSTed action on a participation (programme office only) and the service behind it.
PARTICIPATION_ACTIONS = {
    "admit": (_admit, "Admitted."),
    "status": (_status, "Status saved."),
    "contacts": (_contacts, "Contacts saved."),
    "document": (_document, "Document added."),
    "seal_check": (_seal_check, "Checklist saved."),
    "seal_award": (lambda r, p: services.seal_award(participation=p, actor=r.user), "Seal awarded."),
    "seal_renew": (lambda r, p: services.seal_award(participation=p, actor=r.user, renew=True), "Seal renewed."),
    "seal_withdraw": (_seal_withdraw, "Seal withdrawn."),
}


@require_POST
@console_view("kompass.manage_programme")
def participation_action(request, pk: int, action: str):
    participation = _participation(request, pk)
    if action not in PARTICIPATION_ACTIONS:
        return HttpResponse(status=404)
    run, done = PARTICIPATION_ACTIONS[action]
    try:
        run(request, participation)
    except services.KompassError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(done))
    return redirect("kompass_console:participation", participation.pk)


@console_view("kompass.view_programme")
def benchmark(request):
    items = selectors.benchmark_items()
    texts = dict(items)
    item = request.GET.get("item", "K_SAFE_NIGHT")
    if item not in texts:
        item = items[0][0] if items else ""
    participations = list(selectors.participations_visible_to(request.user))
    only = request.GET.get("kommune", "")
    if only.isdigit():
        participations = [p for p in participations if p.pk == int(only)]
    data = selectors.benchmark(item=item, participations=participations)
    fmt = request.GET.get("format")
    if fmt == "csv":
        response = HttpResponse(
            exports.benchmark_csv(data, texts.get(item, "")), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="kompass-{item.replace(":", "-")}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.benchmark_xlsx(data, texts.get(item, "")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="kompass-{item.replace(":", "-")}.xlsx"'
        return response
    bars = [(r.municipality, r.latest or 0, _pct(r.latest) if r.latest is not None else "–") for r in data["rows"]]
    if data["hessen"] is not None:
        bars.append((_("Hessen"), data["hessen"], _pct(data["hessen"])))
    chart = bar_chart_svg(
        chart_id="benchmark-chart",
        title=_("Favourable share, latest round: %(item)s") % {"item": texts.get(item, item)},
        description=_("Horizontal bar chart; the table below gives the same figures."),
        bars=bars[:60],
        gridlines=(0, 25, 50, 75, 100),
        track=True,
        css_class="bar-chart",
        fluid=True,
    )
    query = urlencode({"item": item, **({"kommune": only} if only.isdigit() else {})})
    return render(
        request,
        "kompass/console/benchmark.html",
        {"items": items, "item": item, "item_text": texts.get(item, ""), "chart": chart, "query": query, **data},
    )


@console_view("kompass.manage_programme")
def seal_criteria(request):
    latest = SealCriteria.objects.order_by("-version").first()
    form = CriteriaForm(request.POST or None, initial={"items": "\n".join(latest.items) if latest else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.seal_criteria_add(items=form.cleaned_data["items"].splitlines(), actor=request.user)
        except services.KompassError as exc:
            form.add_error("items", str(exc))
        else:
            messages.success(request, _("New version of the criteria saved."))
            return redirect("kompass_console:criteria")
    return render(request, "kompass/console/criteria.html", {"form": form, "versions": SealCriteria.objects.all()})
