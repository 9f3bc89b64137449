"""Who may use the state console, declared once (django-rules): active staff of the public
schema who passed the second factor (TOTP via django-otp) in this session.

Views read the names with ``rules.has_perm`` rather than ``user.has_perm``: Django's model
backend says yes to a superuser for any name, which would skip the second factor.
"""

from functools import wraps
from urllib.parse import urlencode

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import redirect
from django.urls import reverse


@rules.predicate
def is_state_account(user) -> bool:
    """Any console account of the public schema: may sign in and pass the second factor."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and connection.schema_name == "public")


@rules.predicate
def is_limited_account(user) -> bool:
    """A console account that only a feature app's own pages admit (``CONSOLE_LIMITED_GROUPS``,
    e.g. police staff who see KOMPASS for their districts and nothing else of the console)."""
    names = getattr(settings, "CONSOLE_LIMITED_GROUPS", ())
    return bool(names and user.groups.filter(name__in=names).exists())


is_state_staff = is_state_account & ~is_limited_account


@rules.predicate
def is_otp_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


is_state_staff_verified = is_state_staff & is_otp_verified
is_state_account_verified = is_state_account & is_otp_verified

CONSOLE_PERMISSIONS = (
    "tenants.use_console",  # read: overview, registrations, municipalities, audit log, charts
    "tenants.approve_registration",  # also retries a failed set-up
    "tenants.reject_registration",
    "tenants.suspend_municipality",
    "tenants.resume_municipality",
    "tenants.manage_domains",  # add, make primary, remove
    "tenants.archive_municipality",
    "tenants.delete_municipality",
    "tenants.refresh_figures",
)
for _name in CONSOLE_PERMISSIONS:
    rules.add_perm(_name, is_state_staff_verified)


def console_required(view=None, *, perm: str = "tenants.use_console"):
    """Staff only, after the second factor; ``perm`` names the declared permission the view needs.

    Anonymous visitors go to the console login, staff without a verified second factor to the
    TOTP step; anyone else gets 403. Usable bare (``@console_required``) or with ``perm=``.
    """

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

    return decorate(view) if view is not None else decorate


def require_console_perm(request, perm: str) -> None:
    """For a view that handles several actions: refuse the one the user may not do."""
    if not rules.has_perm(perm, request.user):
        raise PermissionDenied
