"""allauth adapters: account emails go through the task queue, carrying the schema; redirects stay
on the current host; too many failed logins answer 429; the second factor names the municipality."""

import math
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.db import connection
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .naming import municipality_title


def too_many_attempts_response(request, *, minutes: int):
    """The German "too many attempts, please wait" page (HTTP 429) of every login on the platform."""
    return render(request, "429.html", {"minutes": max(1, minutes)}, status=429)


def _login_failed_minutes() -> int:
    """Minutes after which allauth's failed-login limits (e.g. "10/m/ip,5/5m/key") are free again."""
    from allauth.account import app_settings
    from allauth.core.internal.ratelimit import parse_rates

    rates = parse_rates(app_settings.RATE_LIMITS.get("login_failed"))
    return math.ceil(max((rate.duration for rate in rates), default=60) / 60)


class MunicipalityAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return connection.schema_name != "public"

    def is_safe_url(self, url):
        """After login only paths of the current host: not another municipality, not the state
        portal's console on the base domain (allauth's default admits every ALLOWED_HOSTS entry)."""
        from allauth.core import context

        request = context.request
        return bool(url) and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # allauth only raises here when the failed-login limit is reached: answer 429, so the
            # right password does not log in either until the limit has expired.
            raise ImmediateHttpResponse(too_many_attempts_response(request, minutes=_login_failed_minutes())) from None

    def format_email_subject(self, subject):
        name = municipality_title(getattr(connection, "tenant", None))
        return f"[{name}] {subject}" if name else subject

    def get_signup_redirect_url(self, request):
        """After signup (and the email confirmation that logs in): a welcome page with next steps."""
        return reverse("account_welcome")

    def get_email_verification_redirect_url(self, email_address):
        if self.request.user.is_authenticated:
            return reverse("account_welcome")
        return super().get_email_verification_redirect_url(email_address)

    def send_mail(self, template_prefix, email, context):
        from allauth.core import context as allauth_context

        from platform_core.tasks import send_email

        request = allauth_context.request
        tenant = getattr(connection, "tenant", None)
        ctx = {
            "request": request,
            "email": email,
            # Without django.contrib.sites the texts name the municipality and its host.
            "current_site": SimpleNamespace(
                name=municipality_title(tenant) or "Beteiligungsplattform Hessen",
                domain=request.get_host() if request is not None else "",
            ),
        }
        ctx.update(context)
        user = ctx.get("user")
        # Emails greet by name ("Guten Tag Anna Schmidt,"), never "Benutzer <name>".
        ctx["greeting_name"] = user.get_full_name() if user is not None and hasattr(user, "get_full_name") else ""
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            connection.schema_name, message.subject, message.body, list(message.to), html, message.from_email
        )


class MunicipalityMFAAdapter(DefaultMFAAdapter):
    """Authenticator apps and passkeys show the municipality's name, not a bare host name."""

    def _get_site_name(self) -> str:
        tenant = getattr(connection, "tenant", None)
        name = getattr(tenant, "name", "") if tenant is not None else ""
        return f"Beteiligung {name}" if name else "Beteiligungsplattform Hessen"
