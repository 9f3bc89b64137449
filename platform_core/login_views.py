"""One login per municipality: Wagtail's own login and password reset send people to allauth's,
which holds the rate limits, email verification and the second factor."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tenants.adapters import _login_failed_minutes, too_many_attempts_response


def _same_host_next(request, default: str) -> str:
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def cms_login(request):
    """/cms/login/ -> /konto/login/?next=<same-host next, default /cms/>."""
    return redirect(reverse("account_login") + "?" + urlencode({"next": _same_host_next(request, "/cms/")}))


def cms_password_reset(request, *args, **kwargs):
    """Wagtail's reset emails linked to the state portal's host; allauth's use the municipality's."""
    return redirect("account_reset_password")


def rate_limited(request, exception=None):
    """allauth's 429 answer (e.g. too many login posts from one address) in German, in the site's look."""
    return too_many_attempts_response(request, minutes=_login_failed_minutes())
