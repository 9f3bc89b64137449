"""Requests that no browser sends are answered 400 before they reach a view.

PostgreSQL refuses a NUL character in any text parameter, so a NUL in the path or the query
string would end as a 500 in whichever view first queries with it (a page slug, a key, a
search). No real address contains one. A cookie with a NUL (a forged session key) is dropped.
"""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())


class RejectNulBytesMiddleware:
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
