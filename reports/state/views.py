"""Reporting a problem on the state portal: the place decides the municipality; the report is
written into that municipality's schema (``tenant_context``), in one transaction."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tenants.utils import tenant_context

from .forms import PlaceForm
from .routing import participating, route_point, site_url


def _route_message(route) -> dict:
    if route.kind == "not_participating":
        return {"title": _("%(name)s does not take reports through this platform") % {"name": route.name},
                "text": _("The place lies in %(name)s (%(district)s). This municipality does not take part in the "
                          "reporting service yet. Please contact the municipal administration of %(name)s directly "
                          "(town hall, public order office).") % {"name": route.name, "district": route.district or "–"}}  # fmt: skip
    if route.kind == "unknown":
        return {"title": _("We cannot assign this place yet"),
                "text": _("The place lies in Hessen, but its municipality's boundary is not loaded. Please contact "
                          "your municipality directly.")}  # fmt: skip
    return {"title": _("This place is outside Hessen"),
            "text": _("Only problems in Hessen can be reported here. Please contact the municipality where the "
                      "place lies.")}  # fmt: skip


@require_http_methods(["GET", "POST"])
def place(request):
    form = PlaceForm(request.POST or None)
    message = None
    if request.method == "POST" and form.is_valid():
        lat, lon = form.cleaned_data["lat"], form.cleaned_data["lon"]
        route = route_point(lat, lon)
        if route.accepted:
            query = urlencode({"lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "address": form.cleaned_data["address"]})
            return redirect(reverse("reports_portal:form", args=[route.ags]) + "?" + query)
        message = _route_message(route)
    from reports.views import map_context

    return render(request, "reports/portal_place.html", {"form": form, "message": message,
                  **map_context((51.0, 9.0))}, status=422 if message else 200)  # fmt: skip


@require_http_methods(["GET", "POST"])
def report_form(request, ags: str):
    """Step two, in the municipality's schema: its categories, duplicates, the report itself."""
    from reports.forms import ReportForm
    from reports.services import tenant_reverse
    from reports.views import map_context, submit

    municipality = participating(ags)
    if municipality is None:
        raise Http404
    request.portal = True
    # Work in the municipality's schema; render outside it (the page is the portal's, not the town's).
    with tenant_context(municipality):
        initial = {key: request.GET.get(key, "") for key in ("lat", "lon", "address", "category")}
        form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
        nearby, thanks = [], None
        if request.method == "POST" and form.is_valid():
            route = route_point(form.cleaned_data["lat"], form.cleaned_data["lon"])
            if route.ags != ags:
                form.add_error("address", _("This place does not lie in %(name)s. Please start again.")
                               % {"name": municipality.name})  # fmt: skip
            else:
                from reports.services import ReportError

                try:
                    with transaction.atomic():
                        report, nearby = submit(request, form=form)
                except ReportError as exc:
                    form.add_error(None, str(exc))
                else:
                    if report is not None:
                        status_url = site_url(municipality, request=request) + tenant_reverse(
                            "reports:status", report.token
                        )
                        thanks = {"report": report, "target": municipality, "status_url": status_url}
                    else:
                        form.data = form.data.copy()
                        form.data["no_duplicate"] = "1"
        for name in ("category", "subcategory"):
            form.fields[name].choices = list(form.fields[name].choices)
        form.question_views()  # the category's questions come from the municipality's schema
        site = site_url(municipality, request=request)
        for other in nearby:
            other.public_url = site + tenant_reverse("reports:detail", other.reference)
    if thanks:
        return render(request, "reports/portal_thanks.html", thanks)
    status = 400 if request.method == "POST" and form.errors else 200
    centre = (float(initial["lat"]), float(initial["lon"])) if _floats(initial) else (51.0, 9.0)
    return render(request, "reports/portal_form.html", {
        "form": form, "nearby": nearby, "target": municipality, "follow_base": site_url(municipality, request=request),
        **map_context(centre),
    }, status=status)  # fmt: skip


def _floats(initial) -> bool:
    try:
        float(initial["lat"]), float(initial["lon"])
    except (TypeError, ValueError):
        return False
    return True


def state_overview(request):
    """State staff (console permission, second factor): participation per district, Hessen-wide counts."""
    import rules
    from django.core.exceptions import PermissionDenied

    from .participation import participation

    if not request.user.is_authenticated:
        return redirect("/konsole/anmelden/?" + urlencode({"next": request.get_full_path()}))
    if not rules.has_perm("tenants.use_console", request.user):
        raise PermissionDenied
    districts, totals = participation()
    return render(request, "reports/state_overview.html", {"districts": districts, "totals": totals})
