"""Requests that no browser sends get a 4xx answer, not a 500.

PostgreSQL refuses a NUL character in any text parameter, so a NUL in the path or the query
string would end as a 500 in whichever view first queries with it (a page slug, a key, a
search). No real address contains one. A cookie with a NUL (a forged session key) is dropped.
"""

import logging
import re
import sysconfig
import traceback
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

logger = logging.getLogger("platform.requests")
# Django's message when a lookup gets a value its field cannot take ("Field 'id' expected a number").
FIELD_VALUE_ERROR = re.compile(r"^Field '[^']+' expected ")
# Staff-only admin areas of third-party apps (Wagtail, the Django admin) whose views trust their
# own forms: a forged request (a missing field, a `next` that is no URL, an operation on the root
# page) raises inside the package. There it is the request that is wrong, so it gets a 400.
ADMIN_PREFIXES = ("/cms/", "/admin/")
THIRD_PARTY_ERRORS = (AttributeError, IndexError, KeyError, TypeError, ValueError, NoReverseMatch)
SITE_PACKAGES = str(Path(sysconfig.get_paths()["purelib"]).resolve())


def _raised_in_third_party_code(exception) -> bool:
    frames = traceback.extract_tb(exception.__traceback__)
    return bool(frames) and str(Path(frames[-1].filename).resolve()).startswith(SITE_PACKAGES)


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())


class RequestGuardMiddleware:
    """NUL in path or query: 400; a cookie with NUL is ignored.

    Its ``process_exception`` is the safety net for views of Wagtail, django-otp and the Django
    admin that look up an id straight from the request: a missing object is a 404 and a value the
    field cannot take (``/chooser/chosen/x/``, ``?id=abc``, a bad UUID) a 400, not a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest(
                _("The address contains characters that are not allowed."), content_type="text/plain; charset=utf-8"
            )
        for name in [n for n, v in request.COOKIES.items() if "\x00" in n or "\x00" in v]:
            del request.COOKIES[name]
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ObjectDoesNotExist):
            logger.warning("lookup of a missing object: %s %s", request.method, request.path)
            raise Http404 from exception
        if isinstance(exception, ValidationError) or (
            isinstance(exception, ValueError) and FIELD_VALUE_ERROR.match(str(exception))
        ):
            logger.warning("lookup with a malformed value: %s %s", request.method, request.path)
            return HttpResponseBadRequest(
                _("The request contains a value that is not valid."), content_type="text/plain; charset=utf-8"
            )
        if (
            request.path_info.startswith(ADMIN_PREFIXES)
            and isinstance(exception, THIRD_PARTY_ERRORS)
            and _raised_in_third_party_code(exception)
        ):
            logger.error(
                "third-party admin view failed on a malformed request: %s %s",
                request.method,
                request.path,
                exc_info=exception,
            )
            return HttpResponseBadRequest(
                _("The request contains a value that is not valid."), content_type="text/plain; charset=utf-8"
            )
        return None
