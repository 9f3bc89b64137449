"""Content-Security-Policy for every answer, and safe headers for files from storage.

Pages get ``CONTENT_SECURITY_POLICY`` (scripts only from our own origin, no plugins, no foreign
frames or form targets); the one inline ``<style>`` of the theme carries the request's nonce
(``request.csp_nonce``). The Wagtail admin (``/cms/``) needs more: its templates set inline
styles, and its date/time widgets and inline panels (the "go live" date of every page editor)
are inline ``<script>`` elements whose text differs per field, so neither a hash nor our nonce
can cover them. There, and only there, scripts and styles may also be inline; foreign hosts,
plugins, ``<base>`` and foreign form targets stay forbidden. Files (media, documents, exports)
get ``default-src 'none'; sandbox``: even an HTML file that slipped through cannot run.
"""

from __future__ import annotations

import secrets
import urllib.parse

import filetype
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse

DOWNLOAD_CSP = "default-src 'none'; sandbox"
# Types a browser would render as a document with scripts; files of these types go out as bytes.
ACTIVE_TYPES = ("text/html", "image/svg", "application/xhtml", "text/xml", "application/xml")
RASTER_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}


def raster_image_type(head: bytes) -> str | None:
    """The MIME type if ``head`` (the first bytes of a file) is a JPEG, PNG, GIF or WebP image."""
    kind = filetype.guess(head)
    return RASTER_TYPES.get(kind.extension) if kind else None


def harden_download(response, *, filename: str, inline_type: str | None = None):
    """Headers for a file from storage: no sniffing, no scripts, a download unless a raster image.

    ``inline_type`` is the verified MIME type of a raster image, which may be shown in a page.
    """
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    if inline_type:
        response["Content-Type"] = inline_type
        if response.has_header("Content-Disposition"):
            del response["Content-Disposition"]
    else:
        quoted = urllib.parse.quote(filename)
        response["Content-Disposition"] = f"attachment; filename=\"{quoted}\"; filename*=UTF-8''{quoted}"
        _neutralise_type(response)
    return response


def _neutralise_type(response) -> None:
    if response.get("Content-Type", "").lower().startswith(ACTIVE_TYPES):
        response["Content-Type"] = "application/octet-stream"


def tile_host_source(tile_url: str) -> str | None:
    """``https://{s}.tile.example/{z}/{x}/{y}.png`` -> ``https://*.tile.example`` for img-src."""
    if not tile_url:
        return None
    parts = urllib.parse.urlsplit(tile_url.replace("{s}", "*"))
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def build_policy(directives: dict[str, list[str]], *, nonce: str | None = None, admin: bool = False) -> str:
    parts = []
    for name, sources in directives.items():
        sources = list(sources)
        if name == "img-src":
            tile = tile_host_source(getattr(settings, "SURVEYS_MAP_TILE_URL", ""))
            if tile:
                sources.append(tile)
        if name == "script-src" and admin:
            sources.append("'unsafe-inline'")
        if name == "style-src":
            # A nonce makes browsers ignore 'unsafe-inline', so it is one or the other.
            if admin:
                sources.append("'unsafe-inline'")
            elif nonce:
                sources.append(f"'nonce-{nonce}'")
        parts.append(" ".join([name, *sources]))
    return "; ".join(parts)


def _is_file(response) -> bool:
    return isinstance(response, (FileResponse, StreamingHttpResponse)) or response.get(
        "Content-Disposition", ""
    ).startswith("attachment")


class ContentSecurityPolicyMiddleware:
    """Adds the page policy to every answer that has none, the download policy to files."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.directives = settings.CONTENT_SECURITY_POLICY
        self.static_prefix = settings.STATIC_URL or "/static/"
        self.admin_prefixes = tuple(getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PATHS", ("/cms/",)))

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if _is_file(response) and not request.path.startswith(self.static_prefix):
            response["Content-Security-Policy"] = DOWNLOAD_CSP
            response["X-Content-Type-Options"] = "nosniff"
            _neutralise_type(response)
        elif not response.has_header("Content-Security-Policy"):
            response["Content-Security-Policy"] = build_policy(
                self.directives, nonce=request.csp_nonce, admin=request.path.startswith(self.admin_prefixes)
            )
        return response
