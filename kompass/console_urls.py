"""KOMPASS pages of the state console, mounted at /konsole/kompass/ (platform_core.registry)."""

from django.urls import path

from . import console_views as v

app_name = "kompass_console"

urlpatterns = [
    path("", v.home, name="home"),
    path("kommunen/<int:pk>/", v.participation_detail, name="participation"),
    path("kommunen/<int:pk>/<str:action>/", v.participation_action, name="action"),
    path("vergleich/", v.benchmark, name="benchmark"),
    path("siegel/", v.seal_criteria, name="criteria"),
]
