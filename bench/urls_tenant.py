from django.urls import include, path

from bench.views import one_query

urlpatterns = [path("bench/one-query/", one_query), path("", include("platform_core.urls_tenants"))]
