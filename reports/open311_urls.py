"""/open311/v2/ on municipalities' sites and the state portal (the views tell them apart by schema)."""

from django.urls import path

from . import open311 as v

app_name = "open311"

urlpatterns = [
    path("discovery.<str:fmt>", v.discovery, name="discovery"),
    path("discovery", v.discovery),
    path("services.<str:fmt>", v.services_list, name="services"),
    path("requests.<str:fmt>", v.requests_view, name="requests"),
    path("requests/<str:reference>.<str:fmt>", v.request_detail, name="request"),
]
