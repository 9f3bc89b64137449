"""A second factor for everyone who may enter a municipality's Wagtail admin.

allauth's login asks for the code of any account that has an authenticator (TOTP app, passkey or
security key). This middleware makes one compulsory for staff: a user with
``wagtailadmin.access_admin`` (municipal admins and editors) who opens /cms/ without an activated
authenticator is sent to the TOTP activation page, which explains why. Since /cms/login/ leads to
allauth's login, no session reaches /cms/ past the second factor once it is set up.
"""

from django.conf import settings
from django.db import connection
from django.shortcuts import redirect

CMS_PREFIX = "/cms/"
CMS_LOGOUT = "/cms/logout/"
# Session key: where a member of staff wanted to go before being sent to set up the second factor.
NEXT_SESSION_KEY = "staff_mfa_next"


def staff_needs_second_factor(user) -> bool:
    """True for a user who may enter the Wagtail admin but has no TOTP app and no passkey yet."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return (
        user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and not is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
    )


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PLATFORM_STAFF_MFA_REQUIRED
            and request.path.startswith(CMS_PREFIX)
            and request.path != CMS_LOGOUT
            and connection.schema_name != "public"
            and staff_needs_second_factor(request.user)
        ):
            if request.method == "GET":
                request.session[NEXT_SESSION_KEY] = request.get_full_path()
            return redirect("mfa_activate_totp")
        return self.get_response(request)
