from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .context_processors import site_chrome


@require_GET
def theme_css(request):
    """This municipality's theme stylesheet. Cached for a year when asked for by its current
    version (the link in every page carries it), briefly otherwise."""
    chrome = site_chrome()
    response = HttpResponse(chrome["theme_css"], content_type="text/css; charset=utf-8")
    if request.GET.get("v") == chrome["theme_version"]:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=60"
    return response
