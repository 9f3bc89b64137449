"""State portal pages (public schema) and the tenant-scoped media view."""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import render
from django.views.static import serve

from .selectors import participating_municipalities

LEGAL_PAGES = {
    "impressum": "tenants/legal/impressum.html",
    "datenschutz": "tenants/legal/datenschutz.html",
    "barrierefreiheit": "tenants/legal/barrierefreiheit.html",
}


def portal_home(request):
    """The state portal's start page: what the platform is and which municipalities take part."""
    municipalities = participating_municipalities()
    port = request.get_port()
    suffix = f":{port}" if port not in ("80", "443") else ""
    return render(
        request,
        "tenants/portal_home.html",
        {"municipalities": municipalities, "scheme": settings.PLATFORM_SCHEME, "port_suffix": suffix},
    )


def portal_legal(request, page):
    template = LEGAL_PAGES.get(page)
    if template is None:
        raise Http404
    return render(request, template)


def serve_media(request, path):
    """Serve an uploaded file from the current municipality's media folder only."""
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\x00" in path:
        raise Http404
    root = Path(default_storage.location)
    if not (root / path).is_file():
        raise Http404
    return serve(request, path, document_root=str(root))
