"""Who may use the state console: active staff of the public schema with a verified second factor."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import redirect


def is_state_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff and connection.schema_name == "public")


def console_required(view):
    """Staff only, and only after two-factor verification (TOTP via django-otp)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if connection.schema_name != "public":
            raise PermissionDenied
        user = request.user
        if not user.is_authenticated:
            return redirect(f"/konsole/anmelden/?{urlencode({'next': request.get_full_path()})}")
        if not is_state_staff(user):
            raise PermissionDenied
        if not user.is_verified():
            return redirect(f"/konsole/2fa/?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped
