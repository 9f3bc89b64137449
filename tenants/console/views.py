"""Views of the state console. Thin: they read through selectors and change through services."""

from __future__ import annotations

import csv
import hashlib
import math
import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_core import audit
from platform_core.registry import registry
from platform_core.spreadsheets import safe_row
from tenants import lifecycle
from tenants.forms import DeleteForm, DomainForm, RejectForm, SuspendForm, TokenForm
from tenants.models import Domain, Municipality, MunicipalityRegistration
from tenants.registration import (
    RegistrationError,
    registration_approve,
    registration_reject,
    registrations_recover_abandoned,
)
from tenants.services import ProvisioningError, municipality_resume, municipality_suspend
from themes.charts import bar_chart_svg

from . import selectors
from .rules import console_required, is_state_account, require_console_perm


def _actor(request):
    """The signed-in staff member, recorded in the audit log with id, email and kind."""
    return request.user


def _next_url(request, default="/konsole/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    # Only a path: anything else ("a:b") would be taken for a URL name by redirect() (a 500).
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return target


# --- Sign-in with a second factor -----------------------------------------------------------

# Failed password attempts allowed before the console's login refuses (HTTP 429) for a while:
# (what is counted, attempts, window in seconds). Counted in the shared cache, so the limit holds
# across worker processes when the cache is shared (Redis / database cache in production).
CONSOLE_LOGIN_LIMITS = (("ip", 10, 15 * 60), ("account", 5, 15 * 60))


def _login_limit_keys(request, username: str) -> list[tuple[str, int, int]]:
    from allauth.account.adapter import get_adapter

    ip = get_adapter(request).get_client_ip(request)
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    sources = {"ip": ip, "account": account}
    return [(f"console-login:{kind}:{sources[kind]}", amount, window) for kind, amount, window in CONSOLE_LOGIN_LIMITS]


def _recent_failures(key: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - window]


def _login_wait_seconds(keys) -> float:
    """0 if a password may be tried now, else the seconds until the oldest counted failure expires."""
    now = time.time()
    wait = 0.0
    for key, amount, window in keys:
        failures = _recent_failures(key, window, now)
        if len(failures) >= amount:
            wait = max(wait, failures[-amount] + window - now)
    return wait


def _login_failure_record(keys) -> None:
    now = time.time()
    for key, _amount, window in keys:
        cache.set(key, [*_recent_failures(key, window, now), now], window)


def _too_many_attempts(request, template: str, seconds: float, context: dict):
    minutes = math.ceil(seconds / 60)
    if seconds < 60:
        message = ngettext(
            "Too many failed attempts. Please wait %(n)s second and try again.",
            "Too many failed attempts. Please wait %(n)s seconds and try again.",
            math.ceil(seconds),
        ) % {"n": math.ceil(seconds)}
    else:
        message = ngettext(
            "Too many failed attempts. Please wait %(n)s minute and try again.",
            "Too many failed attempts. Please wait %(n)s minutes and try again.",
            minutes,
        ) % {"n": minutes}
    return render(request, template, {**context, "throttled": message}, status=429)


class ConsoleLoginView(LoginView):
    """Password step. Failed attempts are limited per IP address and per account."""

    template_name = "tenants/console/login.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return "/konsole/"

    def post(self, request, *args, **kwargs):
        self.limit_keys = _login_limit_keys(request, request.POST.get("username", ""))
        wait = _login_wait_seconds(self.limit_keys)
        if wait:
            # Refused before the password is checked: the right one does not help either.
            form = self.get_form_class()(request)  # unbound: the password is not even checked
            return _too_many_attempts(request, self.template_name, wait, self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _login_failure_record(self.limit_keys)
        return super().form_invalid(form)


@require_POST
def console_logout(request):
    logout(request)
    return redirect("portal_home")


def console_otp(request):
    """Second factor: enter the TOTP code; staff without a device set one up here first."""
    user = request.user
    if not user.is_authenticated:
        return redirect("/konsole/anmelden/?" + urlencode({"next": request.get_full_path()}))
    if not is_state_account(user):
        return render(request, "tenants/console/forbidden.html", status=403)
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    device = devices.first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    form = TokenForm(request.POST or None)
    context = {"form": form, "setup": setup, "next": _next_url(request)}
    if setup:
        from base64 import b32encode

        context["secret"] = b32encode(device.bin_key).decode()
        context["otpauth_uri"] = device.config_url
    if request.method == "POST" and form.is_valid():
        allowed, throttle = device.verify_is_allowed()
        if not allowed:
            # django-otp's back-off after wrong codes: say so, instead of "code wrong".
            seconds = (
                (throttle["locked_until"] - timezone.now()).total_seconds() if throttle.get("locked_until") else 60
            )
            return _too_many_attempts(request, "tenants/console/otp.html", max(seconds, 1), context)
        if device.verify_token(form.cleaned_data["token"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.log("staff.otp_device_confirmed", actor=request.user)
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Please enter the current code."))
    return render(request, "tenants/console/otp.html", context, status=400 if form.errors else 200)


# --- Overview and registrations -------------------------------------------------------------

# Which declared permission (tenants/console/rules.py) each POSTed action needs.
REGISTRATION_ACTION_PERMS = {
    "approve": "tenants.approve_registration",
    "reject": "tenants.reject_registration",
    "mark_abandoned": "tenants.approve_registration",
}
MUNICIPALITY_ACTION_PERMS = {
    "suspend": "tenants.suspend_municipality",
    "resume": "tenants.resume_municipality",
    "domain_add": "tenants.manage_domains",
    "domain_primary": "tenants.manage_domains",
    "domain_remove": "tenants.manage_domains",
    "archive": "tenants.archive_municipality",
    "delete": "tenants.delete_municipality",
}


@console_required
def console_home(request):
    queue = selectors.registration_queue()
    counts = {
        s: Municipality.objects.exclude(schema_name="public").filter(status=s).count() for s in Municipality.Status
    }
    return render(request, "tenants/console/home.html", {"queue": queue, "counts": counts})


@console_required
def registration_list(request):
    queue = selectors.registration_queue()
    abandoned = selectors.abandoned_registration_ids()  # read only; marking failed is a POST
    for registration in queue["provisioning"]:
        registration.abandoned = registration.pk in abandoned
    return render(request, "tenants/console/registrations.html", {"queue": queue})


@console_required
def registration_detail(request, pk):
    registration = get_object_or_404(MunicipalityRegistration.objects.select_related("entry", "municipality"), pk=pk)
    reject_form = RejectForm(request.POST or None) if request.POST.get("action") == "reject" else RejectForm()
    if request.method == "POST":
        action = request.POST.get("action")
        require_console_perm(request, REGISTRATION_ACTION_PERMS.get(action, "tenants.use_console"))
        try:
            if action == "mark_abandoned":
                if registrations_recover_abandoned():
                    messages.success(request, _("The set-up is marked as failed. You can start it again."))
                else:
                    messages.info(request, _("The set-up is still running or has already finished."))
                return redirect("console:registration", pk=pk)
            if action == "approve":
                registration_approve(registration_id=registration.pk, actor=_actor(request))
                messages.success(request, _("Approved. The site is being set up in the background."))
                return redirect("console:registration", pk=pk)
            if action == "reject" and reject_form.is_valid():
                registration_reject(
                    registration_id=registration.pk, actor=_actor(request), reason=reject_form.cleaned_data["reason"]
                )
                messages.success(request, _("Rejected. The applicant has been told the reason."))
                return redirect("console:registration", pk=pk)
        except RegistrationError as error:
            messages.error(request, str(error))
            return redirect("console:registration", pk=pk)
    registration.abandoned = registration.pk in selectors.abandoned_registration_ids()
    context = {"registration": registration, "reject_form": reject_form}
    return render(request, "tenants/console/registration.html", context, status=400 if reject_form.errors else 200)


# --- Municipalities -------------------------------------------------------------------------


@console_required
def municipality_list(request):
    district = request.GET.get("district", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    items = list(selectors.municipality_list(district=district, status=status, query=query))
    figures = registry.figures()
    for m in items:
        m.figure_values = selectors.figure_values(getattr(m, "stats", None), figures)
    context = {
        "items": items,
        "figures": figures,
        "districts": selectors.districts(),
        "statuses": Municipality.Status.choices,
        "district": district,
        "status": status,
        "query": query,
        "as_of": selectors.stats_as_of(),
    }
    return render(request, "tenants/console/municipalities.html", context)


@console_required(perm="tenants.refresh_figures")
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
        require_console_perm(request, MUNICIPALITY_ACTION_PERMS.get(action, "tenants.use_console"))
        actor = _actor(request)
        try:
            if action == "suspend" and forms["suspend"].is_valid():
                municipality_suspend(
                    municipality=municipality, reason=forms["suspend"].cleaned_data["reason"], actor=actor
                )
                messages.success(request, _("The site is suspended."))
            elif action == "resume":
                municipality_resume(municipality=municipality, actor=actor)
                messages.success(request, _("The site is online again."))
            elif action == "domain_add" and forms["domain"].is_valid():
                data = forms["domain"].cleaned_data
                lifecycle.domain_add(
                    municipality=municipality, domain=data["domain"], make_primary=data["make_primary"], actor=actor
                )
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
        "municipality": municipality,
        "domains": domains,
        "forms": forms,
        "stats": getattr(municipality, "stats", None),
        "archives": list(municipality.archives.all()),
        "figures": list(
            zip(
                registry.figures(),
                selectors.figure_values(getattr(municipality, "stats", None), registry.figures()),
                strict=True,
            )
        ),
        "audit_entries": selectors.audit_entries_of(municipality)[:20],
        "registration": municipality.registrations.first(),
    }
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
    entries = selectors.audit_entries(**filters)
    if request.GET.get("format") == "csv":
        return _audit_csv(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": request.GET, "actions": selectors.audit_actions(), "query": query.urlencode()}
    return render(request, "tenants/console/audit.html", context)


def _audit_csv(entries) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 only with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("time"),
            _("action"),
            _("by"),
            _("kind of actor"),
            _("municipality"),
            _("municipality key (AGS)"),
            _("object"),
            _("details"),
        ]
    )
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(
            safe_row(
                [
                    timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                    entry.action,
                    entry.actor_label,
                    entry.get_actor_kind_display(),
                    entry.municipality_name,
                    entry.municipality_ags,
                    entry.target_label,
                    entry.details,
                ]
            )
        )
    return response


# --- Participation by district ---------------------------------------------------------------


@console_required
def district_chart(request):
    rows = selectors.participation_by_district()
    total_eligible = sum(r.eligible for r in rows)
    total_part = sum(r.participating for r in rows)
    chart = bar_chart_svg(
        chart_id="chart",
        title=_("Share of municipalities taking part, per district"),
        description=_("Horizontal bar chart; the table below gives the same figures."),
        bars=[(r.district, r.share, f"{r.participating}/{r.eligible}") for r in rows],
        label_width=250,
        bar_width=420,
        gridlines=(0, 25, 50, 75, 100),
        track=True,
        css_class="bar-chart",
        fluid=True,
    )
    context = {
        "rows": rows,
        "chart": chart,
        "total_eligible": total_eligible,
        "total_participating": total_part,
        "total_share": 100.0 * total_part / total_eligible if total_eligible else 0.0,
    }
    return render(request, "tenants/console/districts.html", context)
