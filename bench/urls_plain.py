from django.urls import path

from bench.views import one_query

urlpatterns = [path("bench/one-query/", one_query)]
