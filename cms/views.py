from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page


def search(request):
    """Full-text search over this municipality's live pages (its own search index)."""
    # PostgreSQL cannot take a NUL character in a text parameter.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = []
    if query:
        results = list(Page.objects.live().public().specific().search(query)[:50])
    page = Paginator(results, 20).get_page(request.GET.get("seite"))
    return render(request, "cms/search.html", {"query": query, "results": page})
