from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from wagtail.models import Page, Site

from platform_core.registry import registry


def search(request):
    """Full-text search over this municipality's live pages (its own search index), with what
    the feature apps find for the query (surveys, events, ...) listed above the pages."""
    # PostgreSQL cannot take a NUL character in a text parameter.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = []
    items = []
    if query:
        items = registry.search(query)
        item_urls = {item.url for item in items}
        # An event page found by both searches is listed once, as an item with its dates.
        results = [p for p in Page.objects.live().public().specific().search(query)[:50] if p.url not in item_urls]
    page = Paginator(results, 20).get_page(request.GET.get("seite"))
    return render(
        request,
        "cms/search.html",
        {"query": query, "results": page, "items": items, "total": len(items) + len(results)},
    )


@login_required(login_url="/cms/login/")
def pages_start(request):
    """The admin's page list starts at the home page; Wagtail's root above it only holds the site."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return redirect(reverse("wagtailadmin_explore", args=[Page.get_first_root_node().pk]))
    return redirect(reverse("wagtailadmin_explore", args=[site.root_page_id]))


def installation_setting(request, section):
    """Sites, locales, workflows, collections and redirects belong to the platform, not to a
    municipality: its domains are managed in the state console. Clerks (also the municipality's
    first administrator) get a plain refusal instead of Wagtail's installation screens."""
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied
