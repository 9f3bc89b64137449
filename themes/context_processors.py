"""Template context for every page: the current municipality, its theme, legal pages and the
listing pages of the feature apps (``platform_core.registry``) for the header navigation.

Public-schema pages (the state portal) have no Wagtail tables, so nothing here touches
Wagtail unless the request belongs to a municipality.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from platform_core.registry import registry
from tenants.services import site_base_url

SITE_CHROME_CACHE_KEY = "themes:site_chrome"


def _site_chrome():
    """Theme, menu and footer links of the current schema, cached until a page or setting changes."""
    chrome = cache.get(SITE_CHROME_CACHE_KEY)
    if chrome is not None:
        return chrome
    from wagtail.models import Site

    from cms.models import LegalPage
    from themes.models import ThemeSettings

    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    chrome = {"menu": [], "legal": {}, "theme": None, "site_name": "", "root_url": "/"}
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
        theme = ThemeSettings.objects.filter(site=site).select_related("logo").first()
        if theme is not None:
            logo_url = None
            if theme.logo_id:
                logo_url = theme.logo.get_rendition("height-80").url
            chrome["theme"] = {
                "primary_colour": theme.primary_colour,
                "logo_url": logo_url,
                "contact_line": theme.contact_line,
            }
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
        context["site_chrome"] = SimpleLazyObject(_site_chrome)
        context["app_listings"] = _app_listings(request)
    return context
