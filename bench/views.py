from django.http import HttpResponse

from tenants.models import RegisterEntry


def one_query(request):
    """The baseline view: one small query, a tiny response."""
    return HttpResponse(f"{RegisterEntry.objects.filter(kind='kreisfreie_stadt').count()}", content_type="text/plain")
