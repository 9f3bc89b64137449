"""Template context for every page: the current municipality, its theme, legal pages and the
listing pages of the feature apps (``platform_core.registry``) for the header navigation.

Public-schema pages (the state portal) have no Wagtail tables, so nothing here touches
Wagtail unless the request belongs to a municipality.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from platform_core.registry import registry
from tenants.services import site_base_url

from .theme_css import DEFAULTS, css_version, theme_css

SITE_CHROME_CACHE_KEY = "themes:site_chrome"
logger = logging.getLogger(__name__)


def _link(block_value, root) -> dict | None:
    page = block_value.get("page")
    if page is not None:
        if not page.live:
            return None
        url = page.url_path[len(root.url_path) - 1 :] if page.url_path.startswith(root.url_path) else page.url
        return {"title": block_value["label"], "url": url, "external": False}
    return {"title": block_value["label"], "url": block_value.get("url"), "external": True}


def _rendition_url(image, spec: str) -> str | None:
    """The image's rendition, or None if its file is gone: a lost logo must not break every page."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec).url
    except Exception:  # noqa: BLE001 - SourceImageIOError, a broken file, a storage hiccup
        logger.exception("theme image %s has no usable file", image.pk)
        return None


def site_chrome() -> dict:
    """Theme, menu and footer links of the current schema, cached until a page or setting changes."""
    chrome = cache.get(SITE_CHROME_CACHE_KEY)
    if chrome is not None:
        return chrome
    from wagtail.models import Site

    from cms.models import LegalPage
    from themes.models import ThemeSettings

    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    chrome = {
        "menu": [],
        "legal": {},
        "theme": {},
        "site_name": "",
        "root_url": "/",
        "header_links": [],
        "footer_links": [],
        "participation_page_id": None,
    }
    values = dict(DEFAULTS)
    if site is not None:
        root = site.root_page
        chrome["site_name"] = site.site_name or root.title
        chrome["menu"] = [
            {"title": p.title, "url": p.url_path[len(root.url_path) - 1 :]}
            for p in root.get_children().live().public().in_menu().only("title", "url_path")
        ]
        chrome["legal"] = {
            p.kind: p.url_path[len(root.url_path) - 1 :]
            for p in LegalPage.objects.child_of(root).live().only("kind", "url_path")
        }
        theme = ThemeSettings.objects.filter(site=site).select_related("logo", "hero_image").first()
        if theme is not None:
            values = {key: getattr(theme, key) for key in DEFAULTS}
            chrome["theme"] = {
                "primary_colour": theme.primary_colour,
                "logo_url": _rendition_url(theme.logo, "height-96"),
                "logo_alt": theme.logo_alt,
                "hero_url": _rendition_url(theme.hero_image, "fill-1600x500-c50"),
                "hero_alt": theme.hero_alt,
                "contact_line": theme.contact_line,
            }
            for field in ("header_links", "footer_links"):
                links = (_link(block.value, root) for block in getattr(theme, field))
                chrome[field] = [link for link in links if link]
            chrome["participation_page_id"] = theme.participation_page_id
        if chrome["participation_page_id"] is None:
            chrome["participation_page_id"] = (
                root.get_children().filter(slug="beteiligung").values_list("pk", flat=True).first()
            )
    chrome["theme_css"] = theme_css(**values)
    chrome["theme_version"] = css_version(chrome["theme_css"])
    cache.set(SITE_CHROME_CACHE_KEY, chrome, 300)
    return chrome


def clear_site_chrome(**kwargs):
    cache.delete(SITE_CHROME_CACHE_KEY)


def _app_listings(request) -> list[dict]:
    """Each app's public listing page (e.g. Surveys → /umfragen/), in the registered order."""
    return [
        {"title": item.label, "url": url, "current": request.path.startswith(url)}
        for item in registry.listings()
        for url in [reverse(item.url_name)]
    ]


def platform(request):
    tenant = getattr(request, "tenant", None)
    in_municipality = tenant is not None and connection.schema_name != "public"
    context = {
        "municipality": tenant if in_municipality else None,
        "platform_base_domain": settings.PLATFORM_BASE_DOMAIN,
        "state_portal_url": site_base_url(settings.PLATFORM_BASE_DOMAIN, request=request),
    }
    if in_municipality:
        context["site_chrome"] = SimpleLazyObject(site_chrome)
        context["app_listings"] = _app_listings(request)
    return context
