"""Views of the state console. Thin: they read through selectors and change through services."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenants import lifecycle
from tenants.forms import DeleteForm, DomainForm, RejectForm, SuspendForm, TokenForm
from tenants.models import AuditEvent, Domain, Municipality, MunicipalityRegistration
from tenants.registration import (
    RegistrationError,
    registration_approve,
    registration_reject,
    registrations_recover_abandoned,
)
from tenants.services import ProvisioningError, municipality_resume, municipality_suspend

from . import selectors
from .rules import console_required, is_state_staff


def _actor(request) -> str:
    return request.user.email or request.user.get_username()


def _next_url(request, default="/konsole/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    # Only a path: anything else ("a:b") would be taken for a URL name by redirect() (a 500).
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return default
    return target


# --- Sign-in with a second factor -----------------------------------------------------------


class ConsoleLoginView(LoginView):
    template_name = "tenants/console/login.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return "/konsole/"


@require_POST
def console_logout(request):
    logout(request)
    return redirect("portal_home")


def console_otp(request):
    """Second factor: enter the TOTP code; staff without a device set one up here first."""
    user = request.user
    if not user.is_authenticated:
        return redirect("/konsole/anmelden/?" + urlencode({"next": request.get_full_path()}))
    if not is_state_staff(user):
        return render(request, "tenants/console/forbidden.html", status=403)
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    device = devices.first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                from tenants.services import audit_log

                audit_log(action="staff.otp_device_confirmed", actor=_actor(request))
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Please enter the current code."))
    context = {"form": form, "setup": setup, "next": _next_url(request)}
    if setup:
        from base64 import b32encode

        context["secret"] = b32encode(device.bin_key).decode()
        context["otpauth_uri"] = device.config_url
    return render(request, "tenants/console/otp.html", context, status=400 if form.errors else 200)


# --- Overview and registrations -------------------------------------------------------------


@console_required
def console_home(request):
    queue = selectors.registration_queue()
    counts = {s: Municipality.objects.exclude(schema_name="public").filter(status=s).count() for s in Municipality.Status}
    return render(request, "tenants/console/home.html", {"queue": queue, "counts": counts})


@console_required
def registration_list(request):
    registrations_recover_abandoned()  # a dead worker's registration shows as failed, ready for retry
    return render(request, "tenants/console/registrations.html", {"queue": selectors.registration_queue()})


@console_required
def registration_detail(request, pk):
    registrations_recover_abandoned()
    registration = get_object_or_404(MunicipalityRegistration.objects.select_related("entry", "municipality"), pk=pk)
    reject_form = RejectForm(request.POST or None) if request.POST.get("action") == "reject" else RejectForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                registration_approve(registration_id=registration.pk, actor=_actor(request))
                messages.success(request, _("Approved. The site is being set up in the background."))
                return redirect("console:registration", pk=pk)
            if action == "reject" and reject_form.is_valid():
                registration_reject(registration_id=registration.pk, actor=_actor(request), reason=reject_form.cleaned_data["reason"])
                messages.success(request, _("Rejected. The applicant has been told the reason."))
                return redirect("console:registration", pk=pk)
        except RegistrationError as error:
            messages.error(request, str(error))
            return redirect("console:registration", pk=pk)
    context = {"registration": registration, "reject_form": reject_form}
    return render(request, "tenants/console/registration.html", context, status=400 if reject_form.errors else 200)


# --- Municipalities -------------------------------------------------------------------------


@console_required
def municipality_list(request):
    district = request.GET.get("district", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    items = list(selectors.municipality_list(district=district, status=status, query=query))
    context = {
        "items": items, "districts": selectors.districts(), "statuses": Municipality.Status.choices,
        "district": district, "status": status, "query": query, "as_of": selectors.stats_as_of(),
    }  # fmt: skip
    return render(request, "tenants/console/municipalities.html", context)


@console_required
@require_POST
def stats_refresh(request):
    from tenants.tasks import stats_refresh_task

    stats_refresh_task.enqueue()
    messages.success(request, _("The figures are being recounted in the background."))
    return redirect(_next_url(request, "/konsole/kommunen/"))


@console_required
def municipality_detail(request, pk):
    municipality = get_object_or_404(Municipality.objects.exclude(schema_name="public").select_related("stats"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "suspend": SuspendForm(request.POST if action == "suspend" else None),
        "domain": DomainForm(request.POST if action == "domain_add" else None),
        "delete": DeleteForm(request.POST if action == "delete" else None),
    }
    if action:
        actor = _actor(request)
        try:
            if action == "suspend" and forms["suspend"].is_valid():
                municipality_suspend(municipality=municipality, reason=forms["suspend"].cleaned_data["reason"], actor=actor)
                messages.success(request, _("The site is suspended."))
            elif action == "resume":
                municipality_resume(municipality=municipality, actor=actor)
                messages.success(request, _("The site is online again."))
            elif action == "domain_add" and forms["domain"].is_valid():
                data = forms["domain"].cleaned_data
                lifecycle.domain_add(municipality=municipality, domain=data["domain"], make_primary=data["make_primary"], actor=actor)
                messages.success(request, _("The host name has been added."))
            elif action == "domain_primary":
                domain = get_object_or_404(Domain, pk=request.POST.get("domain"), tenant=municipality)
                lifecycle.domain_make_primary(domain=domain, actor=actor)
                messages.success(request, _("The primary host name has been changed."))
            elif action == "domain_remove":
                domain = get_object_or_404(Domain, pk=request.POST.get("domain"), tenant=municipality)
                lifecycle.domain_remove(domain=domain, actor=actor)
                messages.success(request, _("The host name has been removed."))
            elif action == "archive":
                archive = lifecycle.municipality_archive(municipality=municipality, actor=actor)
                messages.success(request, _("Archived to %(file)s. The site is offline.") % {"file": archive.path})
            elif action == "delete" and forms["delete"].is_valid():
                name = lifecycle.municipality_delete(
                    municipality=municipality, confirmation=forms["delete"].cleaned_data["confirmation"], actor=actor
                )
                messages.success(request, _("%(name)s has been deleted. The archive is kept.") % {"name": name})
                return redirect("console:municipalities")
            else:
                raise ProvisioningError(_("Please correct the marked fields."))
            return redirect("console:municipality", pk=pk)
        except ProvisioningError as error:
            messages.error(request, str(error))
    domains = list(municipality.domains.order_by("-is_primary", "domain"))
    context = {
        "municipality": municipality, "domains": domains, "forms": forms,
        "stats": getattr(municipality, "stats", None), "archives": list(municipality.archives.all()),
        "events": AuditEvent.objects.filter(municipality=municipality)[:20],
        "registration": municipality.registrations.first(),
    }  # fmt: skip
    # The context processor treats a "municipality" variable as the current site; use another name.
    context["m"] = context.pop("municipality")
    return render(request, "tenants/console/municipality.html", context)


# --- Audit log --------------------------------------------------------------------------------


def _audit_filters(request) -> dict:
    return {
        "action": request.GET.get("action", ""),
        "municipality": request.GET.get("municipality", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "date_from": parse_date(request.GET.get("date_from", "") or "") if request.GET.get("date_from") else None,
        "date_to": parse_date(request.GET.get("date_to", "") or "") if request.GET.get("date_to") else None,
    }


@console_required
def audit_log(request):
    filters = _audit_filters(request)
    events = selectors.audit_events(**filters)
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": request.GET, "actions": selectors.audit_actions(), "query": query.urlencode()}
    return render(request, "tenants/console/audit.html", context)


def _audit_csv(events) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 only with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("time"), _("action"), _("by"), _("municipality"), _("details")])
    for event in events.iterator(chunk_size=2000):
        writer.writerow([
            timezone.localtime(event.created_at).isoformat(timespec="seconds"), event.action, event.actor,
            event.municipality_name, "; ".join(f"{k}={v}" for k, v in sorted(event.data.items())),
        ])  # fmt: skip
    return response


# --- Participation by district ---------------------------------------------------------------

CHART_BAR_HEIGHT = 22
CHART_LABEL_WIDTH = 250
CHART_BAR_WIDTH = 420


@console_required
def district_chart(request):
    rows = selectors.participation_by_district()
    bars = []
    for i, row in enumerate(rows):
        y = i * (CHART_BAR_HEIGHT + 6) + 30
        bars.append({
            "row": row, "y": y, "text_y": y + CHART_BAR_HEIGHT - 6,
            "width": round(CHART_BAR_WIDTH * row.share / 100, 1), "label_x": CHART_LABEL_WIDTH - 8,
            "value_x": CHART_LABEL_WIDTH + round(CHART_BAR_WIDTH * row.share / 100, 1) + 6,
        })  # fmt: skip
    total_eligible = sum(r.eligible for r in rows)
    total_part = sum(r.participating for r in rows)
    context = {
        "rows": rows, "bars": bars, "height": len(rows) * (CHART_BAR_HEIGHT + 6) + 40,
        "label_width": CHART_LABEL_WIDTH, "bar_width": CHART_BAR_WIDTH, "bar_height": CHART_BAR_HEIGHT,
        "chart_width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 70, "total_eligible": total_eligible,
        "total_participating": total_part,
        "total_share": 100.0 * total_part / total_eligible if total_eligible else 0.0,
        "gridlines": [{"x": CHART_LABEL_WIDTH + CHART_BAR_WIDTH * p // 100, "label": p} for p in (0, 25, 50, 75, 100)],
    }  # fmt: skip
    return render(request, "tenants/console/districts.html", context)
